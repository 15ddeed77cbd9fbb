// Reopening a closed document: the text's fingerprint (slices hash like the whole), and what is
// remembered of closed analyses — restore the kept result of the same text and settings, rerun the
// request when the result was not kept or the settings changed, nothing for a changed file; at
// most N documents and a memory budget for the kept results, oldest dropped first.
import { describe, expect, it } from 'vitest';
import { ClosedAnalyses, reopenAction, resultBytes } from '../../../src/host/closedAnalyses';
import type { ClosedAnalysis } from '../../../src/host/closedAnalyses';
import type { LineSource } from '../../../src/host/documentText';
import { fingerprint, sameFingerprint, textFingerprint, TextHasher } from '../../../src/host/textFingerprint';
import { planSlices } from '../../../src/host/textSlices';
import { analyzeSample } from './helpers';

describe('text fingerprint', () => {
  it('is the same for the text read in slices as for the whole text', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `${i % 2},0.${(i * 7919) % 1000}`).join('\n');
    const lines = text.split('\n');
    const hasher = new TextHasher();
    const plan = planSlices(lines.length, 7, 300);
    let chars: number;
    for (let slice = plan.next(0); slice; slice = plan.next(chars)) {
      const piece = lines.slice(slice.startLine, slice.endLine).join('\n') + (slice.last ? '' : '\n');
      hasher.update(piece);
      chars = piece.length;
    }
    expect(hasher.digest()).toEqual(fingerprint(text));
  });
  it('reads a document in slices across event-loop turns to the same fingerprint, or gives up when it changes', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `tx_${i},${i % 2},0.${(i * 7919) % 1000}`);
    const text = lines.join('\n');
    const source: LineSource = {
      lineCount: lines.length,
      lineText: (line) => lines[line] as string,
      sliceText: (slice) => lines.slice(slice.startLine, slice.endLine).join('\n') + (slice.last ? '' : '\n'),
    };
    expect(await textFingerprint(source, () => true)).toEqual(fingerprint(text));
    let reads = 0;
    expect(await textFingerprint({ ...source, sliceText: (slice) => (reads++, source.sliceText(slice)) }, () => reads < 3)).toBeUndefined();
  });
  it('tells apart texts that differ in one character, in order, or in length only', () => {
    const base = fingerprint('label,p\n1,0.8\n0,0.3\n');
    expect(sameFingerprint(base, fingerprint('label,p\n1,0.8\n0,0.3\n'))).toBe(true);
    expect(sameFingerprint(base, fingerprint('label,p\n1,0.8\n0,0.4\n'))).toBe(false);
    expect(sameFingerprint(base, fingerprint('label,p\n0,0.3\n1,0.8\n'))).toBe(false);
    expect(sameFingerprint(fingerprint(''), fingerprint('\0'))).toBe(false);
    expect(base.length).toBe(20);
    expect(base.hash).toMatch(/^[0-9a-f]{16}$/);
  });
});

function entry(text: string, withResult = true, optionsKey = 'o'): ClosedAnalysis {
  return {
    fingerprint: fingerprint(text),
    recipe: { kind: 'analyze', columns: undefined, selection: undefined },
    overrides: {},
    optionsKey,
    result: withResult ? analyzeSample('binary-predictions.json') : undefined,
  };
}

describe('reopenAction', () => {
  it('restores the kept result of the same text and settings', () => {
    expect(reopenAction(entry('a'), fingerprint('a'), 'o')).toBe('restore');
  });
  it('runs the request again when the result was not kept or the settings changed', () => {
    expect(reopenAction(entry('a', false), fingerprint('a'), 'o')).toBe('rerun');
    expect(reopenAction(entry('a'), fingerprint('a'), 'other settings')).toBe('rerun');
  });
  it('does nothing for a file that changed while closed', () => {
    expect(reopenAction(entry('a'), fingerprint('b'), 'o')).toBe('none');
  });
});

describe('ClosedAnalyses', () => {
  const bytes = resultBytes(analyzeSample('binary-predictions.json'));
  it("counts a result's typed arrays and strings", () => {
    expect(bytes).toBeGreaterThan(100);
    expect(bytes).toBeLessThan(10_000);
  });
  it('gives an entry back once', () => {
    const closed = new ClosedAnalyses(1e9, 4);
    closed.put('a', entry('a'));
    expect(closed.has('a')).toBe(true);
    expect(closed.take('a')?.fingerprint).toEqual(fingerprint('a'));
    expect(closed.take('a')).toBeUndefined();
  });
  it('keeps at most N documents, dropping the least recently closed', () => {
    const closed = new ClosedAnalyses(1e9, 2);
    closed.put('a', entry('a'));
    closed.put('b', entry('b'));
    closed.put('a', entry('a2'));
    closed.put('c', entry('c'));
    expect([closed.has('a'), closed.has('b'), closed.has('c')]).toEqual([true, false, true]);
  });
  it('keeps results within the budget, the oldest results dropped first but their recipes kept', () => {
    const closed = new ClosedAnalyses(2 * bytes, 10);
    closed.put('a', entry('a'));
    closed.put('b', entry('b'));
    closed.put('c', entry('c'));
    expect(closed.size).toBe(3);
    expect(closed.take('a')?.result).toBeUndefined();
    expect(closed.take('b')?.result).toBeDefined();
    expect(closed.take('c')?.result).toBeDefined();
  });
  it('keeps only the recipe of a result larger than the whole budget', () => {
    const closed = new ClosedAnalyses(bytes - 1, 10);
    closed.put('a', entry('a'));
    const kept = closed.take('a');
    expect(kept?.result).toBeUndefined();
    expect(kept?.recipe.kind).toBe('analyze');
  });
});
