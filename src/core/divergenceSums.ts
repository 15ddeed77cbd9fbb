// Divergences accumulated batch by batch and merged between parts of a file: D(P‖Q) and D(Q‖P)
// of two columns in one pass (Analyze File on Disk), the second pass of `divergence` (each row's
// terms once the totals are known), and the sums behind rowDivergences' means. Plain data
// (structured-cloneable), so a part summed in another thread can be posted back.
import { normalizedWeight } from './entropySums';
import type { WeightNormalizer } from './entropySums';
import { addCompensated, compensatedTotal, emptyCompensatedSum, mergeCompensatedSums } from './summation';
import type { CompensatedSum } from './summation';

/**
 * One side's running sums: Σ w and Σ w ln(w / other) over rows with both weights positive, both
 * scaled by 2^−exponent (a power of two, so scaling is exact), each Neumaier-compensated (sum
 * plus correction).
 */
export interface SideSums {
  exponent: number;
  sum: number;
  sumCorrection: number;
  terms: number;
  termsCorrection: number;
}

/**
 * Running sums for the divergences of two weight columns P and Q. The scaling keeps them finite
 * however large the weights: 1e308 + 1e308 overflows a double, its scaled sum does not. The
 * compensation keeps ~1e-16 relative accuracy over a long stream, and merging two parts adds
 * their corrections instead of losing them.
 */
export interface DivergenceSums {
  /** Σ p and Σ p ln(p/q). */
  p: SideSums;
  /** Σ q and Σ q ln(q/p). */
  q: SideSums;
  /** Rows with p > 0 and q = 0 (each makes D(P‖Q) infinite), and the other way. */
  infinitePQ: number;
  infiniteQP: number;
  /** Rows added. */
  n: number;
}

/** The finished divergences, in nats, and the totals they normalised by. */
export interface DivergenceTotals {
  /** D(P‖Q) = Σ (p/ΣP) ln((p/ΣP)/(q/ΣQ)); +Infinity when some p > 0 has q = 0. */
  readonly klPQNats: number;
  readonly klQPNats: number;
  /** Σ p and Σ q (+Infinity when the true total is beyond the largest double). */
  readonly totalP: number;
  readonly totalQ: number;
  readonly infinitePQ: number;
  readonly infiniteQP: number;
  readonly n: number;
}

/** A scaled sum above this is rescaled before it can overflow (2^960: room for any double added). */
const RESCALE_ABOVE = 2 ** 960;
/** The step of a rescale: 2^−128, exact on every normal double. */
const RESCALE_STEP = 128;

const emptySide = (): SideSums => ({ exponent: 0, sum: 0, sumCorrection: 0, terms: 0, termsCorrection: 0 });

/** Sums of no rows. */
export function emptyDivergenceSums(): DivergenceSums {
  return { p: emptySide(), q: emptySide(), infinitePQ: 0, infiniteQP: 0, n: 0 };
}

/** Neumaier step: the new sum and the new correction of sum + v (the pair's exact sum is kept). */
function twoSum(sum: number, correction: number, v: number): [number, number] {
  const t = sum + v;
  const c = Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
  return [t, correction + c];
}

/** Multiplies a side's sums by 2^(−RESCALE_STEP·steps) and raises its exponent to match. */
function rescale(side: SideSums, steps: number): void {
  const f = 2 ** (-RESCALE_STEP * steps);
  side.sum *= f;
  side.sumCorrection *= f;
  side.terms *= f;
  side.termsCorrection *= f;
  side.exponent += RESCALE_STEP * steps;
}

/**
 * Adds weight w to a side, with its term w ln(w / other) when `logRatio` is given: w is scaled to
 * the side's exponent, which first grows until neither w nor the sums can overflow.
 */
function addToSide(side: SideSums, w: number, logRatio: number | undefined): void {
  let a = w * 2 ** -side.exponent;
  while (a > RESCALE_ABOVE || Math.abs(side.sum) > RESCALE_ABOVE || Math.abs(side.terms) > RESCALE_ABOVE) {
    rescale(side, 1);
    a = w * 2 ** -side.exponent;
  }
  [side.sum, side.sumCorrection] = twoSum(side.sum, side.sumCorrection, a);
  if (logRatio !== undefined) [side.terms, side.termsCorrection] = twoSum(side.terms, side.termsCorrection, a * logRatio);
}

