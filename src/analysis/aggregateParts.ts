// The mergeable state of one streamed aggregate pass over a byte range of a file, and the merge of
// two consecutive ranges into the state one pass over both would have reached (see streamAggregates.ts).
import { mergeDivergenceSums, mergeDivergenceTermSums, mergeEntropySums, mergeLossSums, mergeRowDivergenceSums, mergeRowEntropySums } from '../core';
import type { DivergenceSums, DivergenceTermSums, EntropySums, LossSums, RowDivergenceSums, RowEntropySums } from '../core';
import type { Problem } from '../data/types';
import type { StreamSummary } from '../data/streamRecords';

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
  models: LossSums[];
  /** D(P‖Q) and D(Q‖P) sums of the range (the core's accumulator). */
  kl: DivergenceSums;
  /** Entropy sums of each `distributions` column, and the second pass's divergence terms. */
  distributions: EntropySums[];
  divergenceTerms: DivergenceTermSums;
  /** Sums of the rows scored by `rowEntropy` and `rowDivergence` (their rows went to onRows). */
  rowEntropy: RowEntropySums;
  rowDivergence: RowDivergenceSums;
  /** Row problems found while scoring (separate from the reader's, as one pass keeps them). */
  rowProblems: Problem[];
  rowProblemCount: number;
}

/**
 * The state one pass over `first`'s range followed by `second`'s would have reached. Counts are
 * exact. The loss and Brier sums are compensated pairs (hi, lo) added pair to pair, so the rounded
 * totals are the single pass's (to ~n·ε², far below a last bit), in the soft-targets mode too; KL's,
 * the entropies' (per binary exponent) and the per-row sums are compensated as well. Labels keep first-appearance order (first's, then second's new
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
    models: first.models.map((model, m) => mergeLossSums(model, second.models[m]!, mergedId, labels.length, a.rowCount, b.rowCount)),
    kl: mergeDivergenceSums(first.kl, second.kl),
    distributions: first.distributions.map((sums, d) => mergeEntropySums(sums, second.distributions[d]!)),
    divergenceTerms: mergeDivergenceTermSums(first.divergenceTerms, second.divergenceTerms),
    rowEntropy: mergeRowEntropySums(first.rowEntropy, second.rowEntropy),
    rowDivergence: mergeRowDivergenceSums(first.rowDivergence, second.rowDivergence),
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
