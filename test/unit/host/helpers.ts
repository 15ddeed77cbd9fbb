// Real analysis results of the samples for the host's pure view code (no mocks: the worker's
// own pipeline produces them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisKind, AnalysisResult, ColumnChoice, LossUnit } from '../../../src/protocol/analysis';
import { resolveAnalysisOptions } from '../../../src/host/analysisOptions';
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
      options: { ...resolveAnalysisOptions({}), unit },
      cancelFlag: createCancelFlag(),
    },
    { isCancelled: () => false, progress: () => undefined },
  );
}