/**
 * Adds one row's pair (p, q) of finite non-negative weights (callers report other values as
 * problems first). Terms follow scipy.special.rel_entr: 0 ln(0/q) = 0, p ln(p/0) counted in
 * infinitePQ. The log ratio is taken of the weights as given, never of scaled or normalised ones,
 * so no precision is lost to the scaling. O(1).
 */
export function addDivergencePair(s: DivergenceSums, p: number, q: number): void {
  s.n++;
  const both = p > 0 && q > 0;
  addToSide(s.p, p, both ? Math.log(p / q) : undefined);
  addToSide(s.q, q, both ? Math.log(q / p) : undefined);
  if (p > 0 && q === 0) s.infinitePQ++;
  if (q > 0 && p === 0) s.infiniteQP++;
}

/** Two sides' sums brought to the larger exponent and added. */
function mergeSides(first: SideSums, second: SideSums): SideSums {
  const out = { ...first };
  const other = { ...second };
  const steps = (other.exponent - out.exponent) / RESCALE_STEP;
  if (steps > 0) rescale(out, steps);
  else if (steps < 0) rescale(other, -steps);
  [out.sum, out.sumCorrection] = twoSum(out.sum, out.sumCorrection + other.sumCorrection, other.sum);
  [out.terms, out.termsCorrection] = twoSum(out.terms, out.termsCorrection + other.termsCorrection, other.terms);
  return out;
}

/** The sums one pass over `first`'s rows then `second`'s would hold. */
export function mergeDivergenceSums(first: DivergenceSums, second: DivergenceSums): DivergenceSums {
  return {
    p: mergeSides(first.p, second.p),
    q: mergeSides(first.q, second.q),
    infinitePQ: first.infinitePQ + second.infinitePQ,
    infiniteQP: first.infiniteQP + second.infiniteQP,
    n: first.n + second.n,
  };
}

/**
 * D(P‖Q) = Σ p ln(p/q) / ΣP + ln(ΣQ / ΣP) (the normalisation taken out of the sum), with the
 * powers of two added back in log space, so weights (1e308, 1e308) against (1e308, 1e308) give 0
 * and (1e308, 1e308) against (1, 3) give ln 2 − ½ln 3 − … exactly as for (1, 1). A side with
 * total 0 gives NaN (callers refuse it first). O(1).
 */
export function finishDivergenceSums(s: DivergenceSums): DivergenceTotals {
  const sumP = s.p.sum + s.p.sumCorrection;
  const sumQ = s.q.sum + s.q.sumCorrection;
  // ln(ΣQ / ΣP) as the log of one ratio plus the powers of two, not ln ΣQ − ln ΣP: two logs near
  // 710 would cancel to ~1e-13 absolute.
  const logRatio = Math.log(sumQ / sumP) + (s.q.exponent - s.p.exponent) * Math.LN2;
  return {
    klPQNats: s.infinitePQ > 0 ? Infinity : (s.p.terms + s.p.termsCorrection) / sumP + logRatio,
    klQPNats: s.infiniteQP > 0 ? Infinity : (s.q.terms + s.q.termsCorrection) / sumQ - logRatio,
    totalP: sumP * 2 ** s.p.exponent,
    totalQ: sumQ * 2 ** s.q.exponent,
    infinitePQ: s.infinitePQ,
    infiniteQP: s.infiniteQP,
    n: s.n,
  };
}

/**
 * The second pass over two weight columns P and Q, once both totals are known (finishEntropySums'
 * normalizers): each row's normalised p and q give its terms p ln(p/q), q ln(q/p) and the
 * Jensen–Shannon term ½ p ln(p/m) + ½ q ln(q/m), m = (p + q)/2, summed compensated. Dividing
 * first keeps every term as accurate as its row (no ln ΣP to cancel) and the JS divergence needs
 * the totals anyway. The in-memory `divergence` takes this same pass, so a streamed file's sums
 * give its numbers.
 */
export interface DivergenceTermSums {
  pq: CompensatedSum;
  qp: CompensatedSum;
  js: CompensatedSum;
  /** Rows with p > 0 and q = 0 (each makes D(P‖Q) infinite), and the other way. */
  infinitePQ: number;
  infiniteQP: number;
  n: number;
}

