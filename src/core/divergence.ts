// Kullback–Leibler divergence both ways, Jensen–Shannon divergence, entropy and cross-entropy of
// two distributions, in nats: two columns as distributions over rows, or row by row.
import { requireFinite, requireNonNegative, requireRows, requireSameLength, requireShape } from './checks';
import { CoreError } from './coreError';
import type { Matrix } from './matrix';
import { prepareProbabilityRows } from './probabilityRows';
import { compensatedSum, scaledTotal } from './summation';

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

/** The per-row terms whose sums are a DivergenceResult: p and q normalised, p ln(p/q), q ln(q/p) and the JS term. */
export interface DivergenceRowTerms {
  readonly p: Float64Array;
  readonly q: Float64Array;
  readonly pq: Float64Array;
  readonly qp: Float64Array;
  readonly js: Float64Array;
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

/** p ln(p/q) with 0 ln(0/q) = 0 and p ln(p/0) = +Infinity (scipy.special.rel_entr). */
function relativeEntropy(p: number, q: number): number {
  if (p === 0) return 0;
  if (q === 0) return Infinity;
  return p * Math.log(p / q);
}

/** Divergences of one pair of slices normalised by their totals (scale × sum, see scaledTotal; internal, no allocation). */
function pairTerms(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  offset: number,
  length: number,
  totalP: { scale: number; sum: number },
  totalQ: { scale: number; sum: number },
  out: Float64Array,
  terms?: DivergenceRowTerms,
): void {
  let klPQ = 0;
  let klQP = 0;
  let js = 0;
  let hP = 0;
  let hQ = 0;
  let infPQ = 0;
  let infQP = 0;
  for (let k = offset; k < offset + length; k++) {
    const a = (p[k] as number) / totalP.scale / totalP.sum;
    const b = (q[k] as number) / totalQ.scale / totalQ.sum;
    klPQ += relativeEntropy(a, b);
    klQP += relativeEntropy(b, a);
    const m = 0.5 * (a + b);
    const jsTerm = 0.5 * relativeEntropy(a, m) + 0.5 * relativeEntropy(b, m);
    js += jsTerm;
    if (terms !== undefined) {
      const r = k - offset;
      terms.p[r] = a;
      terms.q[r] = b;
      terms.pq[r] = relativeEntropy(a, b);
      terms.qp[r] = relativeEntropy(b, a);
      terms.js[r] = jsTerm;
    }
    if (a > 0) hP -= a * Math.log(a);
    if (b > 0) hQ -= b * Math.log(b);
    if (a > 0 && b === 0) infPQ++;
    if (b > 0 && a === 0) infQP++;
  }
  out[0] = klPQ;
  out[1] = klQP;
  out[2] = js;
  out[3] = hP;
  out[4] = hQ;
  out[5] = infPQ;
  out[6] = infQP;
}

/**
 * Divergences between two columns, each normalised to a distribution over the rows:
 * D(P‖Q) = Σ_i p_i ln(p_i/q_i), D(Q‖P), JS, H(P), H(Q) and the cross-entropies, in nats.
 * Numerical care: terms follow scipy.special.rel_entr (0 ln 0 = 0, p ln(p/0) = +Infinity,
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
  // Weights may be any size: a total beyond the largest double is taken as scale × sum.
  const scaledP = scaledTotal(p);
  const scaledQ = scaledTotal(q);
  const totalP = scaledP.scale * scaledP.sum;
  const totalQ = scaledQ.scale * scaledQ.sum;
  if (totalP === 0) throw new CoreError('zeroTotal', 'P sums to 0: a distribution needs a positive total');
  if (totalQ === 0) throw new CoreError('zeroTotal', 'Q sums to 0: a distribution needs a positive total');
  const t = new Float64Array(7);
  const n = p.length;
  const rowTerms = options.rowTerms === true ? { p: new Float64Array(n), q: new Float64Array(n), pq: new Float64Array(n), qp: new Float64Array(n), js: new Float64Array(n) } : undefined;
  pairTerms(p, q, 0, n, scaledP, scaledQ, t, rowTerms);
  const [klPQ, klQP, js, hP, hQ, infPQ, infQP] = t as unknown as number[] as [number, number, number, number, number, number, number];
  return {
    klPQNats: klPQ,
    klQPNats: klQP,
    jsNats: js,
    entropyPNats: hP,
    entropyQNats: hQ,
    crossEntropyPQNats: hP + klPQ,
    crossEntropyQPNats: hQ + klQP,
    infinitePQTerms: infPQ,
    infiniteQPTerms: infQP,
    n: p.length,
    totalP,
    totalQ,
    normalizedP: Math.abs(totalP - 1) > 1e-12,
    normalizedQ: Math.abs(totalQ - 1) > 1e-12,
    ...(rowTerms === undefined ? {} : { rowTerms }),
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
  const t = new Float64Array(7);
  const unit = { scale: 1, sum: 1 };
  let infinitePQRows = 0;
  let infiniteQPRows = 0;
  for (let i = 0; i < rows; i++) {
    pairTerms(a, b, i * cols, cols, unit, unit, t);
    rowKlPQNats[i] = t[0] as number;
    rowKlQPNats[i] = t[1] as number;
    rowJsNats[i] = t[2] as number;
    rowEntropyPNats[i] = t[3] as number;
    rowCrossEntropyPQNats[i] = (t[3] as number) + (t[0] as number);
    if ((t[5] as number) > 0) infinitePQRows++;
    if ((t[6] as number) > 0) infiniteQPRows++;
  }
  const mean = (v: Float64Array): number => compensatedSum(v) / rows;
  return {
    rowKlPQNats,
    rowKlQPNats,
    rowJsNats,
    rowEntropyPNats,
    rowCrossEntropyPQNats,
    meanKlPQNats: mean(rowKlPQNats),
    meanKlQPNats: mean(rowKlQPNats),
    meanJsNats: mean(rowJsNats),
    meanEntropyPNats: mean(rowEntropyPNats),
    meanCrossEntropyPQNats: mean(rowCrossEntropyPQNats),
    infinitePQRows,
    infiniteQPRows,
    normalizedRowsP: preparedP.normalizedRows,
    normalizedRowsQ: preparedQ.normalizedRows,
    n: rows,
  };
}
