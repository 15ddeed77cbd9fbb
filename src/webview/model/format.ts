// Number formatting for the panel: fixed significant digits, percentages, counts and the
// non-finite values (∞, NaN) spelled out, so tables and tooltips read the same everywhere.

/**
 * Format `value` with `digits` significant digits (default 4), trimming trailing zeros only in
 * exponent form; very small or very large magnitudes switch to exponent notation.
 * Examples: `formatPanelNumber(1.988595)` → "1.989"; `formatPanelNumber(0.922037)` → "0.9220";
 * `formatPanelNumber(Infinity)` → "∞"; `formatPanelNumber(2.2e-16)` → "2.200e−16";
 * `formatPanelNumber(362823.7)` → "362 800" (thin-space groups).
 */
export function formatPanelNumber(value: number, digits = 4): string {
  // Defensive: a null/undefined that slipped through a message must not break the whole page.
  if (typeof value !== 'number') return '—';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || magnitude < 1e-4) return minus(value.toExponential(digits - 1));
  // Large sums read better as grouped integers (toPrecision would switch to "3.628e+5").
  if (magnitude >= 10 ** digits) return formatCount(Number(value.toPrecision(digits)));
  return minus(value.toPrecision(digits));
}

/**
 * A ratio in [0, 1] (precision, recall, F1) with four decimals, as scikit-learn's
 * classification_report and the CLI print them, so a column's digits line up.
 * Example: `formatRatio(1)` → "1.0000", `formatRatio(7 / 15)` → "0.4667".
 */
export function formatRatio(value: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : '—';
}

/**
 * Format a fraction as a percentage with up to `decimals` decimals, trailing zeros dropped.
 * Example: `formatFractionAsPercent(1 / 3)` → "33.3 %"; `formatFractionAsPercent(0.5)` → "50 %".
 */
export function formatFractionAsPercent(fraction: number, decimals = 1): string {
  if (!Number.isFinite(fraction)) return formatPanelNumber(fraction);
  const fixed = (fraction * 100).toFixed(decimals);
  // Drop trailing zeros of the decimals only ("50.0" → "50", but "50" stays "50").
  const text = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return `${minus(text)} %`;
}

/** Integer count with thin-space thousands separators. Example: 1000000 → "1 000 000". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return formatPanelNumber(value);
  const text = Math.round(Math.abs(value))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
  return value < 0 ? `−${text}` : text;
}

/** A value with its unit. Example: `formatWithUnit(1.9886, 'bits')` → "1.989 bits". */
export function formatWithUnit(value: number, unit: string, digits = 4): string {
  return `${formatPanelNumber(value, digits)} ${unit}`;
}

/** Use the typographic minus sign so negative numbers align and read well. */
function minus(text: string): string {
  return text.replace(/^-/, '−').replace(/e-/, 'e−').replace(/e\+/, 'e');
}

/**
 * Format an axis tick: at most 6 significant digits and no trailing zeros, since ticks are round.
 * Examples: `formatTick(2)` → "2"; `formatTick(0.2)` → "0.2"; `formatTick(-0.5)` → "−0.5";
 * `formatTick(1e-7)` → "1e−7".
 */
export function formatTick(value: number): string {
  if (!Number.isFinite(value)) return formatPanelNumber(value);
  if (value === 0) return '0';
  const text = String(Number(value.toPrecision(6)));
  return minus(text);
}
