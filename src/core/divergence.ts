// Kullback–Leibler divergence both ways, Jensen–Shannon divergence, entropy and cross-entropy of
// two distributions, in nats: two columns as distributions over rows, or row by row.
import { requireFinite, requireNonNegative, requireRows, requireSameLength, requireShape } from './checks';
import { CoreError } from './coreError';
import type { Matrix } from './matrix';
import { prepareProbabilityRows } from './probabilityRows';
import {
  addDivergenceTerms,
  addRowDivergences,
  emptyDivergenceTermSums,
  emptyRowDivergenceSums,
  finishDivergenceTermSums,
  finishRowDivergenceSums,
  jensenShannonTerm,
  relativeEntropy,
} from './divergenceSums';
import type { DivergenceRowTerms, DivergenceTermSums } from './divergenceSums';
import { addEntropyWeight, emptyEntropySums, finishEntropySums } from './entropySums';
import type { EntropySums, EntropyTotals, WeightNormalizer } from './entropySums';

export type { DivergenceRowTerms } from './divergenceSums';

/**
 * Divergences between two distributions P and Q, all in nats; crossEntropyPQNats equals
 * entropyPNats + klPQNats (CE(P, Q) = H(P) + D(P‖Q)), likewise for Q.
 */
export interface DivergenceResult {
  /** D(P‖Q) = Σ p ln(p/q); +Infinity when some p > 0 has q = 0. */
  readonly klPQNats: number;
  /** D(Q‖P). */
  readonly klQPNats: number;
  /** Jensen–Shannon divergence ½D(P‖M) + ½D(Q‖M), M = (P + Q)/2; always in [0, ln 2]. */
  readonly jsNats: number;
  readonly entropyPNats: number;
  readonly entropyQNats: number;
  /** −Σ p ln q. */
  readonly crossEntropyPQNats: number;
  /** −Σ q ln p. */
  readonly crossEntropyQPNats: number;
  /** Entries with p > 0 and q = 0 (each makes D(P‖Q) infinite). */
  readonly infinitePQTerms: number;
  /** Entries with q > 0 and p = 0. */
  readonly infiniteQPTerms: number;
  readonly n: number;
  /** Σ p and Σ q before normalisation (+Infinity when beyond the largest double; the divergences are still exact). */
  readonly totalP: number;
  readonly totalQ: number;
  /** Whether P (Q) had to be divided by its total (|total − 1| > 1e-12). */
  readonly normalizedP: boolean;
  readonly normalizedQ: boolean;
  /** Each row's terms, when asked for (divergence(p, q, { rowTerms: true })). */
  readonly rowTerms?: DivergenceRowTerms;
}

/** Per-row divergences between probability rows of P and Q (same shape), in nats. */
export interface RowDivergenceResult {
  readonly rowKlPQNats: Float64Array;
  readonly rowKlQPNats: Float64Array;
  readonly rowJsNats: Float64Array;
  readonly rowEntropyPNats: Float64Array;
  readonly rowCrossEntropyPQNats: Float64Array;
  /** Means over rows (+Infinity if any row is infinite). */
  readonly meanKlPQNats: number;
  readonly meanKlQPNats: number;
  readonly meanJsNats: number;
  readonly meanEntropyPNats: number;
  readonly meanCrossEntropyPQNats: number;
  /** Rows whose D(P‖Q) (D(Q‖P)) is +Infinity. */
  readonly infinitePQRows: number;
  readonly infiniteQPRows: number;
  /** Rows of P (Q) normalised first (only with normalize: true). */
  readonly normalizedRowsP: number;
  readonly normalizedRowsQ: number;
  readonly n: number;
}

