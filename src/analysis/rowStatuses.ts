// Which rows of a document analysis are scored: error problems take their rows out, "ignore
// missing" and the ignored label leave rows out quietly; every problem passes on to the sink.
import type { Problem, ProblemReport } from '../data';
import { RowStatus } from '../protocol/analysis';
import type { AnalysisProblem } from '../protocol/analysis';
import type { ProblemSink } from './problemSink';
import { fromDataProblem } from './problems';

/** Which rows are scored: an error problem takes its row out; "ignore missing" leaves rows out quietly. */
export class RowStatuses {
  readonly status: Uint8Array;
  constructor(
    n: number,
    private readonly problems: ProblemSink,
    private readonly ignoreMissing: boolean,
  ) {
    this.status = new Uint8Array(n);
  }

  /**
   * Leaves out the rows whose label the ignored-label setting names (PyTorch's ignore_index): their
   * label cells are not reported as labels outside the classes. Returns how many rows.
   */
  ignoreLabelled(codes: Int32Array, ignoredCodes: readonly boolean[], labelColumn: string): number {
    this.ignoredLabelColumn = labelColumn;
    let count = 0;
    for (let row = 0; row < codes.length; row++) {
      if (!ignoredCodes[codes[row] as number]) continue;
      if (this.status[row] === RowStatus.ok) this.status[row] = RowStatus.ignoredLabel;
      count++;
    }
    return count;
  }

  private ignoredLabelColumn: string | undefined;

  report(problem: AnalysisProblem): void {
    if (problem.row !== null && this.status[problem.row] === RowStatus.ignoredLabel && problem.column === this.ignoredLabelColumn) return;
    if (this.ignoreMissing && problem.code === 'missing-value' && problem.row !== null) {
      if (this.status[problem.row] === RowStatus.ok) this.status[problem.row] = RowStatus.ignored;
      return;
    }
    this.problems.add(problem);
    if (problem.severity === 'error' && problem.row !== null && this.status[problem.row] === RowStatus.ok) this.status[problem.row] = RowStatus.problem;
  }

  addReport(report: ProblemReport | { problems: readonly Problem[]; problemCount: number }, fixColumns?: readonly string[]): void {
    for (const problem of report.problems) this.report(fromDataProblem(problem, fixColumns));
    this.problems.addUnlisted(report.problemCount - report.problems.length);
  }

  /** Indices of the rows still scored. */
  okRows(): Int32Array {
    let count = 0;
    for (let i = 0; i < this.status.length; i++) if (this.status[i] === RowStatus.ok) count++;
    const ids = new Int32Array(count);
    for (let i = 0, k = 0; i < this.status.length; i++) if (this.status[i] === RowStatus.ok) ids[k++] = i;
    return ids;
  }
}
