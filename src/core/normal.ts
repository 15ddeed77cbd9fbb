// The standard normal distribution's tails, for Wald tests: erfc to ~3e-15 relative everywhere
// (checked against mpmath at 40 digits).

/** The 97.5 % quantile of the standard normal: a 95 % two-sided interval is ± this many errors. */
export const NORMAL_QUANTILE_975 = 1.959963984540054;

/**
 * Complementary error function. |x| < 1: 1 − erf(x) by erf's Maclaurin series (terms fall fast;
 * the subtraction loses at most a factor 1/erfc(1) ≈ 6 of relative precision); beyond: the
 * continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) by Lentz's
 * method, which converges in at most a few hundred terms there. Example: erfc(1) = 0.157299207050285.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) {
    // erf(x) = 2/√π · Σ_n (−1)^n x^(2n+1) / (n! (2n + 1))
    const x2 = x * x;
    let term = x;
    let total = x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      total += add;
      if (Math.abs(add) < 1e-17 * Math.abs(total)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * total;
  }
  if (x > 27) return 0; // below the smallest double
  // Lentz: f = x + a_1/(x + a_2/(x + …)), a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** Two-sided p-value of a Wald statistic z: P(|Z| ≥ |z|) = erfc(|z|/√2). NaN stays NaN. */
export function twoSidedNormalP(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
