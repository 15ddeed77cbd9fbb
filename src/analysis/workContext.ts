// What an analysis needs from its runner: cancellation checks and progress reports.

export interface WorkContext {
  isCancelled(): boolean;
  progress(stage: 'reading' | 'parsing' | 'computing' | 'fitting', done: number, total: number | null): void;
}

/** Thrown inside an analysis when the cancel flag is seen; the runner answers `cancelled`. */
export class AnalysisCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AnalysisCancelled';
  }
}
