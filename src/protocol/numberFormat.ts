// Display formatting of losses, probabilities, ranks and shares for hovers, the status bar and
// command messages. Pure (no vscode) so the exact text is unit-tested.
import { natsToUnit } from './analysis';
import type { LossUnit } from './analysis';

/**
 * A number with 6 significant digits, trailing zeros kept out, ∞ and NaN spelled as symbols.
 * Example: formatNumber(0.32192809488736235) === '0.321928'; formatNumber(Infinity) === '∞'.
 */
export function formatNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e-4 && abs < 1e9 ? value.toPrecision(digits) : value.toExponential(digits - 1);
  const [mantissa, exponent] = text.split('e');
  const trimmed = (mantissa ?? text).includes('.') ? (mantissa ?? text).replace(/0+$/, '').replace(/\.$/, '') : (mantissa ?? text);
  const signed = trimmed.startsWith('-') ? `−${trimmed.slice(1)}` : trimmed;
  return exponent === undefined ? signed : `${signed}e${exponent}`;
}

/** A loss stored in nats shown in the display unit: `0.321928 bits`. */
export function formatLoss(valueNats: number, unit: LossUnit): string {
  return `${formatNumber(natsToUnit(valueNats, unit))} ${unit}`;
}

/**
 * Rank as "worst p %": the share of rows at least as bad as this one, (rank + 1) / n, rounded up
 * to a readable step so the worst row of 10 is "worst 10 %" and of 1,000 "worst 0.1 %".
 * Example: worstPercent(0, 4) === 'worst 25 %'.
 */
export function worstPercent(rank: number, n: number): string {
  if (n <= 0 || rank < 0 || rank >= n) return 'unranked';
  const percent = ((rank + 1) / n) * 100;
  return `worst ${formatPercent(percent)} %`;
}

/**
 * Rank as "best p %": the share of rows at least as good as this one, (n − rank) / n (rank counts
 * the rows with a larger loss), rounded like worstPercent.
 * Example: bestPercent(174, 178) === 'best 2.2 %' (the 4 lowest losses of 178).
 */
export function bestPercent(rank: number, n: number): string {
  if (n <= 0 || rank < 0 || rank >= n) return 'unranked';
  return `best ${formatPercent(((n - rank) / n) * 100)} %`;
}

/**
 * Rank from whichever end is nearer: "worst p %" for rows in the worse half, "best p %" for the
 * others, so a near-perfect row never reads "worst 98.3 %". The middle row keeps "worst".
 * Example: standingPercent(0, 4) === 'worst 25 %'; standingPercent(3, 4) === 'best 25 %'.
 */
export function standingPercent(rank: number, n: number): string {
  return n - rank < rank + 1 ? bestPercent(rank, n) : worstPercent(rank, n);
}

/** A percentage with at most 3 significant digits, never shown as 0 when positive. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return formatNumber(percent);
  if (percent === 0) return '0';
  if (Math.abs(percent) >= 10) return String(Math.round(percent * 10) / 10);
  return formatNumber(Number(percent.toPrecision(2)));
}

/** The row's share of the summed loss, as text: `25.3 %` (or `—` when the sum is 0 or infinite). */
export function shareOfTotal(lossNats: number, sumNats: number): string {
  if (!Number.isFinite(sumNats) || sumNats === 0 || !Number.isFinite(lossNats)) return '—';
  return `${formatPercent((lossNats / sumNats) * 100)} %`;
}

/** The row's loss as a multiple of the mean: `×2.53` (or `—` when undefined). */
export function timesMean(lossNats: number, meanNats: number): string {
  if (!Number.isFinite(meanNats) || meanNats === 0 || !Number.isFinite(lossNats)) return '—';
  return `×${formatNumber(lossNats / meanNats, 3)}`;
}

/**
 * Σ of a weight column as a normalisation note shows it: the sum as written, or, past the largest
 * double (the core still normalises exactly), words instead of "Infinity".
 * Example: formatTotal(1.3e308) === '1.3e+308'; formatTotal(Infinity) === 'more than 1.8e+308'.
 */
export function formatTotal(total: number): string {
  return total === Infinity ? 'more than 1.8e+308' : String(total);
}

/**
 * A p-value as statisticians read it, the same in the CLI and the panel: three decimals, or one
 * significant digit below 0.001; '—' when there is none (NaN).
 * Example: 0.08137 → "0.081", 8.3e-8 → "8.3e-8".
 */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return '—';
  if (p >= 0.001) return p.toFixed(3);
  return p < 1e-300 ? '<1e-300' : p.toExponential(1);
}

/** A solver's wall time: "54 ms" below a second, else "1.23 s". */
export function formatDuration(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}
