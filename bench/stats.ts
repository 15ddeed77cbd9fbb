// Repeated timing and the summaries the report prints: median, spread, percentiles.

/** Summary of repeated measurements of one quantity (seconds, unless the row says otherwise). */
export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** (max − min) / median: how noisy the runs were. */
  spread: number;
  samples: number[];
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 === 1 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  const min = sorted[0] ?? NaN;
  const max = sorted[n - 1] ?? NaN;
  return { runs: n, median, min, max, spread: median > 0 ? (max - min) / median : NaN, samples: [...samples] };
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, nearest-rank. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** How many times to repeat: `runs`, cut to 2 (then 1) when one run already takes long. */
export interface RepeatOptions {
  runs: number;
  /** Stop repeating once this much time has been spent (the first run always counts). */
  budgetSeconds: number;
}

/**
 * Times `task` several times (after `prepare`, untimed, before each run) and returns the wall and
 * CPU seconds of each run plus the last run's result. `global.gc` is called between runs when exposed, so one
 * run's garbage does not land in the next.
 */
export function timeRuns<T>(task: () => T, options: RepeatOptions, prepare?: () => void): { seconds: number[]; cpuSeconds: number[]; result: T } {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let result: T | undefined;
  let spent = 0;
  for (let run = 0; run < options.runs; run++) {
    if (run > 0 && spent > options.budgetSeconds) break;
    prepare?.();
    collectGarbage();
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    result = task();
    const elapsed = (performance.now() - started) / 1000;
    cpuSeconds.push(cpuSecondsSince(cpuStarted));
    seconds.push(elapsed);
    spent += elapsed;
  }
  return { seconds, cpuSeconds, result: result as T };
}

/**
 * CPU seconds (user + system, all threads of this process) since `start`. On a shared machine
 * this is steadier than wall time: it does not count time spent waiting for a core.
 */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}
