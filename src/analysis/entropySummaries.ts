// The entropy and KL summaries of a document analysis: the label entropy (with each row's
// surprisal when entropy was asked), the per-row entropy of a prediction, and KL/JS between the
// P and Q columns, all computed on the core over the scored rows and scattered to all rows.
import { divergence, isCoreError, probabilityRowRefusals, rowDivergences, rowEntropies, sameLabel, weightRefusals } from '../core';
import type { Matrix, RowRefusal } from '../core';
import type { AnalysisKind, EntropySummary, KlSummary } from '../protocol/analysis';
import { labelEntropyOf } from './labelSet';
import type { LabelSet } from './labelSet';
import type { PreparedModel } from './preparedModel';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';
import { labelEntropySummary } from './resultAssembly';
import { gatherMatrix, scatter } from './subset';

/**
 * The label entropy of the scored rows (`set`, their labels), classes listed in the models' order
 * `classes` when it names the same ones; with `withSurprisal`, each row's surprisal too.
 */
export function labelEntropy(
  set: LabelSet | undefined,
  classes: readonly string[],
  withSurprisal: boolean,
  rowIds: Int32Array,
  n: number,
): { entropy: EntropySummary | null; surprisal: Float64Array | undefined } {
  const m = rowIds.length;
  let entropy: EntropySummary | null = null;
  let surprisal: Float64Array | undefined;
  if (set && m > 0) {
    const h = labelEntropyOf(set);
    const ordered = inClassOrder(h.classes.map(String), h.counts, classes);
    entropy = labelEntropySummary(h.entropyNats, ordered.classes, ordered.counts, h.n);
    if (withSurprisal) {
      // Each row's surprisal −ln(n_c/n): its mean over rows is exactly the label entropy.
      const s = new Float64Array(m);
      for (let k = 0; k < m; k++) s[k] = -Math.log((h.counts[h.indices[k] as number] as number) / h.n);
      surprisal = scatter(s, rowIds, n);
    }
  }
  return { entropy, surprisal };
}

/** Whether an analysis shows each row's entropy of the prediction: entropy asked for and no label (with one, each row's surprisal). */
export function showsPredictionEntropy(kind: AnalysisKind, labelColumn: LabelSet | undefined): boolean {
  return kind === 'entropy' && labelColumn === undefined;
}

/** Each row's entropy of a probability group's prediction (undefined for logits or one column). */
export function predictionEntropies(primary: PreparedModel, rowIds: Int32Array, n: number, normalize: boolean): Float64Array | undefined {
  const rows = entropyRows(primary, rowIds);
  if (!rows) return undefined;
  const h = rowEntropies(rows, { normalize });
  return scatter(h.rowEntropyNats, rowIds, n);
}

/**
 * The rows predictionEntropies would have the core refuse (rowEntropies checks its rows as
 * prepareProbabilityRows does with its default tolerance of 1e-6, whatever rounding the scoring
 * accepts). Rows are indices into `rowIds`.
 */
export function predictionEntropyRefusals(primary: PreparedModel, rowIds: Int32Array, normalize: boolean): RowRefusal[] {
  const rows = entropyRows(primary, rowIds);
  return rows ? probabilityRowRefusals(rows, { normalize }) : [];
}

/** A probability group's rows `rowIds`, whose entropy is each row's (undefined for logits, one column or no rows). */
function entropyRows(primary: PreparedModel, rowIds: Int32Array): Matrix | undefined {
  return primary.columns.kind === 'probabilities' && primary.width > 1 && rowIds.length > 0 ? gatherMatrix(primary.values, primary.width, rowIds) : undefined;
}

/**
 * Label classes and counts in the models' class order when that order names the same classes
 * (so every view lists a class in one place), else as given (sorted). The entropy is the same.
 */
function inClassOrder(labels: readonly string[], counts: readonly number[], order: readonly string[]): { classes: string[]; counts: number[] } {
  const at = order.map((c) => labels.findIndex((label) => sameLabel(label, c)));
  if (order.length !== labels.length || at.some((k) => k < 0) || new Set(at).size !== at.length) return { classes: [...labels], counts: [...counts] };
  return { classes: at.map((k) => labels[k] as string), counts: at.map((k) => counts[k] as number) };
}

