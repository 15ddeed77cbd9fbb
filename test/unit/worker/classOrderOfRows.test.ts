// The class order comes from every row with a label, whatever else is wrong with the row, and a
// selection is scored in the order of the whole document.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';

const context = { isCancelled: () => false, progress: () => undefined };
function analyze(path: string, selection?: { startLine: number; endLine: number }) {
  const text = readFileSync(path, 'utf8');
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind: 'analyze',
      source: { kind: 'document', uri: `file://${path}`, version: 1, fileName: path, languageId: 'csv', text },
      options: resolveAnalysisOptions({}),
      cancelFlag: createCancelFlag(),
      ...(selection ? { selection } : {}),
    },
    context,
  );
}

describe('class order evidence', () => {
  it('malformed.csv: rows with bad cells still name their class, so p_cat, p_dog, p_horse map by name and only "hrse" is unknown', () => {
    const result = analyze(join(__dirname, '../../fixtures/extension/malformed.csv'));
    expect(result.models[0]?.classOrder).toMatchObject({ rule: 'names', classes: ['cat', 'dog', 'horse'], uncertain: false });
    expect(result.problems.filter((p) => p.code === 'unknown-label').map((p) => p.value)).toEqual(['hrse']);
  });

  it('a selection of two digits rows is scored in the order decided on all 1,797 rows', () => {
    const path = join(__dirname, '../../fixtures/realistic/digits-names.jsonl');
    const whole = analyze(path);
    const part = analyze(path, { startLine: 10, endLine: 11 });
    expect(part.rows.count).toBe(2);
    expect(part.models[0]?.classOrder).toEqual(whole.models[0]?.classOrder);
    expect(part.rows.classes).toEqual(whole.rows.classes);
    for (let row = 0; row < 2; row++) expect(part.models[0]!.lossNats[row]).toBe(whole.models[0]!.lossNats[row + 10]);
  });
});
