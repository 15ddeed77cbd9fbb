// What the host keeps per analysed document (keyed by URI string): the latest result, whether the
// text changed since, the running request, quick-fix overrides and the worst-row cursor.
import type { AnalysisKind, AnalysisProblem, AnalysisResult, ColumnChoice } from '../protocol/analysis';
import type { AnalysisOverrides } from './analysisOptions';
import type { WorkerJob } from './workerClient';

/** The request a document's results came from, replayed for debounced re-analysis. */
export interface AnalysisRecipe {
  kind: AnalysisKind;
  columns: ColumnChoice | undefined;
  selection: { startLine: number; endLine: number } | undefined;
}

export class DocumentState {
  result: AnalysisResult | undefined;
  /** True when the document's version moved past the result's. */
  stale = false;
  running: WorkerJob | undefined;
  overrides: AnalysisOverrides = {};
  recipe: AnalysisRecipe | undefined;
  /** Index into `rowLoss.worstFirst` of the row Next/Previous Worst Row last went to (-1: none). */
  worstCursor = -1;
  private problemsByRowCache: Map<number, AnalysisProblem[]> | undefined;
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly uriString: string) {}

  setResult(result: AnalysisResult | undefined): void {
    this.result = result;
    this.problemsByRowCache = undefined;
    this.worstCursor = -1;
  }

  /** Problems of one row (built once per result; hovers read it on every move). */
  problemsOfRow(row: number): readonly AnalysisProblem[] {
    if (!this.result) return [];
    if (!this.problemsByRowCache) {
      const map = new Map<number, AnalysisProblem[]>();
      for (const problem of this.result.problems) {
        if (problem.row === null) continue;
        const list = map.get(problem.row);
        if (list) list.push(problem);
        else map.set(problem.row, [problem]);
      }
      this.problemsByRowCache = map;
    }
    return this.problemsByRowCache.get(row) ?? [];
  }

  schedule(delayMs: number, run: () => void): void {
    this.cancelSchedule();
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = undefined;
      run();
    }, delayMs);
  }

  cancelSchedule(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
  }

  dispose(): void {
    this.cancelSchedule();
    this.running?.cancel();
    this.running = undefined;
    this.setResult(undefined);
  }
}
