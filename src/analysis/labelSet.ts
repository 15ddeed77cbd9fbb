// A label column as its distinct values plus one code per row, so the core's label rules (class
// order, positive class, encoding) run once per distinct value instead of once per row: on
// millions of rows that is the difference between seconds and milliseconds. Shared by the
// compute worker and the CLI; the data layer's Table.labelCodes gives one without a string per row.
import { binaryTargets, distributionEntropy, encodeLabels, isCoreError, labelsInClasses, numericLabelValue, sortClasses } from '../core';
import type { BinaryTargets, ClassLabel, RowRefusal } from '../core';

/** Structurally what Table.labelCodes returns, so its result is a LabelSet as it stands. */
export interface LabelSet {
  /** Distinct label texts in first-seen order. */
  distinct: string[];
  /** Index into `distinct` of each row's label. */
  codes: Int32Array;
  /** Rows per distinct value. */
  counts: number[];
}

/** Distinct values, codes and counts of `labels`. O(n). */
export function labelSet(labels: readonly string[]): LabelSet {
  const ids = new Map<string, number>();
  const distinct: string[] = [];
  const counts: number[] = [];
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as string;
    let id = ids.get(label);
    if (id === undefined) {
      id = distinct.length;
      ids.set(label, id);
      distinct.push(label);
      counts.push(0);
    }
    codes[i] = id;
    counts[id]! += 1;
  }
  return { distinct, codes, counts };
}

/**
 * The rows `rowIds` of a set, as labelSet would give for those rows' labels: distinct values in
 * first-seen order among them, codes and counts. O(rows).
 */
export function subsetLabels(set: LabelSet, rowIds: Int32Array): LabelSet {
  const remap = new Int32Array(set.distinct.length).fill(-1);
  const distinct: string[] = [];
  const counts: number[] = [];
  const codes = new Int32Array(rowIds.length);
  for (let k = 0; k < rowIds.length; k++) {
    const from = set.codes[rowIds[k] as number] as number;
    let id = remap[from] as number;
    if (id < 0) {
      id = distinct.length;
      remap[from] = id;
      distinct.push(set.distinct[from] as string);
      counts.push(0);
    }
    codes[k] = id;
    counts[id]! += 1;
  }
  return { distinct, codes, counts };
}

/** Each row's label text (the distinct strings shared, none built). */
export function rowLabels(set: LabelSet): string[] {
  return Array.from(set.codes, (code) => set.distinct[code] as string);
}

/**
 * The core's encodeLabels for every row (class indices into `classes`, or into the core's class
 * order when none are given). A label outside `classes` raises exactly the core's per-row error
 * (rows, values and message naming rows), by running the per-row call on that rare path.
 */
export function encodeRows(set: LabelSet, classes?: readonly ClassLabel[]): { indices: Int32Array; classes: readonly ClassLabel[] } {
  let encoded;
  try {
    encoded = encodeLabels(set.distinct, classes);
  } catch (error) {
    // The per-row call throws the same refusal, naming rows instead of distinct values.
    if (isCoreError(error) && error.code === 'labelNotInClasses') encodeLabels(rowLabels(set), classes);
    throw error;
  }
  const indices = new Int32Array(set.codes.length);
  for (let i = 0; i < indices.length; i++) indices[i] = encoded.indices[set.codes[i] as number] as number;
  return { indices, classes: encoded.classes };
}

/**
 * The rows encodeRows(set, classes) refuses, as the core's refusals (labelsInClasses, run once per
 * distinct label): each row (of the set) whose label is none of the classes. O(rows).
 * Example: labels cat, hrse, cat with classes [cat, dog] → [{code: 'labelNotInClasses', row: 1, value: 'hrse', …}].
 */
export function labelRefusals(set: LabelSet, classes: readonly ClassLabel[]): RowRefusal[] {
  const perDistinct = labelsInClasses(set.distinct, classes).refusals;
  if (perDistinct.length === 0) return [];
  const refused = new Map(perDistinct.map((r) => [r.row, r]));
  const out: RowRefusal[] = [];
  for (let row = 0; row < set.codes.length; row++) {
    const refusal = refused.get(set.codes[row] as number);
    if (refusal !== undefined) out.push({ ...refusal, row });
  }
  return out;
}