/** The per-row terms whose sums are a DivergenceTermSums: p and q normalised, p ln(p/q), q ln(q/p) and the JS term. */
export interface DivergenceRowTerms {
  readonly p: Float64Array;
  readonly q: Float64Array;
  readonly pq: Float64Array;
  readonly qp: Float64Array;
  readonly js: Float64Array;
}

/** p ln(p/q) with 0 ln(0/q) = 0 and p ln(p/0) = +Infinity (scipy.special.rel_entr). */
export function relativeEntropy(p: number, q: number): number {
  if (p === 0) return 0;
  if (q === 0) return Infinity;
  return p * Math.log(p / q);
}

/** ½ D(a‖m) + ½ D(b‖m) for one entry, m = (a + b)/2: symmetric in a and b, at most ln 2 · (a + b)/2. */
export function jensenShannonTerm(a: number, b: number): number {
  const m = 0.5 * (a + b);
  return 0.5 * relativeEntropy(a, m) + 0.5 * relativeEntropy(b, m);
}

/** Sums of no rows. */
export function emptyDivergenceTermSums(): DivergenceTermSums {
  return { pq: emptyCompensatedSum(), qp: emptyCompensatedSum(), js: emptyCompensatedSum(), infinitePQ: 0, infiniteQP: 0, n: 0 };
}

/**
 * Adds one row's pair (p, q) of finite non-negative weights, normalised by `normalizerP` and
 * `normalizerQ` (callers report other values as problems first). With `rowTerms`, the row's
 * normalised values and terms are written at index `row`. O(1).
 */
export function addDivergenceTerms(s: DivergenceTermSums, p: number, q: number, normalizerP: WeightNormalizer, normalizerQ: WeightNormalizer, rowTerms?: DivergenceRowTerms, row = 0): void {
  const a = normalizedWeight(p, normalizerP);
  const b = normalizedWeight(q, normalizerQ);
  const pq = relativeEntropy(a, b);
  const qp = relativeEntropy(b, a);
  const js = jensenShannonTerm(a, b);
  addCompensated(s.pq, pq);
  addCompensated(s.qp, qp);
  addCompensated(s.js, js);
  if (a > 0 && b === 0) s.infinitePQ++;
  if (b > 0 && a === 0) s.infiniteQP++;
  s.n++;
  if (rowTerms !== undefined) {
    rowTerms.p[row] = a;
    rowTerms.q[row] = b;
    rowTerms.pq[row] = pq;
    rowTerms.qp[row] = qp;
    rowTerms.js[row] = js;
  }
}

/** The sums one pass over `first`'s rows then `second`'s would hold. */
export function mergeDivergenceTermSums(first: DivergenceTermSums, second: DivergenceTermSums): DivergenceTermSums {
  return {
    pq: mergeCompensatedSums(first.pq, second.pq),
    qp: mergeCompensatedSums(first.qp, second.qp),
    js: mergeCompensatedSums(first.js, second.js),
    infinitePQ: first.infinitePQ + second.infinitePQ,
    infiniteQP: first.infiniteQP + second.infiniteQP,
    n: first.n + second.n,
  };
}

/**
 * D(P‖Q), D(Q‖P) and JS(P, Q) in nats from the second pass's sums: +Infinity for a direction with
 * an infinite term (counted); JS is always finite, in [0, ln 2]. O(1).
 * Example: P [.75, .25], Q [.5, .5] → klPQNats 0.13081 (scipy.stats.entropy(P, Q)).
 */
export function finishDivergenceTermSums(s: DivergenceTermSums): { klPQNats: number; klQPNats: number; jsNats: number; infinitePQ: number; infiniteQP: number; n: number } {
  return {
    klPQNats: s.infinitePQ > 0 ? Infinity : compensatedTotal(s.pq),
    klQPNats: s.infiniteQP > 0 ? Infinity : compensatedTotal(s.qp),
    jsNats: compensatedTotal(s.js),
    infinitePQ: s.infinitePQ,
    infiniteQP: s.infiniteQP,
    n: s.n,
  };
}

/**
 * Running sums of row-by-row divergences (each row of two column groups a distribution): the
 * compensated sums behind rowDivergences' means, added a batch of rows at a time in row order
 * (exactly compensatedSum's steps) and merged between parts of a file. Plain data.
 */
