// The benchmark harness (`npm run bench`): generates the data sets, runs each section, prints the
// tables and writes the Markdown report. See run.mjs for the flags.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseOptions } from './context';
import type { Context, Section } from './context';
import { FULL_SIZES, QUICK_SIZES, prepareData } from './generate';
import type { DataFile } from './generate';
import { blasInfo, machineInfo } from './machine';
import { INSTALL_HINT, PythonRunner } from './python';
import { fixed, renderMarkdown, renderTargetsText, renderText } from './report';
import { summarize } from './stats';
import type { Report } from './report';
import { runFits } from './sections/fits';
import { runLookup } from './sections/lookup';
import { runParse } from './sections/parse';
import { runParseCe } from './sections/parseCe';
import { runDuckdb } from './sections/duckdb';
import { runStream } from './sections/stream';
import { runWorker } from './sections/worker';

const SECTION_RUNNERS: Record<Section, { title: string; run: (context: Context) => unknown }> = {
  parse: { title: 'parse throughput', run: runParse },
  ce: { title: 'parse + cross-entropy', run: runParseCe },
  fit: { title: 'fits', run: runFits },
  lookup: { title: 'hover lookup', run: runLookup },
  worker: { title: 'compute worker', run: runWorker },
  stream: { title: 'streaming', run: runStream },
  duckdb: { title: 'whole process vs DuckDB', run: runDuckdb },
};

function packageVersion(repoDir: string, name: string): string {
  const path = join(repoDir, 'node_modules', name, 'package.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version : 'not installed';
}

async function main(): Promise<void> {
  const benchDir = process.env['ENTROPY_LENS_BENCH_DIR'] ?? resolve(__dirname, '..', '..');
  const repoDir = resolve(benchDir, '..');
  const options = parseOptions(process.argv.slice(2), benchDir);
  const machine = machineInfo();
  const log = (line: string): void => console.log(line);
  log(
    `Entropy Lens bench (${options.quick ? 'quick' : 'full'}${options.big ? ', --big' : ''}) — ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.map((v) => v.toFixed(2)).join('/')}`,
  );
  if (!(globalThis as { gc?: unknown }).gc) log('note: run through bench/run.mjs so that --expose-gc is set (GC between runs)');

  const python = PythonRunner.locate(benchDir);
  const pythonStatus = python.detect();
  if (!pythonStatus.available) log(`NOTE: ${pythonStatus.reason}. The Python (pandas / scikit-learn) columns are skipped.`);
  machine.blas = blasInfo(pythonStatus.available ? pythonStatus.versions.blas : undefined);
  log(`BLAS: ${machine.blas}`);
  const writeDigits = pythonStatus.available
    ? (path: string): DataFile => {
        const written = python.digits(path);
        return {
          path,
          bytes: written.bytes,
          rows: written.rows,
          columns: written.columns,
          description: `scikit-learn load_digits: ${written.rows}×${written.columns.length - 1} pixel counts 0…16, ${written.classes} classes (written by bench.py)`,
        };
      }
    : undefined;
  const data = prepareData(options.dataDir, options.quick ? QUICK_SIZES : FULL_SIZES, options.big, log, writeDigits);

  const context: Context = { options, benchDir, repoDir, data, python, pythonStatus, tables: [], targets: [], notes: [], wallPerCpu: [], log };
  const runStarted = performance.now();
  for (const [section, runner] of Object.entries(SECTION_RUNNERS) as [Section, (typeof SECTION_RUNNERS)[Section]][]) {
    if (!options.sections.has(section)) continue;
    const started = performance.now();
    const tablesBefore = context.tables.length;
    try {
      await runner.run(context);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`SECTION FAILED (${runner.title}): ${message}`);
      context.tables.push({ title: `${runner.title}: FAILED`, headers: ['error'], rows: [[message.split('\n').slice(0, 3).join(' / ')]], notes: [] });
    }
    log(`[${runner.title}: ${((performance.now() - started) / 1000).toFixed(1)} s]`);
    for (const table of context.tables.slice(tablesBefore)) log(renderText(table));
  }

  const versions: Record<string, string> = {
    Python: pythonStatus.available
      ? `${pythonStatus.versions.python} (/usr/bin/python3): pandas ${pythonStatus.versions.pandas}, scikit-learn ${pythonStatus.versions.sklearn}, numpy ${pythonStatus.versions.numpy}, scipy ${pythonStatus.versions.scipy}`
      : `not available — ${INSTALL_HINT}`,
    'JavaScript peers': ['papaparse', 'csv-parse', 'udsv', 'ml-logistic-regression', 'ml-matrix', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@duckdb/node-api']
      .map((name) => `${name} ${packageVersion(repoDir, name)}`)
      .join(', '),
  };
  const report: Report = {
    title: 'Entropy Lens benchmark results',
    mode: `${options.quick ? '--quick' : 'full sizes'}${options.big ? ' --big' : ''}, ${options.runs} runs per measurement (fewer when one run exceeds ${options.budgetSeconds} s)`,
    machine,
    versions,
    dataSets: Object.values(data)
      .filter((f): f is Exclude<typeof f, string | undefined> => typeof f === 'object' && f !== null)
      .map((f) => `${f.path.split('/').pop()}: ${(f.bytes / 1e6).toFixed(1)} MB — ${f.description}`),
    tables: context.tables,
    targets: context.targets,
    notes: [
      ...context.notes,
      `Run finished ${new Date().toISOString()} after ${((performance.now() - runStarted) / 60000).toFixed(1)} min; load average at the end (1/5/15 min): ${machineInfo()
        .loadAverage.map((v) => v.toFixed(2))
        .join(' / ')}.`,
      ...(context.wallPerCpu.length === 0
        ? []
        : [
            `Noise: wall time / CPU time of our own single-threaded measurements: median ${fixed(summarize(context.wallPerCpu).median, 2)} (min ${fixed(summarize(context.wallPerCpu).min, 2)}, max ${fixed(summarize(context.wallPerCpu).max, 2)}); about 1.0 on an idle machine, so wall times here are inflated by roughly that factor for every program alike, and the CPU-time verdicts are the steadier ones.`,
          ]),
    ],
    history: existsSync(join(benchDir, 'history.md')) ? readFileSync(join(benchDir, 'history.md'), 'utf8') : undefined,
  };
  log(renderTargetsText(report.targets));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, renderMarkdown(report));
  log(`\nwrote ${options.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
