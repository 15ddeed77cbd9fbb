import { describe, expect, it } from 'vitest';
import { formatCount, formatPanelNumber, formatFractionAsPercent, formatRatio, formatWithUnit } from '../../../src/webview/model/format';

describe('number formatting', () => {
  it('shows four significant digits by default', () => {
    expect(formatPanelNumber(1.988595)).toBe('1.989');
    expect(formatPanelNumber(0.922037)).toBe('0.9220');
    expect(formatPanelNumber(12.5)).toBe('12.50');
  });

  it('prints ratios (precision, recall, F1) with four decimals, as classification_report', () => {
    expect([formatRatio(1), formatRatio(7 / 15), formatRatio(0), formatRatio(Number.NaN)]).toEqual(['1.0000', '0.4667', '0.0000', '—']);
  });

  it('spells out infinity and NaN instead of printing JavaScript names', () => {
    expect(formatPanelNumber(Infinity)).toBe('∞');
    expect(formatPanelNumber(-Infinity)).toBe('−∞');
    expect(formatPanelNumber(NaN)).toBe('NaN');
  });

  it('switches to exponent form for tiny and huge magnitudes, with a real minus sign', () => {
    expect(formatPanelNumber(2.220446049250313e-16)).toBe('2.220e−16');
    expect(formatPanelNumber(-3e17)).toBe('−3.000e17');
    expect(formatPanelNumber(362823.7)).toBe('362\u2009800');
    expect(formatPanelNumber(-12345.6)).toBe('−12\u2009350');
    expect(formatPanelNumber(9999.4)).toBe('9999');
    expect(formatPanelNumber(0)).toBe('0');
  });

  it('formats percentages without trailing zeros', () => {
    expect(formatFractionAsPercent(1 / 3)).toBe('33.3 %');
    expect(formatFractionAsPercent(0.5)).toBe('50 %');
    expect(formatFractionAsPercent(0)).toBe('0 %');
    expect(formatFractionAsPercent(0.5, 0)).toBe('50 %');
    expect(formatFractionAsPercent(1, 0)).toBe('100 %');
    expect(formatFractionAsPercent(1)).toBe('100 %');
    expect(formatFractionAsPercent(0.105, 1)).toBe('10.5 %');
  });

  it('groups thousands in counts', () => {
    expect(formatCount(1_000_000)).toBe('1\u2009000\u2009000');
    expect(formatCount(999)).toBe('999');
  });

  it('appends the unit', () => {
    expect(formatWithUnit(0.811278, 'bits')).toBe('0.8113 bits');
  });
});
