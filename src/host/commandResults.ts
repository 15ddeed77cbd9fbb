// The plain objects commands return to `executeCommand` callers (tests, other extensions): the
// headline numbers in the display unit plus the full typed AnalysisResult. Pure (no vscode).
import { natsToUnit } from '../protocol/analysis';
import type { AnalysisKind, AnalysisResult, LossUnit } from '../protocol/analysis';

/** A model's numbers in the display unit. */
export interface ModelSummary {
  name: string;
  kind: 'probabilities' | 'logits';
  columns: string[];
  mean: number;
  sum: number;
  brier: number;
  errorRate: number;
  n: number;
  clippedRows: number;
}

/** What an analysis command returns when it produced a result. */
export interface AnalysisCommandResult {
  ok: true;
  kind: AnalysisKind;
  uri: string;
  documentVersion: number;
  unit: LossUnit;
  /** Rows read and rows scored. */
  rows: number;
  scoredRows: number;
  /** Mean and sum of the per-row headline loss (null when nothing per-row was computed). */
  mean: number | null;
  sum: number | null;
  models: ModelSummary[];
  entropy: { value: number; classes: string[]; counts: number[] } | null;
  kl: { pq: number; qp: number; js: number; entropyP: number; crossEntropy: number } | null;
  fit: {
    model: 'logistic' | 'softmax';
    coef: number[][];
    intercept: number[];
    meanLogLoss: number;
    /** Brier score of the fitted probabilities (unitless). */
    brier: number;
    iterations: number;
    converged: boolean;
    separable: boolean;
  } | null;
  problems: { code: string; severity: string; message: string; line: number | null; character: number | null }[];
  problemCount: number;
  /** The complete typed result (per-row arrays in nats). */
  analysis: AnalysisResult;
}

/** What a command returns when it did not produce a result. */
export interface CommandFailure {
  ok: false;
  /** `cancelled`: the user or a newer request cancelled it; others explain what was missing. */
  reason: 'cancelled' | 'no-document' | 'unsupported' | 'failed' | 'no-results';
  message: string;
}

/** Summarises a result in its own unit (see `AnalysisCommandResult`). */
export function summarizeAnalysis(result: AnalysisResult): AnalysisCommandResult {
  const u = (nats: number): number => natsToUnit(nats, result.unit);
  const rowLoss = result.rowLoss;
  return {
    ok: true,
    kind: result.kind,
    uri: result.uri,
    documentVersion: result.documentVersion,
    unit: result.unit,
    rows: result.rows.count,
    scoredRows: rowLoss?.n ?? 0,
    mean: rowLoss ? u(rowLoss.meanNats) : null,
    sum: rowLoss ? u(rowLoss.sumNats) : null,
    models: result.models.map((m) => ({
      name: m.columns.name,
      kind: m.columns.kind,
      columns: [...m.columns.columns],
      mean: u(m.meanLossNats),
      sum: u(m.sumLossNats),
      brier: m.brier,
      errorRate: m.errorRate,
      n: m.n,
      clippedRows: m.clippedRows,
    })),
    entropy: result.entropy ? { value: u(result.entropy.entropyNats), classes: [...result.entropy.classes], counts: [...result.entropy.counts] } : null,
    kl: result.kl
      ? {
          pq: u(result.kl.pqNats),
          qp: u(result.kl.qpNats),
          js: u(result.kl.jsNats),
          entropyP: u(result.kl.entropyPNats),
          crossEntropy: u(result.kl.crossEntropyNats),
        }
      : null,
    fit: result.fit
      ? {
          model: result.fit.model,
          coef: result.fit.coef.map((r) => [...r]),
          intercept: [...result.fit.intercept],
          meanLogLoss: u(result.fit.meanLogLossNats),
          brier: result.fit.brier,
          iterations: result.fit.iterations,
          converged: result.fit.converged,
          separable: result.fit.separable,
        }
      : null,
    problems: result.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      line: p.range?.start.line ?? null,
      character: p.range?.start.character ?? null,
    })),
    problemCount: result.problemCount,
    analysis: result,
  };
}
