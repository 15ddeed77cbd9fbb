// Parse + cross-entropy end to end on the 1e6 × 21 predictions CSV (label + 20 probability
// columns): the CLI's `cross-entropy` command from disk to mean log loss, against
// pandas.read_csv + sklearn.metrics.log_loss timed inside Python on the same file.
import { join } from 'node:path';
import type { Context } from '../context';
import { pythonSkipNote } from '../context';
import { parseAndCrossEntropy } from '../ours';
import type { ParseCeBreakdown } from '../ours';
import { fixed, percent, ratio, seconds } from '../report';
import { collectGarbage, cpuSecondsSince, summarize } from '../stats';

export async function runParseCe(context: Context): Promise<void> {
  const file = context.data.predictions;
  context.log(`parse + CE: ${file.path}`);
  const runs: ParseCeBreakdown[] = [];
  const cpu: number[] = [];
  let spent = 0;
  for (let run = 0; run < context.options.runs && (run === 0 || spent < context.options.budgetSeconds); run++) {
    collectGarbage();
    const cpuStarted = process.cpuUsage();
    const breakdown = await parseAndCrossEntropy(
      file.path,
      file.columns.filter((name) => name !== 'label'),
      join(context.repoDir, 'dist', 'worker.js'),
    );
    cpu.push(cpuSecondsSince(cpuStarted));
    runs.push(breakdown);
    spent += breakdown.total;
  }
  const oursCpu = summarize(cpu).median;
  context.wallPerCpu.push(summarize(runs.map((b) => b.total)).median / oursCpu);
  const part = (pick: (b: ParseCeBreakdown) => number): number => summarize(runs.map(pick)).median;
  const total = summarize(runs.map((b) => b.total));
  const ours = runs[runs.length - 1] as ParseCeBreakdown;
  const rows: string[][] = [
    [
      'Entropy Lens CLI cross-entropy (readTableFileInParts + columns + scoreModel + report)',
      seconds(total.median),
      percent(total.spread),
      seconds(oursCpu),
      String(total.runs),
      `readTableFile ${seconds(part((b) => b.readTableFile))}, columns ${seconds(part((b) => b.columns))}, score ${seconds(part((b) => b.score))}, report ${seconds(part((b) => b.report))}`,
      fixed(ours.meanNats, 9),
      '1.00×',
    ],
  ];
  const notes: string[] = [];
  const skip = pythonSkipNote(context);
  let pandasMedian = NaN;
  let pandasCpu = NaN;
  if (skip) {
    rows.push(['pandas.read_csv + sklearn log_loss', 'skipped', '', '', '', '', '', '']);
    notes.push(skip);
  } else {
    context.log('  pandas + sklearn …');
    const py = context.python.parseCe(file.path, Math.max(1, runs.length));
    const s = summarize(py.total_s);
    pandasMedian = s.median;
    pandasCpu = summarize(py.total_cpu_s).median;
    rows.push([
      'pandas.read_csv + sklearn.metrics.log_loss',
      seconds(s.median),
      percent(s.spread),
      seconds(pandasCpu),
      String(s.runs),
      `read_csv ${seconds(summarize(py.read_s).median)}, log_loss ${seconds(summarize(py.log_loss_s).median)}`,
      fixed(py.mean_log_loss, 9),
      ratio(s.median, total.median),
    ]);
    const difference = Math.abs(py.mean_log_loss - ours.meanNats) / py.mean_log_loss;
    notes.push(`Mean log loss agrees with scikit-learn to a relative ${difference.toExponential(1)}.`);
  }
  context.tables.push({
    title: `Parse + cross-entropy end to end: ${file.rows} rows × ${file.columns.length} columns (${fixed(file.bytes / 1e6, 1)} MB)`,
    intro:
      'From the file on disk (page cache warm for both) to the mean log loss in nats. Ours is the product path: the steps of `entropy-lens cross-entropy FILE --label label --prob p0,…,p19` (src/cli), in process. The file is read on two threads as the CLI reads it (dist/worker.js scans the records after a line break near 45 % of the file while this thread scans those before it), so CPU time exceeds wall time; besides the loss it checks every probability and row sum and computes p(true), Brier and error rate. Python is timed inside Python (interpreter start and imports excluded).',
    headers: ['pipeline', 'median', 'spread', 'cpu', 'runs', 'breakdown (medians)', 'mean log loss (nats)', 'peer/ours'],
    rows,
    notes,
  });
  context.targets.push({
    target: 'Parse + CE of the 1e6×21 CSV ≤ 1.0× pandas.read_csv + log_loss',
    measured: Number.isFinite(pandasMedian)
      ? `ours ${seconds(total.median)} vs pandas ${seconds(pandasMedian)} (ours/pandas ${fixed(total.median / pandasMedian, 2)}×; CPU time ${fixed(oursCpu / pandasCpu, 2)}×)${context.options.quick ? ' [quick sizes]' : ''}`
      : `ours ${seconds(total.median)}; pandas not available`,
    met: Number.isFinite(pandasMedian) ? total.median <= pandasMedian : undefined,
    metCpu: Number.isFinite(pandasCpu) ? oursCpu <= pandasCpu : undefined,
  });
}
