import { describe, expect, it } from 'vitest';
import { decodeNonFinite, encodeNonFinite, isWebviewToHostMessage } from '../../../src/protocol/panel';

describe('panel message transport', () => {
  it('keeps NaN and ±Infinity through JSON, which is how VS Code sends webview messages', () => {
    const message = { type: 'snapshot', brier: NaN, sum: Infinity, low: -Infinity, list: [1, NaN, { x: Infinity }], ok: 0.5, none: null };
    const received = decodeNonFinite(JSON.parse(JSON.stringify(encodeNonFinite(message))));
    expect(received.brier).toBeNaN();
    expect(received.sum).toBe(Infinity);
    expect(received.low).toBe(-Infinity);
    expect(received.list[1]).toBeNaN();
    expect((received.list[2] as { x: number }).x).toBe(Infinity);
    expect(received.ok).toBe(0.5);
    expect(received.none).toBeNull();
  });

  it('passes typed arrays through untouched (same object, NaN values intact)', () => {
    const losses = Float64Array.of(1, NaN, Infinity);
    const encoded = encodeNonFinite({ losses });
    expect(encoded.losses).toBe(losses);
    expect(decodeNonFinite(encoded).losses).toBe(losses);
  });

  it('leaves ordinary objects that merely have other keys alone', () => {
    const value = { $nonFinite: 'NaN', other: 1 };
    expect(decodeNonFinite(value)).toEqual(value);
  });

  it('accepts only well-formed webview messages on the host', () => {
    expect(isWebviewToHostMessage({ type: 'ready', version: 1 })).toBe(true);
    expect(isWebviewToHostMessage({ type: 'revealRow', documentUri: 'file:///a.csv', row: 3 })).toBe(true);
    expect(isWebviewToHostMessage({ type: 'revealRow', documentUri: 'file:///a.csv', row: -1 })).toBe(false);
    expect(isWebviewToHostMessage({ type: 'revealRow', documentUri: 'file:///a.csv', row: 1.5 })).toBe(false);
    expect(isWebviewToHostMessage({ type: 'savePlot', requestId: 1, format: 'gif', fileName: 'a', data: new Uint8Array() })).toBe(false);
    expect(isWebviewToHostMessage({ type: 'savePlot', requestId: 1, format: 'svg', fileName: 'a.svg', data: new Uint8Array(2) })).toBe(true);
    expect(isWebviewToHostMessage({ type: 'runScript' })).toBe(false);
    expect(isWebviewToHostMessage(null)).toBe(false);
  });
});
