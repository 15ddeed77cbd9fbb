// D(P‖Q) and D(Q‖P) of two columns taken as distributions over rows, accumulated batch by batch
// and merged between parts of a file: the streaming road to the same numbers as `divergence`.
// Plain data (structured-cloneable), so a part summed in another thread can be posted back.

/**
 * Running sums for the divergences of two weight columns P and Q. Each side keeps Σ w and
 * Σ w ln(w / other) scaled by 2^−exponent (a power of two, so scaling is exact), which keeps them
 * finite however large the weights: 1e308 + 1e308 overflows a double, its scaled sum does not.
 * The sums are Neumaier-compensated (sum plus correction), so a long stream keeps ~1e-16 relative
 * accuracy and merging two parts adds their corrections instead of losing them.
 */
export interface DivergenceSums {
  /** P's side: Σ p and Σ_{p>0, q>0} p ln(p/q), both × 2^−exponentP, each with its correction. */
  exponentP: number;
  sumP: number;
  sumPCorrection: number;
  termsPQ: number;
  termsPQCorrection: number;
  /** Q's side, likewise with Σ q ln(q/p). */
  exponentQ: number;
  sumQ: number;
  sumQCorrection: number;
  termsQP: number;
  termsQPCorrection: number;
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

/** Sums of no rows. */
export function emptyDivergenceSums(): DivergenceSums {
  return {
    exponentP: 0,
    sumP: 0,
    sumPCorrection: 0,
    termsPQ: 0,
    termsPQCorrection: 0,
    exponentQ: 0,
    sumQ: 0,
    sumQCorrection: 0,
    termsQP: 0,
    termsQPCorrection: 0,
    infinitePQ: 0,
    infiniteQP: 0,
    n: 0,
  };
}

/** Neumaier step: the new sum and the new correction of sum + v (the pair's exact sum is kept). */
function twoSum(sum: number, correction: number, v: number): [number, number] {
  const t = sum + v;
  const c = Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
  return [t, correction + c];
}

function rescaleP(s: DivergenceSums, steps: number): void {
  const f = 2 ** (-RESCALE_STEP * steps);
  s.sumP *= f;
  s.sumPCorrection *= f;
  s.termsPQ *= f;
  s.termsPQCorrection *= f;
  s.exponentP += RESCALE_STEP * steps;
}

function rescaleQ(s: DivergenceSums, steps: number): void {
  const f = 2 ** (-RESCALE_STEP * steps);
  s.sumQ *= f;
  s.sumQCorrection *= f;
  s.termsQP *= f;
  s.termsQPCorrection *= f;
  s.exponentQ += RESCALE_STEP * steps;
}

/**
 * Adds one row's pair (p, q) of finite non-negative weights (callers report other values as
 * problems first). Terms follow scipy.special.rel_entr: 0 ln(0/q) = 0, p ln(p/0) counted in
 * infinitePQ. The log ratio is taken of the weights as given, never of scaled or normalised ones,
 * so no precision is lost to the scaling. O(1).
 */
export function addDivergencePair(s: DivergenceSums, p: number, q: number): void {
  s.n++;
  let a = p * 2 ** -s.exponentP;
  while (a > RESCALE_ABOVE || Math.abs(s.sumP) > RESCALE_ABOVE || Math.abs(s.termsPQ) > RESCALE_ABOVE) {
    rescaleP(s, 1);
    a = p * 2 ** -s.exponentP;
  }
  let b = q * 2 ** -s.exponentQ;
  while (b > RESCALE_ABOVE || Math.abs(s.sumQ) > RESCALE_ABOVE || Math.abs(s.termsQP) > RESCALE_ABOVE) {
    rescaleQ(s, 1);
    b = q * 2 ** -s.exponentQ;
  }
  [s.sumP, s.sumPCorrection] = twoSum(s.sumP, s.sumPCorrection, a);
  [s.sumQ, s.sumQCorrection] = twoSum(s.sumQ, s.sumQCorrection, b);
  if (p > 0) {
    if (q > 0) [s.termsPQ, s.termsPQCorrection] = twoSum(s.termsPQ, s.termsPQCorrection, a * Math.log(p / q));
    else s.infinitePQ++;
  }
  if (q > 0) {
    if (p > 0) [s.termsQP, s.termsQPCorrection] = twoSum(s.termsQP, s.termsQPCorrection, b * Math.log(q / p));
    else s.infiniteQP++;
  }
}

/** The sums one pass over `first`'s rows then `second`'s would hold (brought to one scale first). */
export function mergeDivergenceSums(first: DivergenceSums, second: DivergenceSums): DivergenceSums {
  const out = { ...first };
  const other = { ...second };
  const stepsP = (other.exponentP - out.exponentP) / RESCALE_STEP;
  if (stepsP > 0) rescaleP(out, stepsP);
  else if (stepsP < 0) rescaleP(other, -stepsP);
  const stepsQ = (other.exponentQ - out.exponentQ) / RESCALE_STEP;
  if (stepsQ > 0) rescaleQ(out, stepsQ);
  else if (stepsQ < 0) rescaleQ(other, -stepsQ);
  [out.sumP, out.sumPCorrection] = twoSum(out.sumP, out.sumPCorrection + other.sumPCorrection, other.sumP);
  [out.termsPQ, out.termsPQCorrection] = twoSum(out.termsPQ, out.termsPQCorrection + other.termsPQCorrection, other.termsPQ);
  [out.sumQ, out.sumQCorrection] = twoSum(out.sumQ, out.sumQCorrection + other.sumQCorrection, other.sumQ);
  [out.termsQP, out.termsQPCorrection] = twoSum(out.termsQP, out.termsQPCorrection + other.termsQPCorrection, other.termsQP);
  out.infinitePQ += other.infinitePQ;
  out.infiniteQP += other.infiniteQP;
  out.n += other.n;
  return out;
}

/**
 * D(P‖Q) = Σ p ln(p/q) / ΣP + ln(ΣQ / ΣP) (the normalisation taken out of the sum), with the
 * powers of two added back in log space, so weights (1e308, 1e308) against (1e308, 1e308) give 0
 * and (1e308, 1e308) against (1, 3) give ln 2 − ½ln 3 − … exactly as for (1, 1). A side with
 * total 0 gives NaN (callers refuse it first). O(1).
 */
export function finishDivergenceSums(s: DivergenceSums): DivergenceTotals {
  const sumP = s.sumP + s.sumPCorrection;
  const sumQ = s.sumQ + s.sumQCorrection;
  // ln(ΣQ / ΣP) as the log of one ratio plus the powers of two, not ln ΣQ − ln ΣP: two logs near
  // 710 would cancel to ~1e-13 absolute.
  const logRatio = Math.log(sumQ / sumP) + (s.exponentQ - s.exponentP) * Math.LN2;
  const klPQ = s.infinitePQ > 0 ? Infinity : (s.termsPQ + s.termsPQCorrection) / sumP + logRatio;
  const klQP = s.infiniteQP > 0 ? Infinity : (s.termsQP + s.termsQPCorrection) / sumQ - logRatio;
  return {
    klPQNats: klPQ,
    klQPNats: klQP,
    totalP: sumP * 2 ** s.exponentP,
    totalQ: sumQ * 2 ** s.exponentQ,
    infinitePQ: s.infinitePQ,
    infiniteQP: s.infiniteQP,
    n: s.n,
  };
}
