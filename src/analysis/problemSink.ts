// The problems of one analysis, each listed once (two views of one cell report it once), up to
// the listing cap, with a count of all of them.
import type { AnalysisProblem } from '../protocol/analysis';

/** Collects problems once each (two views of one cell report it once), up to the listing cap. */
export class ProblemSink {
  readonly listed: AnalysisProblem[] = [];
  count = 0;
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  add(problem: AnalysisProblem): void {
    const key = `${problem.code}:${problem.range?.start.line}:${problem.range?.start.character}:${problem.column}:${problem.range ? '' : problem.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.count++;
    if (this.listed.length < this.max) this.listed.push(problem);
  }

  /** Counts problems the data layer did not list (beyond its own cap). */
  addUnlisted(extra: number): void {
    if (extra > 0) this.count += extra;
  }
}
