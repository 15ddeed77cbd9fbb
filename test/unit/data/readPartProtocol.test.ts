// Contract of the read-part worker's protocol guards: the messages and workerData it sends pass;
// each malformed shape, and a part whose arrays do not fit the header or the range, is refused
// with a reason in words, never a throw.
import { describe, expect, it } from 'vitest';
import { scanCsvPart } from '../../../src/data';
import { checkReadPartData, checkReadPartMessage, isReadPartMessage, READ_PART_ROLE } from '../../../src/data/readPartProtocol';

const text = '0,0.5,0.5\n1,0.25,0.75\n';
const expected = { width: 3, length: text.length };
const part = scanCsvPart(text, 3, ',')!;

describe('checkReadPartMessage', () => {
  it('accepts bytes, failed, and done with the part scanCsvPart makes', () => {
    expect(part.rows).toBe(2);
    for (const message of [{ type: 'bytes' }, { type: 'failed', reason: 'the range is not ASCII' }, { type: 'done', part }]) {
      expect(checkReadPartMessage(message, expected)).toEqual({ ok: true, value: message });
      expect(isReadPartMessage(message, expected)).toBe(true);
    }
  });

  it('accepts a part of no records', () => {
    expect(checkReadPartMessage({ type: 'done', part: scanCsvPart('', 3, ',') }, { width: 3, length: 0 }).ok).toBe(true);
  });

  it.each([
    ['a message that is not an object (null)', null],
    ['a message that is not an object (a number)', 42],
    ['a message of unknown type "progress"', { type: 'progress' }],
    ['a message of unknown type (undefined)', { kind: 'done' }],
    ['a "failed" message without a reason', { type: 'failed' }],
    ['a "done" message whose part is not an object (undefined)', { type: 'done' }],
    ['a "done" message whose rows is not a count', { type: 'done', part: { ...part, rows: -2 } }],
    ['a "done" message whose rowStarts is not a Uint32Array of 2 items', { type: 'done', part: { ...part, rowStarts: Array.from(part.rowStarts) } }],
    ['a "done" message whose rowEnds is not a Uint32Array of 2 items', { type: 'done', part: { ...part, rowEnds: part.rowEnds.subarray(0, 1) } }],
    ['a "done" message whose cells is not a Uint16Array or Uint32Array of 6 items', { type: 'done', part: { ...part, cells: new Float64Array(6) } }],
    ['a "done" message whose values is not a Float64Array of 6 items', { type: 'done', part: { ...part, values: new Float64Array(4) } }],
    ['a "done" message whose record 1 ([10, 99)) is not inside the range\'s 22 bytes', { type: 'done', part: { ...part, rowEnds: Uint32Array.of(10, 99) } }],
    ['a "done" message whose record 0 ([10, 9)) is not inside the range\'s 22 bytes', { type: 'done', part: { ...part, rowStarts: Uint32Array.of(10, 10) } }],
  ])('refuses %s', (reason, message) => {
    expect(checkReadPartMessage(message, expected)).toEqual({ ok: false, reason });
    expect(isReadPartMessage(message, expected)).toBe(false);
  });

  it('refuses a part scanned with another width than the header’s', () => {
    expect(checkReadPartMessage({ type: 'done', part }, { width: 4, length: text.length })).toEqual({
      ok: false,
      reason: 'a "done" message whose cells is not a Uint16Array or Uint32Array of 8 items',
    });
  });
});

describe('checkReadPartData', () => {
  const data = { role: READ_PART_ROLE, path: '/tmp/preds.csv', bytes: new SharedArrayBuffer(100), start: 40, end: 100, width: 4, delimiter: ',' };

  it('accepts the workerData parallelRead starts the worker with', () => {
    expect(checkReadPartData(data)).toEqual({ ok: true, value: data });
    expect(checkReadPartData({ ...data, delimiter: '\t', start: 100 }).ok).toBe(true);
  });

  it.each([
    ['workerData that is not an object (undefined)', undefined],
    ['workerData whose role is not "read-part"', { ...data, role: 'stream-part' }],
    ['workerData without a path', { ...data, path: undefined }],
    ['workerData whose bytes are not a SharedArrayBuffer', { ...data, bytes: new ArrayBuffer(100) }],
    ['workerData whose start is not a count', { ...data, start: -1 }],
    ['workerData whose end is not a count', { ...data, end: '100' }],
    ['workerData whose width is not a count', { ...data, width: 2.5 }],
    ['workerData whose range [60, 50) is not inside its 100 bytes', { ...data, start: 60, end: 50 }],
    ['workerData whose range [40, 101) is not inside its 100 bytes', { ...data, end: 101 }],
    ['workerData whose width is 0', { ...data, width: 0 }],
    ['workerData whose delimiter is not one of , ; tab |', { ...data, delimiter: ':' }],
  ])('refuses %s', (reason, value) => {
    expect(checkReadPartData(value)).toEqual({ ok: false, reason });
  });
});
