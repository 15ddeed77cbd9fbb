// Whole processes side by side with DuckDB (read_csv + one SQL aggregate, two threads): the CLI's
// `cross-entropy` as a user runs it, the streaming road (Analyze File on Disk's, which the CLI
// takes from 256 MB) forced on the same file, and DuckDB, each in a fresh process, timed from
// spawn to exit, with the process's own peak RSS (bench/tools/peakRss.cjs preloaded).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context';
import type { DataFile } from '../generate';
import { DOCUMENT_CLASSES, PREDICTION_CLASSES } from '../generate';
import { fixed, percent, seconds } from '../report';
import { summarize } from '../stats';

interface ProcessRun {
  seconds: number;
  peakRssBytes: number | undefined;
  mean: number;
}

/** Runs `args` with node (peak-RSS preload) and returns its wall time, peak RSS and the mean it printed. */
function timeProcess(args: readonly string[], env: NodeJS.ProcessEnv, preload: string, meanOf?: (stdout: string) => number): ProcessRun | string {
  const started = performance.now();
  // The mean run of ours prints every row's loss (--json): 10.5 million rows are ~220 MB of text.
  const out = spawnSync(process.execPath, ['-r', preload, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  if (out.error) return `${out.error.message}`;
  const elapsed = (performance.now() - started) / 1000;
  if (out.status !== 0) return `exit ${out.status}: ${out.stderr.slice(-400)}`;
  const peak = /ENTROPY_LENS_PEAK_RSS (\d+)/.exec(out.stderr);
  return { seconds: elapsed, peakRssBytes: peak ? Number(peak[1]) : undefined, mean: meanOf ? meanOf(out.stdout) : Number.NaN };
}

interface Contender {
  name: string;
  /** What is timed: the command as printing only its summary, like DuckDB's one row. */
  args: string[];
  /** An untimed run that prints the mean at full precision (ours: --json), and how to read it. */
  meanArgs: string[];
  env: NodeJS.ProcessEnv;
  meanOf: (stdout: string) => number;
}

/** The predictions CSV as Parquet (zstd), written once by DuckDB beside it. */
function parquetOf(context: Context, csv: DataFile): DataFile | string {
  const path = csv.path.replace(/\.csv$/, '.zstd.parquet');
  if (!existsSync(path)) {
    const out = spawnSync(process.execPath, [join(context.benchDir, 'duckdbChild.mjs'), '--write-parquet', csv.path, path], { encoding: 'utf8' });
    if (out.status !== 0) return `DuckDB could not write ${path}: ${out.stderr.slice(-400)}`;
  }
  return { ...csv, path, bytes: statSync(path).size, description: `${csv.description}, as Parquet (zstd, written by DuckDB)` };
}

function contenders(context: Context, file: DataFile, classes: number): Contender[] {
  const cli = join(context.repoDir, 'dist', 'cli.js');
  const probabilities = Array.from({ length: classes }, (_, k) => `p${k}`).join(',');
  const labels = Array.from({ length: classes }, (_, k) => String(k)).join(',');
  const ce = [cli, 'cross-entropy', file.path, '--label', 'label', '--prob', probabilities, '--classes', labels];
  const cliMean = (stdout: string): number => (JSON.parse(stdout) as { models: { mean: number }[] }).models[0]!.mean;
  const parquet = file.path.endsWith('.parquet');
  // A Parquet file streams by the size of its values once read, 8 bytes a number.
  const inMemory = (parquet ? file.rows * file.columns.length * 8 : file.bytes) < 256 * 1024 * 1024;
  return [
    {
      name: `Entropy Lens CLI cross-entropy (${inMemory ? 'in memory, as below 256 MB' : 'streamed, as from 256 MB'})`,
      args: ce,
      meanArgs: [...ce, '--json'],
      env: { ...process.env },
      meanOf: cliMean,
    },
    ...(inMemory
      ? [
          {
            name: 'Entropy Lens CLI cross-entropy, streamed (Analyze File on Disk’s road)',
            args: ce,
            meanArgs: [...ce, '--json'],
            env: { ...process.env, ENTROPY_LENS_CLI_STREAM_ABOVE: '0' },
            meanOf: cliMean,
          },
        ]
      : []),
    {
      name: `DuckDB ${parquet ? 'read_parquet' : 'read_csv'} + avg(−ln clip(p_label)), 2 threads`,
      args: [join(context.benchDir, 'duckdbChild.mjs'), file.path, String(classes), '2'],
      meanArgs: [join(context.benchDir, 'duckdbChild.mjs'), file.path, String(classes), '2'],
      env: { ...process.env },
      meanOf: (stdout) => (JSON.parse(stdout) as { mean: number }).mean,
    },
  ];
}

export function runDuckdb(context: Context): void {
  const preload = join(context.benchDir, 'tools', 'peakRss.cjs');
  const files: [DataFile, number][] = [[context.data.predictions, PREDICTION_CLASSES]];
  const parquet = parquetOf(context, context.data.predictions);
  if (typeof parquet === 'string') context.log(parquet);
  else files.push([parquet, PREDICTION_CLASSES]);
  if (context.data.big) files.push([context.data.big, DOCUMENT_CLASSES]);
  for (const [file, classes] of files) {
    const runs = Math.min(3, context.options.runs);
    context.log(`duckdb: ${file.path} (${runs} runs of each, fresh processes)`);
    const notes: string[] = [];
    const measured = contenders(context, file, classes).map((contender) => {
      const results: ProcessRun[] = [];
      for (let run = 0; run < runs; run++) {
        const result = timeProcess(contender.args, contender.env, preload);
        if (typeof result === 'string') {
          notes.push(`${contender.name} failed: ${result}`);
          break;
        }
        results.push(result);
      }
      const check = timeProcess(contender.meanArgs, contender.env, preload, contender.meanOf);
      const mean = typeof check === 'string' ? Number.NaN : check.mean;
      return { contender, results, mean };
    });
    const duck = measured[measured.length - 1]!;
    const duckWall = summarize(duck.results.map((r) => r.seconds)).median;
    const duckPeak = Math.max(...duck.results.map((r) => r.peakRssBytes ?? NaN));
    const rows = measured.map(({ contender, results, mean }) => {
      if (results.length === 0) return [contender.name, 'failed', '', '', '', ''];
      const wall = summarize(results.map((r) => r.seconds));
      const peak = Math.max(...results.map((r) => r.peakRssBytes ?? NaN));
      return [
        contender.name,
        seconds(wall.median),
        percent(wall.spread),
        Number.isFinite(peak) ? `${fixed(peak / 1e6, 0)} MB` : 'unknown',
        duck.results.length > 0 ? `${fixed(wall.median / duckWall, 2)}× / ${fixed(peak / duckPeak, 2)}×` : '',
        fixed(mean, 12),
      ];
    });
    const means = measured.map(({ mean }) => mean);
    const agree = means.every((m) => Math.abs(m - means[0]!) <= 1e-12 * Math.abs(means[0]!));
    if (!agree) notes.push(`The means disagree beyond 1e-12 relative: ${means.join(', ')}.`);
    context.tables.push({
      title: `Whole process vs DuckDB: ${fixed(file.bytes / 1e6, 0)} MB predictions ${file.path.endsWith('.parquet') ? 'Parquet (zstd)' : 'CSV'} (${file.rows} rows, ${classes} classes)`,
      intro:
        'Each contender in a fresh process, timed from spawn to exit (start-up included), peak RSS its own VmHWM; each prints its summary only (ours: the text table; DuckDB: one row). The means come from one more untimed run each (ours with --json). Ratios are to DuckDB (wall / peak RSS).',
      headers: ['contender', 'wall (median)', 'spread', 'peak RSS', 'vs DuckDB', 'mean log loss (nats)'],
      rows,
      notes,
    });
    for (const { contender, results } of measured.slice(0, -1)) {
      if (results.length === 0 || duck.results.length === 0) continue;
      const wall = summarize(results.map((r) => r.seconds)).median;
      const peak = Math.max(...results.map((r) => r.peakRssBytes ?? NaN));
      context.targets.push({
        target: `${contender.name} on ${fixed(file.bytes / 1e6, 0)} MB ≤ 0.8× DuckDB's wall time, peak RSS ≤ DuckDB's`,
        measured: `${seconds(wall)} / ${fixed(peak / 1e6, 0)} MB vs DuckDB ${seconds(duckWall)} / ${fixed(duckPeak / 1e6, 0)} MB (${fixed(wall / duckWall, 2)}× wall, ${fixed(peak / duckPeak, 2)}× RSS)`,
        met: wall <= 0.8 * duckWall && peak <= duckPeak,
      });
    }
  }
}
