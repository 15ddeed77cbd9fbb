// The byte scanner is the string scanner over ASCII bytes: the same records, offsets, quotes and
// line breaks, and every number exactly Number()'s double, whatever the text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordState, scanRecord } from '../../../src/data/csvScanner';
import { isBlankRecordBytes, scanRecordBytes } from '../../../src/data/csvByteScanner';

/** Every record of `text` as both scanners see it (fields, values, offsets, flags), in order. */
function records(text: string, scan: (position: number, state: RecordState) => void, blank: (state: RecordState) => boolean): unknown[] {
  const state = new RecordState();
  const out: unknown[] = [];
  for (let position = 0; position < text.length; position = state.next) {
    scan(position, state);
    out.push({
      count: state.count,
      starts: [...state.starts.subarray(0, state.count)],
      ends: [...state.ends.subarray(0, state.count)],
      // Object.is: -0 and NaN compared as themselves.
      values: [...state.values.subarray(0, state.count)].map((v) => (Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v)),
      end: state.end,
      next: state.next,
      terminated: state.terminated,
      lineBreaks: state.lineBreaks,
      unterminatedQuote: state.unterminatedQuote,
      strayQuote: state.strayQuote,
      blank: blank(state),
    });
  }
  return out;
}

function bothScans(text: string, delimiter = ','): { text: unknown[]; bytes: unknown[] } {
  const code = delimiter.charCodeAt(0);
  const bytes = Buffer.from(text, 'latin1');
  return {
    text: records(
      text,
      (position, state) => scanRecord(text, position, code, state),
      (state) => state.isBlank(text),
    ),
    bytes: records(
      text,
      (position, state) => scanRecordBytes(bytes, position, code, state),
      (state) => isBlankRecordBytes(bytes, state),
    ),
  };
}

/** The first field's value when `written` is scanned as a cell, by the byte scanner (the string scanner must agree). */
function valueOf(written: string, after = ',x\n'): number {
  const state = new RecordState();
  scanRecord(written + after, 0, 0x2c, state);
  const fromText = state.values[0]!;
  scanRecordBytes(Buffer.from(written + after, 'latin1'), 0, 0x2c, state);
  const fromBytes = state.values[0]!;
  return Object.is(fromText, fromBytes) ? fromBytes : Number.NaN;
}

const SPELLINGS = [
  '0',
  '-0',
  '+0',
  '-0.0e5',
  '0.0005791',
  '1',
  '1.',
  '.5',
  '+.5',
  '-.5',
  '12',
  '123',
  '1234567',
  '12345678',
  '123456789',
  '1234567890',
  '0.30000000000000004',
  '0.1',
  '1e-3',
  '1E5',
  '1e+5',
  '-1e-7',
  '2.5e-05',
  '1e22',
  '1e23',
  '1e-22',
  '1e-23',
  '4.9e-324',
  '2e-324',
  '1e-400',
  '1.7976931348623157e308',
  '1.7976931348623159e308',
  '1e309',
  '-1e309',
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '0.9007199254740993',
  '9007199254740993e-5',
  '9007199254740993e1',
  '90071992547409931',
  '123456789012345678901234567890',
  '0.000000000000000000000000000001',
  '00042',
  '1e000000000000000000005',
  '1e99999999999',
  ' 2.5',
  '2.5 ',
  '\t7',
  'inf',
  '-inf',
  'Infinity',
  '"0.25"',
  '" 3 "',
];

describe('scanRecordBytes', () => {
  it('reads every spelling of a number as Number() does, -0 and huge and tiny ones included (as the string scanner does)', () => {
    for (const written of SPELLINGS) {
      const expected = written.startsWith('"') ? Number(written.slice(1, -1)) : /^\s*[+-]?inf$/i.test(written) ? Number(written.replace(/inf$/i, 'Infinity')) : Number(written);
      expect(Object.is(valueOf(written), expected), written).toBe(true);
      // The same at the end of the text, without a line break after it.
      expect(Object.is(valueOf(written, ''), expected), `${written} at the end`).toBe(true);
    }
  });

  it('gives NaN for what is not a number, as the string scanner does', () => {
    for (const written of ['', 'NA', 'NaN', 'nan', 'abc', '1e', '1e+', '.', '-', '+', '1..2', '0x10', '1_000', '--1', '1e5x', '"1""2"', '"0.5"x']) {
      expect(valueOf(written), written).toBeNaN();
    }
  });

  it('agrees with Number() on random doubles in every notation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 20 }), (x, digits) => {
        for (const s of [String(x), x.toExponential(), x.toExponential(digits), Number.isFinite(x) && Math.abs(x) < 1e21 ? x.toFixed(digits) : String(x), x.toPrecision(digits + 1)]) {
          if (!Object.is(valueOf(s), Number(s))) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('scans the records the string scanner scans: quotes, doubled quotes, quoted line breaks, CRLF, lone CR, blank lines', () => {
    const texts = [
      'a,b,c\n1,2,3\n',
      '"x,y",0.5,"a\nb"\r\n"q""q",-0,1e-3\r\n',
      '1,2\r3,4\r\n5,6\n\n  \n7,8',
      '"unterminated,1,2\n3,4\n',
      '"stray"x,1\n"ok",2\n',
      ',,\n,1,\n',
      '0.1,0.2\r',
      '"",""""\n',
      '1,"2\r\n3",4\n',
    ];
    for (const text of texts) {
      const scans = bothScans(text);
      expect(scans.bytes, JSON.stringify(text)).toEqual(scans.text);
    }
  });

  it('scans random ASCII text exactly as the string scanner scans it, with any delimiter', () => {
    const piece = fc.constantFrom('0', '1', '7', '.', '-', '+', 'e', 'E', ' ', ',', ';', '\t', '"', '\n', '\r', 'a', 'inf', '0.5', '1e-5', '9007199254740993', '""');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom(',', ';', '\t'), (pieces, delimiter) => {
        const scans = bothScans(pieces.join(''), delimiter);
        expect(scans.bytes).toEqual(scans.text);
      }),
      { numRuns: 3000 },
    );
  });
});