/** P or Q as compute reads it: one column (a distribution over the rows) or a group (one per row), and the rounding its rows may carry. */
export interface Distribution {
  values: Float64Array;
  width: number;
  rowSumTolerance: number;
}

/**
 * The rows klSummary would have the core refuse, on each side: over the rows (one column each), a
 * value that is not finite, else a negative one (divergence's checks, P before Q); row by row, P's
 * and Q's rows as rowDivergences checks them (probabilityRowRefusals). None when the sides differ
 * in width (the core refuses the pair as a whole). Rows are indices into `rowIds`.
 */
export function klRefusals(pValues: Distribution, qValues: Distribution, rowIds: Int32Array, normalize: boolean): { side: 'p' | 'q'; refusal: RowRefusal }[] {
  if (rowIds.length === 0 || pValues.width !== qValues.width) return [];
  const p = gatherMatrix(pValues.values, pValues.width, rowIds);
  const q = gatherMatrix(qValues.values, qValues.width, rowIds);
  const sides = klSides(normalize, pValues, qValues);
  const refusals = (side: 'p' | 'q', m: Matrix): { side: 'p' | 'q'; refusal: RowRefusal }[] =>
    (m.cols > 1 ? probabilityRowRefusals(m, sides[side]) : weightRefusals(m.data, 1, sides[side].what)).map((refusal) => ({ side, refusal }));
  return [...refusals('p', p), ...refusals('q', q)];
}

/** How divergence and rowDivergences name and check each side (their words: 'P values', 'Q values'). */
function klSides(normalize: boolean, pValues: Distribution, qValues: Distribution): Record<'p' | 'q', { what: string; normalize: boolean; rowSumTolerance: number }> {
  const rowSumTolerance = Math.max(pValues.rowSumTolerance, qValues.rowSumTolerance);
  return { p: { what: 'P values', normalize, rowSumTolerance }, q: { what: 'Q values', normalize, rowSumTolerance } };
}

export function klSummary(
  pNames: string[],
  qNames: string[],
  pValues: Distribution,
  qValues: Distribution,
  rowIds: Int32Array,
  n: number,
  normalize: boolean,
  problems: ProblemSink,
): KlSummary | null {
  const p = gatherMatrix(pValues.values, pValues.width, rowIds);
  const q = gatherMatrix(qValues.values, qValues.width, rowIds);
  try {
    if (p.cols === 1 && q.cols === 1) {
      const d = divergence(p.data, q.data, { rowTerms: true });
      const terms = d.rowTerms!;
      return {
        mode: 'overRows',
        pColumns: pNames,
        qColumns: qNames,
        pqNats: d.klPQNats,
        qpNats: d.klQPNats,
        jsNats: d.jsNats,
        entropyPNats: d.entropyPNats,
        crossEntropyNats: d.crossEntropyPQNats,
        infinitePq: d.infinitePQTerms,
        infiniteQp: d.infiniteQPTerms,
        p: Array.from(terms.p),
        q: Array.from(terms.q),
        pSum: d.totalP,
        qSum: d.totalQ,
        rowPqNats: scatter(terms.pq, rowIds, n),
        rowQpNats: scatter(terms.qp, rowIds, n),
        rowJsNats: scatter(terms.js, rowIds, n),
      };
    }
    const d = rowDivergences(p, q, { normalize, rowSumTolerance: klSides(normalize, pValues, qValues).p.rowSumTolerance });
    return {
      mode: 'perRow',
      pColumns: pNames,
      qColumns: qNames,
      pqNats: d.meanKlPQNats,
      qpNats: d.meanKlQPNats,
      jsNats: d.meanJsNats,
      entropyPNats: d.meanEntropyPNats,
      crossEntropyNats: d.meanCrossEntropyPQNats,
      infinitePq: d.infinitePQRows,
      infiniteQp: d.infiniteQPRows,
      p: null,
      q: null,
      pSum: null,
      qSum: null,
      rowPqNats: scatter(d.rowKlPQNats, rowIds, n),
      rowQpNats: scatter(d.rowKlQPNats, rowIds, n),
      rowJsNats: scatter(d.rowJsNats, rowIds, n),
    };
  } catch (error) {
    if (!isCoreError(error) || error.rows.length > 0) throw error;
    problems.add(fileProblem(`core-${error.code}`, `KL: ${error.message}`));
    return null;
  }
}
