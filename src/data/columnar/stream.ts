// A columnar file streamed as streamRecords' record batches, so the streamed aggregates (Analyze
// File on Disk, the CLI's streamed commands) read Parquet row groups, Arrow record batches and
// NumPy slices exactly as they read CSV chunks, in memory bounded by one chunk. Positions are the
// binary table's grid (line r + 1 is row r, character c is column c: columnar/table.ts).
import { LabelInterner } from '../labelInterner';
import { DEFAULT_MAX_PROBLEMS, ProblemCollector, quoteValue } from '../problems';
import type { LabelCodes, RecordBatch, StreamColumns, StreamOptions, StreamSummary } from '../streamRecords';
import type { Problem, ProblemCode } from '../types';
import { COLUMNAR_FORMAT_NAMES, openColumnar } from './open';
import type { ChunkColumn, ColumnarField, ColumnarFile, ColumnarFormat } from './source';
import { numberText } from './table';
import { distributionWeightRefusal } from '../validate';

/** Rows per batch, as the text stream's. */
const BATCH_ROWS = 16384;

/**
 * Streams `path` (a `format` file) as record batches of the requested columns. A number column
 * asked for as `numbers` arrives there (a null is NaN with a `missing-value` problem; a text
 * column is NaN with `not-a-number`); a list / 2-D column asked for as `numbers` or `vectors`
 * arrives in `vectors`; labels are the cells' text (numbers in their shortest form). Byte ranges
 * (the two-part split) do not apply: the file is read whole, in order. Never rejects.
 */
