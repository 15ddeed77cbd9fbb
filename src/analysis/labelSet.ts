// A label column as its distinct values plus one code per row, so the core's label rules (class
// order, positive class, encoding) run once per distinct value instead of once per row: on
// millions of rows that is the difference between seconds and milliseconds.
import { binaryTargets, CoreError, distributionEntropy, encodeLabels, isCoreError, sortClasses } from '../core';
import type { ClassLabel } from '../core';

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
 * The core's encodeLabels for every row (class indices into `classes`, or into the core's class
 * order when none are given). A label outside `classes` raises the core's 'labelNotInClasses'
 * naming the ROWS that carry it, as the per-row call would.
 */
export function encodeRows(set: LabelSet, classes?: readonly ClassLabel[]): { indices: Int32Array; classes: readonly ClassLabel[] } {
  let encoded;
  try {
    encoded = encodeLabels(set.distinct, classes);
  } catch (error) {
    if (!isCoreError(error) || error.code !== 'labelNotInClasses') throw error;
    const bad = new Set(error.rows);
    const rows: number[] = [];
    for (let i = 0; i < set.codes.length; i++) if (bad.has(set.codes[i] as number)) rows.push(i);
    throw new CoreError('labelNotInClasses', error.message, { rows, values: rows.map((i) => set.distinct[set.codes[i] as number] as string) });
  }
  const indices = new Int32Array(set.codes.length);
  for (let i = 0; i < indices.length; i++) indices[i] = encoded.indices[set.codes[i] as number] as number;
  return { indices, classes: encoded.classes };
}

/** The core's binaryTargets for every row: 0/1 per row, the positive and negative classes. */
export function binaryRows(set: LabelSet, positiveLabel?: string): { y: Float64Array; positive: ClassLabel; negative: ClassLabel | undefined; classes: readonly ClassLabel[] } {
  const binary = binaryTargets(set.distinct, positiveLabel);
  const y = new Float64Array(set.codes.length);
  for (let i = 0; i < y.length; i++) y[i] = binary.y[set.codes[i] as number] as number;
  return { y, positive: binary.positive, negative: binary.negative, classes: binary.classes };
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
