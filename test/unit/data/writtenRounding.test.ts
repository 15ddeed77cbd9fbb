// The decimals a cell is written with: a plain decimal is counted without the regular expression,
// and counts the same as with it, whatever the cell.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTable, writtenRounding } from '../../../src/data';

/** writtenRounding's decimals as the pattern alone counts them (the reference). */
function patternDecimals(raw: string): number | undefined {
  let decimals = -1;
  for (const match of raw.matchAll(/-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g)) {
    const [mantissa = '', exponent] = match[0].toLowerCase().split('e');
    const point = mantissa.indexOf('.');
    const places = point < 0 ? 0 : mantissa.length - point - 1;
    decimals = Math.max(decimals, Math.max(0, places - (exponent === undefined ? 0 : Number(exponent))));
  }
  return decimals >= 2 && decimals <= 12 ? decimals : undefined;
}

function decimalsOfCell(cell: string): number | undefined {
  const table = readTable(`a,b\n${cell},x\n`, { format: 'csv' });
  return writtenRounding(table, 0, [0], 1)?.decimals;
}

describe('writtenRounding', () => {
  it('counts plain decimals, signs, leading and trailing points as the pattern does', () => {
    for (const cell of ['0.0005791', '-0.25', '.125', '-.125', '1.', '12', '0.123456789012', '0.1234567890123', '00.50', '-', '.', '-.', '1.2.3', '--0.5', '1e-06', '2.5E-3', '0.5e2']) {
      expect(decimalsOfCell(cell), cell).toBe(patternDecimals(cell));
    }
  });

  it('agrees with the pattern on random cells', () => {
    const piece = fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', 'E', ' ', 'x', '12', '0.5');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        const cell = pieces.join('');
        // Only cells the CSV reader keeps as one unquoted field.
        expect(decimalsOfCell(cell)).toBe(patternDecimals(readTable(`a,b\n${cell},x\n`, { format: 'csv' }).raw(0, 0) ?? ''));
      }),
      { numRuns: 2000 },
    );
  });
});