/** Divergences of one pair of probability rows as given (internal, no allocation): out = [klPQ, klQP, js, hP]. */
function rowPairTerms(a: ArrayLike<number>, b: ArrayLike<number>, offset: number, length: number, out: Float64Array): void {
  let klPQ = 0;
  let klQP = 0;
  let js = 0;
  let hP = 0;
  for (let k = offset; k < offset + length; k++) {
    const x = a[k] as number;
    const y = b[k] as number;
    klPQ += relativeEntropy(x, y);
    klQP += relativeEntropy(y, x);
    js += jensenShannonTerm(x, y);
    if (x > 0) hP -= x * Math.log(x);
  }
  out[0] = klPQ;
  out[1] = klQP;
  out[2] = js;
  out[3] = hP;
}

/**
 * Divergences between two columns, each normalised to a distribution over the rows:
 * D(P‖Q) = Σ_i p_i ln(p_i/q_i), D(Q‖P), JS, H(P), H(Q) and the cross-entropies, in nats.
 * Numerical care: two passes of mergeable sums, the road a streamed file takes too. The first
 * gives each column's total and entropy (EntropySums: any size of weight, exact powers of two);
 * the second divides each row by the totals and sums its terms compensated (DivergenceTermSums),
 * so nothing cancels. Terms follow scipy.special.rel_entr (0 ln 0 = 0, p ln(p/0) = +Infinity,
 * counted in infinitePQTerms); JS uses M = (P + Q)/2 so it is finite and ≤ ln 2. With rowTerms,
 * each row's normalised p, q and terms come back too (the hover's and the ranking's per-row KL).
 * Throws 'emptyInput', 'lengthMismatch', 'nonFinite', 'negativeWeight', 'zeroTotal'. O(n).
 * Example: P [.75, .25], Q [.5, .5] → klPQNats 0.13081 (0.188722 bits), klQPNats 0.14384
 * (0.207519 bits) (scipy.stats.entropy(P, Q), entropy(Q, P)).
 */
export function divergence(p: ArrayLike<number>, q: ArrayLike<number>, options: { rowTerms?: boolean } = {}): DivergenceResult {
  requireRows(p.length, 'the KL divergence');
  requireSameLength(p.length, q.length, 'the KL divergence');
  requireFinite(p, 1, 'P values');
  requireFinite(q, 1, 'Q values');
  requireNonNegative(p, 1, 'P values');
  requireNonNegative(q, 1, 'Q values');
  const n = p.length;
  const sumsP = emptyEntropySums();
  const sumsQ = emptyEntropySums();
  for (let i = 0; i < n; i++) {
    addEntropyWeight(sumsP, p[i] as number);
    addEntropyWeight(sumsQ, q[i] as number);
  }
  const first = divergenceFirstPass(sumsP, sumsQ);
  const terms = emptyDivergenceTermSums();
  const rowTerms = options.rowTerms === true ? { p: new Float64Array(n), q: new Float64Array(n), pq: new Float64Array(n), qp: new Float64Array(n), js: new Float64Array(n) } : undefined;
  for (let i = 0; i < n; i++) addDivergenceTerms(terms, p[i] as number, q[i] as number, first.normalizerP, first.normalizerQ, rowTerms, i);
  const result = divergenceOfSums(first, terms);
  return rowTerms === undefined ? result : { ...result, rowTerms };
}

/** What the first pass over P and Q gives: each column's total and entropy, and how to normalise a row. */
export interface DivergenceFirstPass {
  readonly entropyP: EntropyTotals;
  readonly entropyQ: EntropyTotals;
  readonly normalizerP: WeightNormalizer;
  readonly normalizerQ: WeightNormalizer;
}

/**
 * Finishes the first pass of `divergence` (EntropySums of P and of Q, merged from a file's parts
 * or added in memory): their totals, entropies and normalizers. Throws 'emptyInput' for no rows and
 * 'zeroTotal' for a column summing to 0, as `divergence` does. O(1).
 */
export function divergenceFirstPass(sumsP: EntropySums, sumsQ: EntropySums): DivergenceFirstPass {
  requireRows(sumsP.n, 'the KL divergence');
  const entropyP = finishEntropySums(sumsP);
  const entropyQ = finishEntropySums(sumsQ);
  if (entropyP.total === 0) throw new CoreError('zeroTotal', 'P sums to 0: a distribution needs a positive total');
  if (entropyQ.total === 0) throw new CoreError('zeroTotal', 'Q sums to 0: a distribution needs a positive total');
  return { entropyP, entropyQ, normalizerP: entropyP.normalizer, normalizerQ: entropyQ.normalizer };
}

