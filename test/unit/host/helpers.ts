// Real analysis results of the samples for the host's pure view code (no mocks: the worker's
// own pipeline produces them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisKind, AnalysisResult, ColumnChoice, LossUnit } from '../../../src/protocol/analysis';
import { createCancelFlag } from '../../../src/protocol/worker';
import { analyzeDocument } from '../../../src/worker/analyzeTable';

export const SAMPLES = join(__dirname, '../../../samples');

export function analyzeSample(fileName: string, kind: AnalysisKind = 'analyze', unit: LossUnit = 'bits', text?: string, columns?: ColumnChoice): AnalysisResult {
  return analyzeDocument(
    {
      type: 'analyze',
      id: 1,
      kind,
      source: { kind: 'document', uri: `file:///samples/${fileName}`, version: 1, fileName, languageId: 'csv', text: text ?? readFileSync(join(SAMPLES, fileName), 'utf8') },
      ...(columns ? { columns } : {}),
      options: {
        unit,
        epsilon: 2.220446049250313e-16,
        normalizeRows: false,
        ignoreMissing: false,
        treatAsLogits: [],
        fit: { C: 1, penalty: 'l2', maxIterations: 1000 },
        maxProblems: 1000,
      },
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}
