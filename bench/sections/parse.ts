// Parse throughput from a string in memory: our reader (table + every cell as a number) against
// papaparse, csv-parse and udsv on the same predictions file.
import { readFileSync } from 'node:fs';
import type { Context } from '../context';
import { parseAllNumbers, readStructure } from '../ours';
import { PEER_PARSERS } from '../parsePeers';
import type { ParseCheck } from '../parsePeers';
import { fixed, percent, ratio, seconds } from '../report';
import { summarize, timeRuns } from '../stats';

export function runParse(context: Context): void {
  const file = context.data.predictions;
  const text = readFileSync(file.path, 'utf8');
  const mb = file.bytes / 1e6;
  const repeat = { runs: context.options.runs, budgetSeconds: context.options.budgetSeconds };
  const rows: string[][] = [];
  const notes: string[] = [];
  context.log(`parse: ${file.path}`);

  const ours = timeRuns(() => parseAllNumbers(text), repeat);
  const oursSummary = summarize(ours.seconds);
  context.wallPerCpu.push(oursSummary.median / summarize(ours.cpuSeconds).median);
  const structure = timeRuns(() => readStructure(text).rowCount, repeat);
  const structureSummary = summarize(structure.seconds);
  const line = (name: string, s: ReturnType<typeof summarize>, check: ParseCheck | undefined, cpu: number[]): string[] => [
    name,
    seconds(s.median),
    percent(s.spread),
    seconds(summarize(cpu).median),
    String(s.runs),
    fixed(mb / s.median, 1),
    `${fixed(file.rows / s.median / 1e6, 2)} M`,
    name.startsWith('Entropy Lens') ? '1.00×' : ratio(s.median, oursSummary.median),
    check ? fixed(check.lastColumnSum, 4) : '',
  ];
  rows.push(line('Entropy Lens readTable + matrix(all)', oursSummary, ours.result, ours.cpuSeconds));
  rows.push([...line('Entropy Lens readTable alone (scan + numbers + index, no matrix copy)', structureSummary, undefined, structure.cpuSeconds).slice(0, 7), '(part of the above)', '']);

  for (const peer of PEER_PARSERS) {
    context.log(`  ${peer.name} …`);
    try {
      const run = timeRuns(() => peer.parse(text), repeat);
      const s = summarize(run.seconds);
      rows.push(line(peer.name, s, run.result, run.cpuSeconds));
      if (run.result.rows !== ours.result.rows) notes.push(`${peer.name} produced ${run.result.rows} rows, ours ${ours.result.rows}.`);
      notes.push(`${peer.name}: ${peer.settings}.`);
    } catch (error) {
      rows.push([peer.name, 'failed', '', '', '', '', '', '', '']);
      notes.push(`${peer.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  context.tables.push({
    title: `Parse throughput: ${file.rows} rows × ${file.columns.length} columns, ${fixed(mb, 1)} MB, string in memory → numbers`,
    intro:
      'Each parser gets the whole file as one string (read from disk untimed) and must produce every cell as a number. ' +
      '"check" is the sum of the last column, identical when all parsers read the same values.',
    headers: ['parser', 'median', 'spread', 'cpu', 'runs', 'MB/s', 'rows/s', 'peer/ours', 'check'],
    rows,
    notes,
  });
}
