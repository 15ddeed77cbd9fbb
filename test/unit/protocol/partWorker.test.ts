// Contract of the stream-part worker's protocol guards: every message and workerData of the
// protocol passes; each malformed shape is refused with a reason in words, never a throw.
import { describe, expect, it } from 'vitest';
import { checkStartPartMessage, checkStreamPartData, checkStreamPartMessage, isCancelPartMessage, isStreamPartMessage, STREAM_PART_ROLE } from '../../../src/protocol/partWorker';
import type { ShapeProblem } from '../../../src/protocol/partWorker';

/** A stand-in for the analysis's part check: a part is `{ rows: <number> }`. */
const partProblem: ShapeProblem = (value) => (typeof value === 'object' && value !== null && typeof (value as { rows?: unknown }).rows === 'number' ? undefined : 'has no rows');
const anything: ShapeProblem = () => undefined;
const never: (why: string) => ShapeProblem = (why) => () => why;

describe('checkStreamPartMessage', () => {
  it('accepts progress, done with a part that passes its check, and failed', () => {
    for (const message of [
      { type: 'progress', bytesRead: 0, rows: 0 },
      { type: 'progress', bytesRead: 4096, rows: 120 },
      { type: 'done', part: { rows: 3 } },
      { type: 'failed', reason: 'no range' },
    ]) {
      expect(checkStreamPartMessage(message, partProblem)).toEqual({ ok: true, value: message });
      expect(isStreamPartMessage(message, partProblem)).toBe(true);
    }
  });

  it.each([
    ['a message that is not an object (null)', null],
    ['a message that is not an object (undefined)', undefined],
    ['a message that is not an object (a string)', 'done'],
    ['a message that is not an object (an array)', [{ type: 'done' }]],
    ['a message of unknown type (undefined)', {}],
    ['a message of unknown type (a number)', { type: 7 }],
    ['a message of unknown type "bytes"', { type: 'bytes' }],
    ['a "progress" message whose bytesRead is not a count', { type: 'progress', rows: 1 }],
    ['a "progress" message whose bytesRead is not a count', { type: 'progress', bytesRead: -1, rows: 1 }],
    ['a "progress" message whose bytesRead is not a count', { type: 'progress', bytesRead: 1.5, rows: 1 }],
    ['a "progress" message whose rows is not a count', { type: 'progress', bytesRead: 10, rows: Number.NaN }],
    ['a "progress" message whose rows is not a count', { type: 'progress', bytesRead: 10, rows: '3' }],
    ['a "done" message whose part has no rows', { type: 'done' }],
    ['a "done" message whose part has no rows', { type: 'done', part: { rows: 'all' } }],
    ['a "failed" message without a reason', { type: 'failed' }],
    ['a "failed" message without a reason', { type: 'failed', reason: { message: 'x' } }],
  ])('refuses %s', (reason, message) => {
    expect(checkStreamPartMessage(message, partProblem)).toEqual({ ok: false, reason });
    expect(isStreamPartMessage(message, partProblem)).toBe(false);
  });
});

describe('checkStreamPartData', () => {
  const data = { role: STREAM_PART_ROLE, path: '/tmp/preds.csv', spec: {}, range: { start: 10, end: 20 } };

  it('accepts the role, a path, limits that are counts, and a spec and range that pass their checks', () => {
    expect(checkStreamPartData(data, anything, anything)).toEqual({ ok: true, value: data });
    const limited = { ...data, maxProblems: 100, chunkBytes: 1 << 20, maxRecordBytes: 16 << 20 };
    expect(checkStreamPartData(limited, anything, anything)).toEqual({ ok: true, value: limited });
  });

  it.each([
    ['workerData that is not an object (null)', null],
    ['workerData whose role is not "stream-part"', { ...data, role: 'read-part' }],
    ['workerData without a path', { ...data, path: '' }],
    ['workerData without a path', { ...data, path: 3 }],
    ['workerData whose maxProblems is not a count', { ...data, maxProblems: -1 }],
    ['workerData whose chunkBytes is not a count', { ...data, chunkBytes: '1M' }],
  ])('refuses %s', (reason, value) => {
    expect(checkStreamPartData(value, anything, anything)).toEqual({ ok: false, reason });
  });

  it('names the spec or the range its check refuses', () => {
    expect(checkStreamPartData(data, never('has no models'), anything)).toEqual({ ok: false, reason: 'workerData whose spec has no models' });
    expect(checkStreamPartData(data, anything, never('is backwards'))).toEqual({ ok: false, reason: 'workerData whose range is backwards' });
  });

  it('accepts workerData without a spec (it comes in the start message) and does not check one', () => {
    const { spec: _spec, ...withoutSpec } = data;
    expect(checkStreamPartData(withoutSpec, never('has no models'), anything)).toEqual({ ok: true, value: withoutSpec });
  });
});

describe('checkStartPartMessage', () => {
  it('accepts a start with a spec its check passes, and names the spec it refuses', () => {
    expect(checkStartPartMessage({ type: 'start', spec: {} }, anything)).toEqual({ ok: true, value: { type: 'start', spec: {} } });
    expect(checkStartPartMessage({ type: 'start' }, never('is not an object (undefined)'))).toEqual({ ok: false, reason: 'a "start" message whose spec is not an object (undefined)' });
  });

  it('leaves every other message to the other guards (undefined)', () => {
    for (const value of [null, 'start', { type: 'cancel' }, [{ type: 'start' }]]) expect(checkStartPartMessage(value, anything)).toBeUndefined();
  });
});

describe('isCancelPartMessage', () => {
  it('accepts a cancel and nothing else', () => {
    expect(isCancelPartMessage({ type: 'cancel' })).toBe(true);
    for (const value of [null, 'cancel', {}, { type: 'progress' }, [{ type: 'cancel' }]]) expect(isCancelPartMessage(value)).toBe(false);
  });
});
