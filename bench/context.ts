// Command-line options and the state every benchmark section shares (data sets, the Python runner,
// the report being assembled).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSets } from './generate';
import type { PythonRunner, PythonStatus } from './python';
import type { ReportTable, TargetCheck } from './report';

export const SECTIONS = ['parse', 'ce', 'fit', 'lookup', 'worker', 'stream', 'duckdb'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Options {
  quick: boolean;
  big: boolean;
  /** Repetitions of each timed task (fewer for tasks that take long). */
  runs: number;
  /** Seconds after which a task is not repeated again. */
  budgetSeconds: number;
  dataDir: string;
  sections: ReadonlySet<Section>;
  /** Where the Markdown report goes. */
  out: string;
}

export function parseOptions(argv: readonly string[], benchDir: string): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const only = value('--only');
  const sections = new Set<Section>(only ? only.split(',').filter((s): s is Section => (SECTIONS as readonly string[]).includes(s)) : SECTIONS);
  const runs = Number(value('--runs') ?? (quick ? 3 : 5));
  return {
    quick,
    big: argv.includes('--big'),
    runs: Number.isInteger(runs) && runs > 0 ? runs : 3,
    budgetSeconds: quick ? 5 : 30,
    dataDir: value('--data-dir') ?? join(tmpdir(), quick ? 'entropy-lens-bench-quick' : 'entropy-lens-bench'),
    sections,
    // A quick run must not overwrite the committed results of the last full run.
    out: value('--out') ?? join(benchDir, quick ? '.data/results.quick.md' : 'results.md'),
  };
}

export interface Context {
  options: Options;
  benchDir: string;
  repoDir: string;
  data: DataSets;
  python: PythonRunner;
  pythonStatus: PythonStatus;
  tables: ReportTable[];
  targets: TargetCheck[];
  notes: string[];
  /** Wall / CPU time of our own single-threaded tasks: 1 on an idle machine, more when cores are shared. */
  wallPerCpu: number[];
  log(line: string): void;
}

/** The note printed wherever a Python column is skipped. */
export function pythonSkipNote(context: Context): string | undefined {
  return context.pythonStatus.available ? undefined : `Python column skipped: ${context.pythonStatus.reason}`;
}
