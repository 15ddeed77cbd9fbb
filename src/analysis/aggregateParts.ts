// The mergeable state of one streamed aggregate pass over a byte range of a file, and the merge of
// two consecutive ranges into the state one pass over both would have reached (see streamAggregates.ts).
import { addCompensatedAt, mergeDivergenceSums } from '../core';
import type { DivergenceSums } from '../core';
import type { Problem } from '../data/types';
import type { StreamSummary } from '../data/streamRecords';

/** One model's sums, per label id × candidate true column (see ModelAccumulator in streamAggregates.ts). */
export interface ModelSums {
  /** Columns scored (-1 before the first batch). */
  width: number;
  candidates: number;
  loss: Float64Array;
  brier: Float64Array;
  /** Compensations of loss and brier (hi + lo is each sum, whatever the grouping). */
  lossLo: Float64Array;
  brierLo: Float64Array;
  clipped: Float64Array;
  infinite: Float64Array;
  predicted: Float64Array;
  /** Rows scored per label id. */
  count: number[];
  /** Targets mode: [loss, Brier] sums and their compensations. */
  targetHi: Float64Array;
  targetLo: Float64Array;
  errors: number;
  clippedRows: number;
  infiniteRows: number;
  n: number;
  /** Per-row losses of the range's rows (NaN where unscored); may be longer than the row count. */
  perRow: Float64Array | Float32Array | undefined;
}

/**
 * What `streamAggregatePart` saw in one range, before the class mapping is resolved. Plain data
 * (structured-cloneable), so a part streamed in another thread can be posted back.
 */
export interface AggregatePart {
  /** The reader's summary; rows, lines and offsets are relative to the range. */
  summary: StreamSummary;
  /** Distinct labels in order of first appearance, with the line of the first and the count. */
  labels: string[];
  labelFirstLine: number[];
  /** The character and decoded-text offset of each label's first cell (0 and the record's start when unknown). */
  labelFirstCharacter: number[];
  labelFirstOffset: number[];
  labelCounts: number[];
  models: ModelSums[];
  /** D(P‖Q) and D(Q‖P) sums of the range (the core's accumulator). */
  kl: DivergenceSums;
  /** Row problems found while scoring (separate from the reader's, as one pass keeps them). */
  rowProblems: Problem[];
  rowProblemCount: number;
}

/**
 * The state one pass over `first`'s range followed by `second`'s would have reached. Counts are
 * exact. The loss and Brier sums are compensated pairs (hi, lo) added pair to pair, so the rounded
 * totals are the single pass's (to ~n·ε², far below a last bit), in the soft-targets mode too; KL's
 * sums are compensated as well. Labels keep first-appearance order (first's, then second's new
 * ones); positions in second's problems move by first's rows, lines and characters; the problem
 * lists are first's then second's, cut to `maxProblems` as one collector would have, with counts
 * summed. When `first` stopped early or read past its end, one pass would never have started
 * `second`'s range, so `first` is returned as it is.
 */
export function mergeAggregateParts(first: AggregatePart, second: AggregatePart, maxProblems: number): AggregatePart {
  const a = first.summary;
  const b = second.summary;
  if (!a.complete || a.rangeExtended || a.cancelled) return first;
  const shift = { rows: a.rowCount, lines: a.lineCount, characters: a.characterCount };
  const labels = [...first.labels];
  const labelFirstLine = [...first.labelFirstLine];
  const labelFirstCharacter = [...first.labelFirstCharacter];
  const labelFirstOffset = [...first.labelFirstOffset];
  const labelCounts = [...first.labelCounts];
  const idOf = new Map(labels.map((label, id) => [label, id]));
  const mergedId = second.labels.map((label, j) => {
    let id = idOf.get(label);
    if (id === undefined) {
      id = labels.length;
      idOf.set(label, id);
      labels.push(label);
      labelFirstLine.push(second.labelFirstLine[j]! + shift.lines);
      labelFirstCharacter.push(second.labelFirstCharacter[j]!);
      labelFirstOffset.push(second.labelFirstOffset[j]! + shift.characters);
      labelCounts.push(0);
    }
    labelCounts[id]! += second.labelCounts[j]!;
    return id;
  });
  const summary: StreamSummary = {
    ...a,
    rowCount: a.rowCount + b.rowCount,
    bytesRead: a.bytesRead + b.bytesRead,
    cancelled: b.cancelled,
    problems: concatProblems(a.problems, b.problems, shift, maxProblems),
    problemCount: a.problemCount + b.problemCount,
    lineCount: a.lineCount + b.lineCount,
    characterCount: a.characterCount + b.characterCount,
    complete: b.complete,
    rangeExtended: false,
  };
  return {
    summary,
    labels,
    labelFirstLine,
    labelFirstCharacter,
    labelFirstOffset,
    labelCounts,
    models: first.models.map((model, m) => mergeModel(model, second.models[m]!, mergedId, labels.length, a.rowCount, b.rowCount)),
    kl: mergeDivergenceSums(first.kl, second.kl),
    rowProblems: concatProblems(first.rowProblems, second.rowProblems, shift, maxProblems),
    rowProblemCount: first.rowProblemCount + second.rowProblemCount,
  };
}

