// The one place the bench calls Entropy Lens's own code (src/data, src/core), the same way the CLI
// and the worker do: read the text into a table, take columns, hand typed arrays to the core.
import { readTable, readTableFile } from '../src/data';
import type { Table } from '../src/data';
import { crossEntropy, encodeLabels, fitLogistic, fitSoftmax } from '../src/core';
import type { FitResult } from '../src/core';
import type { Coefficients, FitData } from './objective';
import type { ParseCheck } from './parsePeers';

/** Every column of a numeric CSV as numbers: readTable, then one row-major matrix of all columns. */
export function parseAllNumbers(text: string): ParseCheck {
  const table = readTable(text, { format: 'csv' });
  const names = table.columns.map((c) => c.name);
  const matrix = table.matrix(names);
  if (matrix.problemCount > 0) throw new Error(`our reader reported ${matrix.problemCount} problems, first: ${matrix.problems[0]?.message}`);
  const width = matrix.width;
  let sum = 0;
  for (let i = 0; i < matrix.rowCount; i++) sum += matrix.values[i * width + width - 1] as number;
  return { rows: matrix.rowCount, lastColumnSum: sum };
}

/** readTable alone (structure, row index), without converting cells to numbers. */
export function readStructure(text: string): Table {
  return readTable(text, { format: 'csv' });
}

/** Seconds spent in each step of {@link parseAndCrossEntropy}. */
export interface ParseCeBreakdown {
  /** readTableFile: read the bytes, decode, parse into a table. */
  readTableFile: number;
  columns: number;
  crossEntropy: number;
  total: number;
  meanNats: number;
  rows: number;
}

/**
 * End to end as the CLI runs it: `readTableFile` (the data layer's file reader) → label column +
 * probability matrix → class indices → multi-class cross-entropy (scikit-learn's clipping ε).
 * The label column is `label`; the probability columns `p0…p{K-1}` map to classes 0…K−1.
 */
export async function parseAndCrossEntropy(path: string): Promise<ParseCeBreakdown> {
  const t0 = performance.now();
  const table = await readTableFile(path);
  const t1 = performance.now();
  const probabilityColumns = table.columns.map((c) => c.name).filter((name) => name !== 'label');
  const labels = table.labels('label');
  const probabilities = table.matrix(probabilityColumns);
  if (table.problemCount > 0 || labels.problemCount > 0 || probabilities.problemCount > 0) {
    throw new Error(`our reader reported problems: ${[...table.problems, ...labels.problems, ...probabilities.problems][0]?.message}`);
  }
  const classes = probabilityColumns.map((_, k) => String(k));
  const encoded = encodeLabels(labels.values, classes);
  const t2 = performance.now();
  const result = crossEntropy(encoded.indices, { data: probabilities.values, rows: probabilities.rowCount, cols: probabilities.width });
  const t3 = performance.now();
  return {
    readTableFile: (t1 - t0) / 1000,
    columns: (t2 - t1) / 1000,
    crossEntropy: (t3 - t2) / 1000,
    total: (t3 - t0) / 1000,
    meanNats: result.meanNats,
    rows: result.n,
  };
}

/**
 * Our fit on data already in memory (timed alone, like scikit-learn's `.fit(X, y)`): binary
 * logistic for two classes, softmax otherwise, C = 1, L2 (or no penalty), default solver and tolerance.
 */
export function fit(data: FitData, penalty: 'l2' | 'none' = 'l2'): FitResult {
  const features = { data: data.x, rows: data.rows, cols: data.features };
  const options = { C: 1, penalty };
  return data.classes === 2 ? fitLogistic(features, data.labels, options) : fitSoftmax(features, data.labels, data.classes, options);
}

/** A fit's coefficients in the shape objective.ts judges. */
export function coefficientsOf(result: FitResult): Coefficients {
  const { rows, cols, data } = result.coef;
  return {
    coef: Array.from({ length: rows }, (_, k) => data.slice(k * cols, (k + 1) * cols)),
    intercept: Array.from(result.intercept),
  };
}
