// The entropy and KL summaries of a document analysis: the label entropy (with each row's
// surprisal when entropy was asked), the per-row entropy of a prediction, and KL/JS between the
// P and Q columns, all computed on the core over the scored rows and scattered to all rows.
import { divergence, isCoreError, rowDivergences, rowEntropies, sameLabel } from '../core';
import type { EntropySummary, KlSummary } from '../protocol/analysis';
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

/** Each row's entropy of a probability group's prediction (undefined for logits or one column). */
export function predictionEntropies(primary: PreparedModel, rowIds: Int32Array, n: number, normalize: boolean): Float64Array | undefined {
  const m = rowIds.length;
  if (primary.columns.kind === 'probabilities' && primary.width > 1 && m > 0) {
    const h = rowEntropies(gatherMatrix(primary.values, primary.width, rowIds), { normalize });
    return scatter(h.rowEntropyNats, rowIds, n);
  }
  return undefined;
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

export function klSummary(
  pNames: string[],
  qNames: string[],
  pValues: { values: Float64Array; width: number; rowSumTolerance: number },
  qValues: { values: Float64Array; width: number; rowSumTolerance: number },
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
    const d = rowDivergences(p, q, { normalize, rowSumTolerance: Math.max(pValues.rowSumTolerance, qValues.rowSumTolerance) });
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