/** First's problems then second's, moved past first's range, at most `limit` (a collector's list). */
function concatProblems(first: readonly Problem[], second: readonly Problem[], shift: { rows: number; lines: number; characters: number }, limit: number): Problem[] {
  const out = first.slice(0, limit);
  for (const problem of second) {
    if (out.length >= limit) break;
    const moved: Problem = { ...problem, line: problem.line + shift.lines, offset: problem.offset + shift.characters };
    if (problem.endLine !== undefined) moved.endLine = problem.endLine + shift.lines;
    if (problem.endOffset !== undefined) moved.endOffset = problem.endOffset + shift.characters;
    if (problem.row !== undefined) moved.row = problem.row + shift.rows;
    out.push(moved);
  }
  return out;
}

/** Second's per-label sums added into first's under the merged label ids. */
function mergeModel(first: ModelSums, second: ModelSums, mergedId: readonly number[], labelCount: number, firstRows: number, secondRows: number): ModelSums {
  const width = first.width >= 0 ? first.width : second.width;
  const candidates = first.width >= 0 ? first.candidates : second.candidates;
  const size = labelCount * candidates;
  const widen = (a: Float64Array): Float64Array => {
    const out = new Float64Array(size);
    out.set(a.subarray(0, Math.min(a.length, size)));
    return out;
  };
  const merged: ModelSums = {
    width,
    candidates,
    loss: widen(first.loss),
    brier: widen(first.brier),
    lossLo: widen(first.lossLo),
    brierLo: widen(first.brierLo),
    clipped: widen(first.clipped),
    infinite: widen(first.infinite),
    predicted: widen(first.predicted),
    count: Array.from({ length: labelCount }, (_, id) => first.count[id] ?? 0),
    targetHi: Float64Array.from(first.targetHi),
    targetLo: Float64Array.from(first.targetLo),
    errors: first.errors + second.errors,
    clippedRows: first.clippedRows + second.clippedRows,
    infiniteRows: first.infiniteRows + second.infiniteRows,
    n: first.n + second.n,
    perRow: concatRows(first.perRow, second.perRow, firstRows, secondRows),
  };
  for (let k = 0; k < 2; k++) {
    addCompensatedAt(merged.targetHi, merged.targetLo, k, second.targetHi[k]!);
    merged.targetLo[k]! += second.targetLo[k]!;
  }
  if (second.width >= 0 && second.candidates === candidates) {
    second.count.forEach((count, j) => {
      const id = mergedId[j]!;
      merged.count[id]! += count;
      for (let k = 0; k < candidates; k++) {
        const from = j * candidates + k;
        const to = id * candidates + k;
        // A pair added to a pair: the his with Neumaier's step, the corrections with them.
        addCompensatedAt(merged.loss, merged.lossLo, to, second.loss[from] ?? 0);
        merged.lossLo[to]! += second.lossLo[from] ?? 0;
        addCompensatedAt(merged.brier, merged.brierLo, to, second.brier[from] ?? 0);
        merged.brierLo[to]! += second.brierLo[from] ?? 0;
        merged.clipped[to]! += second.clipped[from] ?? 0;
        merged.infinite[to]! += second.infinite[from] ?? 0;
        merged.predicted[to]! += second.predicted[from] ?? 0;
      }
    });
  }
  return merged;
}

/** Per-row losses of both ranges in one array (NaN for rows neither stored). */
function concatRows(first: Float64Array | Float32Array | undefined, second: Float64Array | Float32Array | undefined, firstRows: number, secondRows: number): Float64Array | Float32Array | undefined {
  if (first === undefined && second === undefined) return undefined;
  const sample = (first ?? second)!;
  const out = sample instanceof Float32Array ? new Float32Array(firstRows + secondRows) : new Float64Array(firstRows + secondRows);
  out.fill(NaN);
  if (first !== undefined) out.set(first.subarray(0, Math.min(first.length, firstRows)));
  if (second !== undefined) out.set(second.subarray(0, Math.min(second.length, secondRows)), firstRows);
  return out;
}