export interface RowDivergenceSums {
  pq: CompensatedSum;
  qp: CompensatedSum;
  js: CompensatedSum;
  entropyP: CompensatedSum;
  crossEntropyPQ: CompensatedSum;
  /** Rows whose D(P‖Q) (D(Q‖P)) is +Infinity. */
  infinitePQRows: number;
  infiniteQPRows: number;
  normalizedRowsP: number;
  normalizedRowsQ: number;
  n: number;
}

/** One batch's per-row divergences, as rowDivergences returns them. */
export interface RowDivergenceBatch {
  readonly rowKlPQNats: Float64Array;
  readonly rowKlQPNats: Float64Array;
  readonly rowJsNats: Float64Array;
  readonly rowEntropyPNats: Float64Array;
  readonly rowCrossEntropyPQNats: Float64Array;
  readonly normalizedRowsP: number;
  readonly normalizedRowsQ: number;
}

/** Sums of no rows. */
export function emptyRowDivergenceSums(): RowDivergenceSums {
  const zero = emptyCompensatedSum;
  return { pq: zero(), qp: zero(), js: zero(), entropyP: zero(), crossEntropyPQ: zero(), infinitePQRows: 0, infiniteQPRows: 0, normalizedRowsP: 0, normalizedRowsQ: 0, n: 0 };
}

/** Adds a batch's rows in row order. O(rows). */
export function addRowDivergences(s: RowDivergenceSums, batch: RowDivergenceBatch): void {
  const rows = batch.rowKlPQNats.length;
  for (let i = 0; i < rows; i++) {
    const pq = batch.rowKlPQNats[i] as number;
    const qp = batch.rowKlQPNats[i] as number;
    addCompensated(s.pq, pq);
    addCompensated(s.qp, qp);
    addCompensated(s.js, batch.rowJsNats[i] as number);
    addCompensated(s.entropyP, batch.rowEntropyPNats[i] as number);
    addCompensated(s.crossEntropyPQ, batch.rowCrossEntropyPQNats[i] as number);
    if (pq === Infinity) s.infinitePQRows++;
    if (qp === Infinity) s.infiniteQPRows++;
  }
  s.normalizedRowsP += batch.normalizedRowsP;
  s.normalizedRowsQ += batch.normalizedRowsQ;
  s.n += rows;
}

/** The sums one pass over `first`'s rows then `second`'s would hold. */
export function mergeRowDivergenceSums(first: RowDivergenceSums, second: RowDivergenceSums): RowDivergenceSums {
  return {
    pq: mergeCompensatedSums(first.pq, second.pq),
    qp: mergeCompensatedSums(first.qp, second.qp),
    js: mergeCompensatedSums(first.js, second.js),
    entropyP: mergeCompensatedSums(first.entropyP, second.entropyP),
    crossEntropyPQ: mergeCompensatedSums(first.crossEntropyPQ, second.crossEntropyPQ),
    infinitePQRows: first.infinitePQRows + second.infinitePQRows,
    infiniteQPRows: first.infiniteQPRows + second.infiniteQPRows,
    normalizedRowsP: first.normalizedRowsP + second.normalizedRowsP,
    normalizedRowsQ: first.normalizedRowsQ + second.normalizedRowsQ,
    n: first.n + second.n,
  };
}

/** The means over the rows added (+Infinity when a row is infinite; NaN for no rows). O(1). */
export function finishRowDivergenceSums(s: RowDivergenceSums): {
  meanKlPQNats: number;
  meanKlQPNats: number;
  meanJsNats: number;
  meanEntropyPNats: number;
  meanCrossEntropyPQNats: number;
  infinitePQRows: number;
  infiniteQPRows: number;
  normalizedRowsP: number;
  normalizedRowsQ: number;
  n: number;
} {
  const mean = (sum: CompensatedSum): number => compensatedTotal(sum) / s.n;
  return {
    meanKlPQNats: mean(s.pq),
    meanKlQPNats: mean(s.qp),
    meanJsNats: mean(s.js),
    meanEntropyPNats: mean(s.entropyP),
    meanCrossEntropyPQNats: mean(s.crossEntropyPQ),
    infinitePQRows: s.infinitePQRows,
    infiniteQPRows: s.infiniteQPRows,
    normalizedRowsP: s.normalizedRowsP,
    normalizedRowsQ: s.normalizedRowsQ,
    n: s.n,
  };
}
