// However the host sends a document (whole text, streamed slices, or a path to its saved file),
// the worker analyses the same text; a file that no longer matches the document is refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalysisOptions, DocumentSource } from '../../../src/protocol/worker';
import { createCancelFlag, DEFAULT_LOSS_SETTINGS } from '../../../src/protocol/worker';
import { analyzeDocument, DocumentChanged } from '../../../src/worker/analyzeTable';
import type { WorkContext } from '../../../src/analysis/workContext';

const OPTIONS: AnalysisOptions = {
  unit: 'nats',
  epsilon: null,
  normalizeRows: false,
  ignoreMissing: false,
  treatAsLogits: [],
  fit: { C: 1, penalty: 'l2', maxIterations: 100, classWeight: 'none' },
  loss: DEFAULT_LOSS_SETTINGS,
  maxProblems: 100,
};
const CONTEXT: WorkContext = { isCancelled: () => false, progress: () => undefined };
const TEXT = 'label,p\n1,0.9\n0,0.2\n1,0.6\n';
const identity = { kind: 'document' as const, uri: 'file:///d.csv', version: 3, fileName: 'd.csv', languageId: 'csv' };
const dir = mkdtempSync(join(tmpdir(), 'entropy-lens-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function analyze(source: DocumentSource, streamedText?: string) {
  return analyzeDocument({ type: 'analyze', id: 1, kind: 'crossEntropy', source, options: OPTIONS, cancelFlag: createCancelFlag() }, CONTEXT, streamedText);
}

describe('document sources', () => {
  const whole = analyze({ ...identity, text: TEXT });

  it('a streamed text gives the same result as the whole text', () => {
    const streamed = analyze({ ...identity, streamed: true }, TEXT);
    expect(streamed.rowLoss?.sumNats).toBe(whole.rowLoss?.sumNats);
    expect(Array.from(streamed.rows.firstLine)).toEqual(Array.from(whole.rows.firstLine));
    expect(streamed.documentVersion).toBe(3);
  });

  it('a saved file that matches the document gives the same result, a byte-order mark dropped', () => {
    const path = join(dir, 'same.csv');
    writeFileSync(path, `\ufeff${TEXT}`);
    const check = {
      lineCount: 5,
      lines: [
        { line: 0, text: 'label,p' },
        { line: 4, text: '' },
      ],
    };
    const fromFile = analyze({ ...identity, path, check });
    expect(fromFile.rowLoss?.sumNats).toBe(whole.rowLoss?.sumNats);
    expect(Array.from(fromFile.rows.startCharacter)).toEqual(Array.from(whole.rows.startCharacter));
  });

  it('a saved file with non-ASCII text is decoded as UTF-8 (labels and character positions as in the document)', () => {
    const text = 'label,p\nçà,0.9\nñ,0.2\nçà,0.6\n';
    const path = join(dir, 'accents.csv');
    writeFileSync(path, text);
    const check = { lineCount: 5, lines: [{ line: 1, text: 'çà,0.9' }] };
    const fromFile = analyzeDocument({ type: 'analyze', id: 1, kind: 'entropy', source: { ...identity, path, check }, options: OPTIONS, cancelFlag: createCancelFlag() }, CONTEXT);
    const fromText = analyzeDocument({ type: 'analyze', id: 1, kind: 'entropy', source: { ...identity, text }, options: OPTIONS, cancelFlag: createCancelFlag() }, CONTEXT);
    expect(fromFile.entropy?.classes).toEqual(['çà', 'ñ']);
    expect(fromFile.entropy).toEqual(fromText.entropy);
    expect(Array.from(fromFile.rows.endCharacter)).toEqual(Array.from(fromText.rows.endCharacter));
  });

  it('a saved file that differs from the document is refused, not analysed', () => {
    const path = join(dir, 'changed.csv');
    writeFileSync(path, TEXT.replace('0.2', '0.25'));
    const check = { lineCount: 5, lines: [{ line: 2, text: '0,0.2' }] };
    expect(() => analyze({ ...identity, path, check })).toThrow(DocumentChanged);
  });
});