/** `divergence`'s result from the two passes' sums (a streamed file's, or those added in memory). O(1). */
export function divergenceOfSums(first: DivergenceFirstPass, terms: DivergenceTermSums): DivergenceResult {
  const d = finishDivergenceTermSums(terms);
  const hP = first.entropyP.entropyNats;
  const hQ = first.entropyQ.entropyNats;
  const totalP = first.entropyP.total;
  const totalQ = first.entropyQ.total;
  return {
    klPQNats: d.klPQNats,
    klQPNats: d.klQPNats,
    jsNats: d.jsNats,
    entropyPNats: hP,
    entropyQNats: hQ,
    crossEntropyPQNats: hP + d.klPQNats,
    crossEntropyQPNats: hQ + d.klQPNats,
    infinitePQTerms: d.infinitePQ,
    infiniteQPTerms: d.infiniteQP,
    n: d.n,
    totalP,
    totalQ,
    normalizedP: Math.abs(totalP - 1) > 1e-12,
    normalizedQ: Math.abs(totalQ - 1) > 1e-12,
  };
}

/**
 * Divergences row by row between probability rows of P and Q (same shape): each row is a
 * distribution over the column group. Rows must sum to 1 ± `rowSumTolerance` (default 1e-6; else
 * 'rowSumNotOne') unless normalize is true. Same conventions as `divergence`. O(n·k), no per-row
 * allocation.
 * Example: P rows [[.75, .25]], Q rows [[.5, .5]] → rowKlPQNats [0.13081].
 */
export function rowDivergences(p: Matrix, q: Matrix, options: { normalize?: boolean; rowSumTolerance?: number } = {}): RowDivergenceResult {
  requireShape(p, 'the P values');
  requireShape(q, 'the Q values');
  requireRows(p.rows, 'the KL divergence');
  if (p.rows !== q.rows || p.cols !== q.cols) {
    throw new CoreError('shapeMismatch', `P is ${p.rows} rows × ${p.cols} columns but Q ${q.rows} × ${q.cols}: they must match`);
  }
  const tolerance = options.rowSumTolerance === undefined ? {} : { rowSumTolerance: options.rowSumTolerance };
  const preparedP = prepareProbabilityRows(p, { normalize: options.normalize, what: 'P values', ...tolerance });
  const preparedQ = prepareProbabilityRows(q, { normalize: options.normalize, what: 'Q values', ...tolerance });
  const a = preparedP.probabilities.data;
  const b = preparedQ.probabilities.data;
  const { rows, cols } = p;
  const rowKlPQNats = new Float64Array(rows);
  const rowKlQPNats = new Float64Array(rows);
  const rowJsNats = new Float64Array(rows);
  const rowEntropyPNats = new Float64Array(rows);
  const rowCrossEntropyPQNats = new Float64Array(rows);
  const t = new Float64Array(4);
  for (let i = 0; i < rows; i++) {
    rowPairTerms(a, b, i * cols, cols, t);
    rowKlPQNats[i] = t[0] as number;
    rowKlQPNats[i] = t[1] as number;
    rowJsNats[i] = t[2] as number;
    rowEntropyPNats[i] = t[3] as number;
    rowCrossEntropyPQNats[i] = (t[3] as number) + (t[0] as number);
  }
  const perRow = { rowKlPQNats, rowKlQPNats, rowJsNats, rowEntropyPNats, rowCrossEntropyPQNats, normalizedRowsP: preparedP.normalizedRows, normalizedRowsQ: preparedQ.normalizedRows };
  // The means through the mergeable sums, so a file scored a batch at a time gets the same ones.
  const sums = emptyRowDivergenceSums();
  addRowDivergences(sums, perRow);
  return { ...perRow, ...finishRowDivergenceSums(sums) };
}
