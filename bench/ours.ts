// The one place the bench calls Entropy Lens's own code (src/data, src/core, src/cli), the same way
// the CLI and the worker do: read the text into a table, take columns, hand typed arrays to the core.
import { join } from 'node:path';
import { readTable } from '../src/data';
import { readTableFileInParts } from '../src/data/parallelRead';
import type { Table } from '../src/data';
import { fitLogistic, fitSoftmax } from '../src/core';
import { fitThreads } from '../src/analysis/fitThreads';
import { parseArgs } from '../src/cli/args';
import { readCrossEntropyInput, reportCrossEntropy, scoreCrossEntropy } from '../src/cli/commands/crossEntropy';
import { TableInput } from '../src/cli/tableInput';
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
  /** readTableFileInParts: read the bytes, decode, parse into a table (the second half in the part worker). */
  readTableFile: number;
  /** The command's column step: label codes, probability matrix and its checks, class mapping, label check. */
  columns: number;
  /** scoreModel: per-row loss, p(true), predicted class, Brier, error rate. */
  score: number;
  /** The command's output object and text (what it prints). */
  report: number;
  total: number;
  meanNats: number;
  rows: number;
}

/**
 * `entropy-lens cross-entropy FILE --label label --prob p0,…,p{K−1}` as the CLI runs it
 * (src/cli/runCli.ts): readTableFileInParts (two cores: `partScript` is dist/worker.js, the part
 * worker the CLI starts), a TableInput over the table, then the command's three steps
 * (read and check the columns, score, report), each timed. Columns map to classes by the label
 * value their names end with (p3 ↔ 3).
 */
export async function parseAndCrossEntropy(path: string, probabilityColumns: readonly string[], partScript: string): Promise<ParseCeBreakdown> {
  const parsed = parseArgs(['cross-entropy', path, '--label', 'label', '--prob', probabilityColumns.join(',')]);
  if (parsed.ok !== true) throw new Error('bench: bad cross-entropy command line');
  const { args } = parsed;
  const t0 = performance.now();
  const { table, outcome } = await readTableFileInParts(args.file, { partScript });
  const t1 = performance.now();
  if (outcome.parts !== 2 || outcome.second !== 'worker') throw new Error(`bench: the file was not read in two parts (${JSON.stringify(outcome)})`);
  const input = new TableInput(table);
  const read = readCrossEntropyInput({ args, input });
  const t2 = performance.now();
  const scores = scoreCrossEntropy(read);
  const t3 = performance.now();
  const output = reportCrossEntropy(read, scores, 'e');
  const t4 = performance.now();
  if (output.text.length === 0 || input.warnings.length > 0) throw new Error(`bench: cross-entropy warned: ${input.warnings[0]?.why}`);
  const score = scores[0]?.score;
  if (!score) throw new Error('bench: cross-entropy scored no model');
  return {
    readTableFile: (t1 - t0) / 1000,
    columns: (t2 - t1) / 1000,
    score: (t3 - t2) / 1000,
    report: (t4 - t3) / 1000,
    total: (t4 - t0) / 1000,
    meanNats: score.meanLossNats,
    rows: score.lossNats.length,
  };
}

/**
 * Our fit on data already in memory (timed alone, like scikit-learn's `.fit(X, y)`): binary
 * logistic for two classes, softmax otherwise, C (default 1), L2 (or no penalty), default solver and tolerance.
 */
/** The CLI's and the editor's second core for binary fits: dist/worker.js with the fit-part role. */
const threads = fitThreads(join(__dirname, '../../../dist/worker.js'));

export function fit(data: FitData, penalty: 'l2' | 'none' = 'l2', C = 1): FitResult {
  const features = { data: data.x, rows: data.rows, cols: data.features };
  const options = { C, penalty, ...(threads !== undefined ? { threads } : {}) };
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
