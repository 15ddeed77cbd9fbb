// Information units: every loss arrives in nats; the panel shows bits, nats or dits on demand.
import type { InformationUnit } from '../../protocol/panel';

export const INFORMATION_UNITS: readonly InformationUnit[] = ['bits', 'nats', 'dits'];

/**
 * Convert a quantity in nats to `unit`: a value in base b is the natural value divided by ln b
 * (bits: ÷ ln 2, dits: ÷ ln 10). ±∞ and NaN pass through.
 * Example: `fromNats(Math.LN2, 'bits')` is 1; `fromNats(1.3787753, 'bits')` ≈ 1.988595.
 */
export function fromNats(valueNats: number, unit: InformationUnit): number {
  switch (unit) {
    case 'nats':
      return valueNats;
    case 'bits':
      return valueNats / Math.LN2;
    case 'dits':
      return valueNats / Math.LN10;
  }
}

/** Short symbol for a unit in tables and axes. Example: `unitSymbol('bits')` is "bits". */
export function unitSymbol(unit: InformationUnit): string {
  return unit;
}

/**
 * Perplexity of a mean cross-entropy: exp(mean CE in nats) — the same in every unit.
 * Example: mean CE ln 2 nats → perplexity 2.
 */
export function perplexity(meanNats: number): number {
  return Math.exp(meanNats);
}

/**
 * Maximum entropy of K classes, ln K nats (uniform distribution); 0 for K ≤ 1.
 * Example: `maxEntropyNats(2)` is ln 2 = 1 bit.
 */
export function maxEntropyNats(classCount: number): number {
  return classCount > 1 ? Math.log(classCount) : 0;
}

/** Parse a persisted or configured unit, falling back to `fallback` for anything else. */
export function parseUnit(value: unknown, fallback: InformationUnit): InformationUnit {
  return value === 'bits' || value === 'nats' || value === 'dits' ? value : fallback;
}