export async function streamColumnarRecords(path: string, format: ColumnarFormat, columns: StreamColumns, onBatch: (batch: RecordBatch) => void, options: StreamOptions = {}): Promise<StreamSummary> {
  const problems = new ProblemCollector(options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const summary: StreamSummary = {
    format,
    delimiter: undefined,
    columns: [],
    rowCount: 0,
    bytesRead: 0,
    cancelled: false,
    problems: problems.problems,
    problemCount: 0,
    lineCount: 0,
    characterCount: 0,
    complete: false,
    rangeExtended: false,
  };
  const opened = await openColumnar(path, format);
  if (!opened.ok) {
    problems.add(opened.problem);
    summary.problemCount = problems.count;
    return summary;
  }
  const file = opened.file;
  try {
    summary.columns = file.fields.map((field) => field.name);
    const stride = file.fields.length + 1;
    const reader = new BatchMaker(file, columns, problems);
    for (const name of reader.unknown) problems.add(unknownColumn(name, file));
    let stopped = false;
    const problem = await file.read(
      reader.fieldNames,
      (chunk) => {
        if (options.signal?.aborted) {
          stopped = true;
          return;
        }
        onBatch(reader.batch(chunk.firstRow, chunk.rowCount, chunk.columns, stride));
        summary.rowCount = chunk.firstRow + chunk.rowCount;
        summary.bytesRead = file.rowCount === 0 ? file.byteLength : Math.round((file.byteLength * summary.rowCount) / file.rowCount);
        options.onProgress?.({ bytesRead: summary.bytesRead, totalBytes: file.byteLength, rows: summary.rowCount });
      },
      { chunkRows: BATCH_ROWS, ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (problem !== undefined) problems.add(problem);
    summary.cancelled = stopped || options.signal?.aborted === true;
    summary.complete = problem === undefined && !summary.cancelled;
    if (summary.complete) summary.bytesRead = file.byteLength;
    summary.lineCount = summary.rowCount + 1;
    summary.characterCount = summary.lineCount * stride;
  } finally {
    await file.close();
  }
  summary.problemCount = problems.count;
  return summary;
}

/** Turns a reader's chunks into record batches of the requested columns, with their problems. */
class BatchMaker {
  /** Requested names that are not fields of the file. */
  readonly unknown: string[] = [];
  /** The fields to read (each once, whatever role asked for it). */
  readonly fieldNames: string[];
  private readonly byName = new Map<string, { field: ColumnarField; index: number }>();
  private readonly interners = new Map<string, LabelInterner>();
  private readonly distributions: ReadonlySet<string>;

  constructor(
    file: ColumnarFile,
    private readonly columns: StreamColumns,
    private readonly problems: ProblemCollector,
  ) {
    file.fields.forEach((field, index) => this.byName.set(field.name, { field, index }));
    const wanted = new Set([...(columns.numbers ?? []), ...(columns.labels ?? []), ...(columns.labelCodes ?? []), ...(columns.vectors ?? [])]);
    this.fieldNames = [...wanted].filter((name) => this.byName.has(name));
    this.unknown = [...wanted].filter((name) => !this.byName.has(name));
    for (const name of columns.labelCodes ?? []) this.interners.set(name, new LabelInterner());
    this.distributions = new Set(columns.distributions ?? []);
  }

  batch(firstRow: number, rowCount: number, chunk: ReadonlyMap<string, ChunkColumn>, stride: number): RecordBatch {
    const numbers = new Map<string, Float64Array>();
    const vectors = new Map<string, { width: number; values: Float64Array }>();
    const labels = new Map<string, string[]>();
    const labelCodes = new Map<string, LabelCodes>();
    const at = (name: string): { column: ChunkColumn | undefined; index: number } => ({ column: chunk.get(name), index: this.byName.get(name)?.index ?? -1 });
    for (const name of [...(this.columns.numbers ?? []), ...(this.columns.vectors ?? [])]) {
      const { column, index } = at(name);
      if (column === undefined) {
        if (index < 0) numbers.set(name, new Float64Array(rowCount).fill(NaN));
        continue;
      }
      if (column.kind === 'vector') {
        vectors.set(name, { width: column.width, values: column.values });
        for (let i = 0; i < rowCount; i++) {
          const length = column.lengths[i]!;
          if (length < 0) this.report('missing-value', `Missing value in column "${name}"`, firstRow + i, index, name, 'null', stride);
          else if (length !== column.width) this.report('vector-length', `"${name}" has ${length} values here but ${column.width} in most rows`, firstRow + i, index, name, '', stride);
        }
      } else if (column.kind === 'number') {
        numbers.set(name, column.values);
        for (let i = 0; i < rowCount; i++) if (column.values[i]! !== column.values[i]!) this.report('missing-value', `Missing value in column "${name}"`, firstRow + i, index, name, 'null', stride);
        if (this.distributions.has(name)) {
          for (let i = 0; i < rowCount; i++) {
            const refusal = distributionWeightRefusal(name, column.values[i]!);
            if (refusal !== undefined) this.report(refusal.code, refusal.message, firstRow + i, index, name, numberText(column.values[i]!), stride);
          }
        }
      } else {
        numbers.set(name, new Float64Array(rowCount).fill(NaN));
        for (let i = 0; i < rowCount; i++) {
          const text = column.values[i] ?? null;
          if (text === null || text.trim() === '') this.report('missing-value', `Missing value in column "${name}"`, firstRow + i, index, name, text ?? 'null', stride);
          else this.report('not-a-number', `${quoteValue(text)} in column "${name}" is not a number (the column holds text)`, firstRow + i, index, name, text, stride);
        }
      }
    }
    for (const name of this.columns.labels ?? []) labels.set(name, this.texts(name, chunk, firstRow, rowCount, stride));
    for (const name of this.columns.labelCodes ?? []) {
      const interner = this.interners.get(name)!;
      const texts = this.texts(name, chunk, firstRow, rowCount, stride);
      const codes = new Int32Array(rowCount);
      for (let i = 0; i < rowCount; i++) codes[i] = texts[i] === '' ? -1 : interner.idOf(texts[i]!);
      labelCodes.set(name, { codes, texts: interner.texts, firstAt: [] });
    }
    const lines = new Float64Array(rowCount);
    const startOffsets = new Float64Array(rowCount);
    const endOffsets = new Float64Array(rowCount);
    for (let i = 0; i < rowCount; i++) {
      lines[i] = firstRow + i + 1;
      startOffsets[i] = (firstRow + i + 1) * stride;
      endOffsets[i] = startOffsets[i]! + stride - 1;
    }
    return { firstRow, rowCount, numbers, labels, labelCodes, vectors, lines, startOffsets, endOffsets };
  }

  /** A label column's texts ('' for a null, with a `missing-value` problem). */
  private texts(name: string, chunk: ReadonlyMap<string, ChunkColumn>, firstRow: number, rowCount: number, stride: number): string[] {
    const column = chunk.get(name);
    const index = this.byName.get(name)?.index ?? -1;
    const texts = new Array<string>(rowCount).fill('');
    if (column === undefined || column.kind === 'vector') return texts;
    for (let i = 0; i < rowCount; i++) {
      const text = column.kind === 'number' ? (column.values[i]! === column.values[i]! ? numberText(column.values[i]!) : null) : (column.values[i] ?? null);
      if (text === null || text.trim() === '') this.report('missing-value', `Missing value in column "${name}"`, firstRow + i, index, name, text ?? 'null', stride);
      else texts[i] = text;
    }
    return texts;
  }

  private report(code: ProblemCode, message: string, row: number, column: number, name: string, raw: string, stride: number): void {
    this.problems.report(() => {
      const offset = (row + 1) * stride + column;
      return {
        code,
        severity: 'error',
        message,
        line: row + 1,
        character: column,
        endLine: row + 1,
        endCharacter: column + 1,
        offset,
        endOffset: offset + 1,
        row,
        column: name,
        raw: raw.slice(0, 200),
      };
    });
  }
}

function unknownColumn(name: string, file: ColumnarFile): Problem {
  return {
    code: 'unknown-column',
    severity: 'error',
    message: `No column named ${quoteValue(name)} in this ${COLUMNAR_FORMAT_NAMES[file.format]} file (columns: ${file.fields.map((f) => f.name).join(', ')})`,
    line: 0,
    character: 0,
    offset: 0,
    raw: name,
  };
}
