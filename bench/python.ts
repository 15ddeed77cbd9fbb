// Runs bench/python/bench.py with /usr/bin/python3 when pandas and scikit-learn are importable;
// otherwise the Python column is skipped with a visible note saying how to install them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The interpreter issue 7 names; ENTROPY_LENS_BENCH_PYTHON overrides it (e.g. to test the skip path). */
export const PYTHON = process.env['ENTROPY_LENS_BENCH_PYTHON'] ?? '/usr/bin/python3';
export const INSTALL_HINT = 'sudo apt-get install python3-sklearn python3-pandas (Debian/Ubuntu), then re-run npm run bench';

export interface PythonVersions {
  python: string;
  numpy: string;
  scipy: string;
  pandas: string;
  sklearn: string;
  /** The BLAS numpy loaded at run time, as threadpoolctl sees it (library, version, threading, path). */
  blas: string;
}

export type PythonStatus = { available: true; versions: PythonVersions } | { available: false; reason: string };

export interface ParseCeResult {
  read_s: number[];
  log_loss_s: number[];
  total_s: number[];
  total_cpu_s: number[];
  mean_log_loss: number;
}

/** The solvers the bench runs; newton-cholesky only on two classes (scikit-learn 1.2 has no multinomial mode for it). */
export type SklearnSolver = 'lbfgs' | 'newton-cholesky' | 'newton-cg';

/** What `bench.py digits` wrote. */
export interface DigitsWritten {
  rows: number;
  bytes: number;
  columns: string[];
  classes: number;
}

export interface SklearnFitResult {
  fit_s: number[];
  fit_cpu_s: number[];
  n_iter: number;
  convergence_warning: boolean;
  solver: SklearnSolver;
  C: number;
  classes: number[];
  coef: number[][];
  intercept: number[];
  train_accuracy: number;
}

export class PythonRunner {
  constructor(private readonly script: string) {}

  static locate(benchDir: string): PythonRunner {
    return new PythonRunner(join(benchDir, 'python', 'bench.py'));
  }

  detect(): PythonStatus {
    if (!existsSync(PYTHON)) return { available: false, reason: `${PYTHON} not found; ${INSTALL_HINT}` };
    const probe = spawnSync(PYTHON, [this.script, 'versions'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      const missing = /No module named '([^']+)'/.exec(probe.stderr)?.[1];
      return { available: false, reason: `${missing ? `Python module ${missing} missing` : 'Python probe failed'}; ${INSTALL_HINT}` };
    }
    return { available: true, versions: JSON.parse(probe.stdout) as PythonVersions };
  }

  run<T>(args: string[]): T {
    const child = spawnSync(PYTHON, [this.script, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (child.status !== 0) throw new Error(`python ${args.join(' ')} failed: ${child.stderr.slice(-2000)}`);
    return JSON.parse(child.stdout) as T;
  }

  parseCe(file: string, runs: number): ParseCeResult {
    return this.run<ParseCeResult>(['parse_ce', file, String(runs)]);
  }

  fit(file: string, runs: number, tol: number, maxIter: number, budgetSeconds: number, C = 1, solver: SklearnSolver = 'lbfgs'): SklearnFitResult {
    return this.run<SklearnFitResult>(['fit', file, String(runs), String(tol), String(maxIter), String(budgetSeconds), String(C), solver]);
  }

  /** Writes scikit-learn's digits data set (load_digits) to `file` in the bench's fit CSV layout. */
  digits(file: string): DigitsWritten {
    return this.run<DigitsWritten>(['digits', file]);
  }
}