/** The core's binaryTargets for every row: 0/1 per row, plus its classes, positive class and rule. */
export function binaryRows(set: LabelSet, positiveLabel?: ClassLabel): BinaryTargets {
  const binary = binaryTargets(set.distinct, positiveLabel);
  const y = new Float64Array(set.codes.length);
  for (let i = 0; i < y.length; i++) y[i] = binary.y[set.codes[i] as number] as number;
  return { ...binary, y };
}

/** Class order of the labels (the core's sortClasses). */
export function classesOf(set: LabelSet): readonly ClassLabel[] {
  return sortClasses(set.distinct).classes;
}

/**
 * Label entropy −Σ (n_c/n) ln(n_c/n) over the core's classes (two spellings of one numeric class,
 * "1" and "1.0", count together), with the counts and each row's class index.
 * Example: labels [0, 1, 1, 1] → 0.5623351446188083 nats (0.811278 bits), counts [1, 3].
 */
export function labelEntropyOf(set: LabelSet): { entropyNats: number; classes: readonly ClassLabel[]; counts: number[]; indices: Int32Array; n: number } {
  const classes = classesOf(set);
  const perDistinct = encodeLabels(set.distinct, classes).indices;
  const counts = new Array<number>(classes.length).fill(0);
  set.distinct.forEach((_, d) => {
    counts[perDistinct[d] as number]! += set.counts[d] as number;
  });
  const indices = new Int32Array(set.codes.length);
  for (let i = 0; i < indices.length; i++) indices[i] = perDistinct[set.codes[i] as number] as number;
  return { entropyNats: distributionEntropy(counts).entropyNats, classes, counts, indices, n: set.codes.length };
}

/** The rows a label value leaves out (PyTorch's ignore_index), and the rows kept. */
export interface IgnoredLabel {
  /** The value as given. */
  readonly value: string;
  /** The distinct texts it matches: itself, and other spellings of its number ("-100", "-100.0"). */
  readonly texts: readonly string[];
  /** Rows left out. */
  readonly count: number;
  /** The rows kept, in order: the set's row of each scored row (to name the set's rows again). */
  readonly keptRows: Int32Array;
  /** Rows of the set before any was left out. */
  readonly rowsBefore: number;
}

/**
 * The one label value that looks like padding to leave out (PyTorch's ignore_index) when a model
 * of `width` columns meets width + 1 label values: all but it are class indices 0..width−1.
 * Example: ('-100', '0', …, '9') with width 10 → '-100'; otherwise undefined.
 */
export function ignoredLabelCandidate(present: readonly string[], width: number): string | undefined {
  if (present.length !== width + 1) return undefined;
  const numbers = present.map((value) => numericLabelValue(value));
  const outside = numbers.flatMap((v, k) => (v === undefined || !(Number.isInteger(v) && v >= 0 && v < width) ? [k] : []));
  return outside.length === 1 && numbers[outside[0]!] !== undefined ? present[outside[0]!] : undefined;
}

/** Whether a label text is `value` as written, or the same number written otherwise ("-100.0" for "-100"). */
export function labelMatcher(value: string): (text: string) => boolean {
  const number = numericLabelValue(value);
  return (text) => text === value || (number !== undefined && numericLabelValue(text) === number);
}

/**
 * The rows of `set` whose label is `value` (as written, or the same number written otherwise, as
 * the core matches classes), to be left out of every score and counted, as PyTorch's
 * `ignore_index` does. A value no row has leaves every row kept (count 0).
 */
export function ignoredLabelRows(set: LabelSet, value: string): IgnoredLabel {
  const ignored = set.distinct.map(labelMatcher(value));
  const texts = set.distinct.filter((_, d) => ignored[d]);
  let count = 0;
  for (let d = 0; d < ignored.length; d++) if (ignored[d]) count += set.counts[d] ?? 0;
  const keptRows = new Int32Array(set.codes.length - count);
  for (let i = 0, j = 0; i < set.codes.length; i++) if (!ignored[set.codes[i] as number]) keptRows[j++] = i;
  return { value, texts, count, keptRows, rowsBefore: set.codes.length };
}
