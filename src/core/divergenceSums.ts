// D(P‖Q) and D(Q‖P) of two columns taken as distributions over rows, accumulated batch by batch
// and merged between parts of a file: the streaming road to the same numbers as `divergence`.
// Plain data (structured-cloneable), so a part summed in another thread can be posted back.

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
