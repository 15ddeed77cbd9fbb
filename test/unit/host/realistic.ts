// Analyses of the realistic exports (test/fixtures/realistic, made by scripts/reference/realistic.py)
// through the worker's own pipeline, for the host's pure view code; scikit-learn's figures beside them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisKind, AnalysisResult, ColumnChoice, LossUnit } from '../../../src/protocol/analysis';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';

export const REALISTIC = join(__dirname, '../../fixtures/realistic');

/** expected.json: per file the label, classes in column order, class-order rule and scikit-learn's scores. */
export const EXPECTED = JSON.parse(readFileSync(join(REALISTIC, 'expected.json'), 'utf8')) as Record<
  string,
  { label: string; classes: string[]; classOrder: string; uncertain: boolean; scores?: { mean: number; n: number }; rowsOffByRounding?: number }
>;

export function analyzeFixture(fileName: string, columns?: ColumnChoice, kind: AnalysisKind = 'analyze', unit: LossUnit = 'nats'): AnalysisResult {
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind,
      source: { kind: 'document', uri: `file:///realistic/${fileName}`, version: 1, fileName, languageId: 'csv', text: readFileSync(join(REALISTIC, fileName), 'utf8') },
      ...(columns ? { columns } : {}),
      options: { ...resolveAnalysisOptions({}), unit },
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}
