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
}

export type PythonStatus = { available: true; versions: PythonVersions } | { available: false; reason: string };

export interface ParseCeResult {
  read_s: number[];
  log_loss_s: number[];
  total_s: number[];
  total_cpu_s: number[];
  mean_log_loss: number;
}

export interface SklearnFitResult {
  fit_s: number[];
  fit_cpu_s: number[];
  n_iter: number;
  convergence_warning: boolean;
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

  fit(file: string, runs: number, tol: number, maxIter: number, budgetSeconds: number): SklearnFitResult {
    return this.run<SklearnFitResult>(['fit', file, String(runs), String(tol), String(maxIter), String(budgetSeconds)]);
  }
}
