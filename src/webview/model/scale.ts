// Linear scales and "nice" tick values for the panel's plots.

/** Maps a data interval [domainLow, domainHigh] linearly onto a pixel interval. */
export interface LinearScale {
  readonly domainLow: number;
  readonly domainHigh: number;
  readonly rangeLow: number;
  readonly rangeHigh: number;
}

/** Make a scale; a zero-width domain is widened by ±0.5 so it still maps somewhere sensible. */
export function linearScale(domainLow: number, domainHigh: number, rangeLow: number, rangeHigh: number): LinearScale {
  if (!(domainHigh > domainLow)) {
    const mid = Number.isFinite(domainLow) ? domainLow : 0;
    return { domainLow: mid - 0.5, domainHigh: mid + 0.5, rangeLow, rangeHigh };
  }
  return { domainLow, domainHigh, rangeLow, rangeHigh };
}

/** Data value → pixel. Example: scale [0,10]→[0,100], value 2.5 → 25. */
export function project(scale: LinearScale, value: number): number {
  const t = (value - scale.domainLow) / (scale.domainHigh - scale.domainLow);
  return scale.rangeLow + t * (scale.rangeHigh - scale.rangeLow);
}

/** Pixel → data value (inverse of `project`). */
export function invert(scale: LinearScale, pixel: number): number {
  const t = (pixel - scale.rangeLow) / (scale.rangeHigh - scale.rangeLow);
  return scale.domainLow + t * (scale.domainHigh - scale.domainLow);
}

/**
 * About `target` round tick values (steps of 1, 2 or 5 × 10^k) covering [low, high].
 * Example: `niceTicks(0, 1, 5)` → [0, 0.2, 0.4, 0.6, 0.8, 1].
 */
export function niceTicks(low: number, high: number, target = 5): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return [];
  if (high === low) return [low];
  const raw = (high - low) / Math.max(1, target);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}
