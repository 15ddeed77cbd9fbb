// The truth of a document analysis' scored rows and its classes: from target columns (one-hot or
// soft, named after the label they co-occur with), else from the label column in the primary
// model's class order; and each row's true class over all rows.
import { isCoreError } from '../core';
import type { Matrix } from '../core';
import { binaryRows, encodeRows, rowLabels } from './labelSet';
import type { LabelSet } from './labelSet';
import type { PreparedModel } from './preparedModel';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';
import type { Truth } from './scoreModel';
import { gatherMatrix } from './subset';

/**
 * Classes and each scored row's truth, from the target columns or the label column (`set`, the
 * scored rows' labels). A core refusal not naming rows becomes a problem, and no truth.
 */
export function rowTruth(
  targets: { values: Float64Array; width: number } | undefined,
  targetColumns: string[] | undefined,
  set: LabelSet | undefined,
  primary: PreparedModel | undefined,
  rowIds: Int32Array,
  problems: ProblemSink,
): { classes: string[]; truth: Truth | undefined } {
  const m = rowIds.length;
  // Classes and each scored row's truth, from the target columns or the label column.
  let classes: string[] = [];
  let truth: Truth | undefined;
  if (targets && targetColumns && m > 0) {
    const t = gatherMatrix(targets.values, targets.width, rowIds);
    classes = targetClassNames(targetColumns, targets.width, t, set ? rowLabels(set) : undefined);
    truth = { kind: 'soft', targets: t };
  } else if (set && m > 0) {
    const given = labelTruthClasses(targets, targetColumns, primary);
    try {
      if (given) {
        classes = [...given];
        truth = { kind: 'indices', indices: encodeRows(set, classes).indices };
      } else if (primary?.order) {
        const positive = primary.order.classes[1] as string;
        truth = { kind: 'binary', y: binaryRows(set, positive).y };
        classes = [...primary.order.classes];
      } else if (!primary) {
        const encoded = encodeRows(set);
        classes = encoded.classes.map(String);
        truth = { kind: 'indices', indices: encoded.indices };
      }
    } catch (error) {
      if (!isCoreError(error) || error.rows.length > 0) throw error;
      problems.add(fileProblem(`core-${error.code}`, error.message));
    }
  }
  return { classes, truth };
}

/**
 * The classes rowTruth encodes the label against, which a label outside them breaks: the primary
 * model's class order when it has several columns. Undefined when target columns are the truth,
 * when one column makes the label binary (every label but the positive class is negative), and
 * when the label's own classes are used (no label is outside them).
 */
export function labelTruthClasses(
  targets: { values: Float64Array; width: number } | undefined,
  targetColumns: string[] | undefined,
  primary: PreparedModel | undefined,
): readonly string[] | undefined {
  if (targets !== undefined && targetColumns !== undefined) return undefined;
  return primary?.order && primary.width !== 1 ? primary.order.classes : undefined;
}

/** Each row's true class over all `n` rows (−1 where unscored or soft). */
export function trueClasses(truth: Truth | undefined, rowIds: Int32Array, n: number): Int32Array {
  const m = rowIds.length;
  const trueClass = new Int32Array(n).fill(-1);
  if (truth) for (let k = 0; k < m; k++) trueClass[rowIds[k] as number] = truthIndex(truth, k);
  return trueClass;
}

function truthIndex(truth: Truth, k: number): number {
  switch (truth.kind) {
    case 'binary':
      return truth.y[k] === 1 ? 1 : 0;
    case 'indices':
      return truth.indices[k] as number;
    case 'soft': {
      // One-hot rows name their class; soft rows have none.
      const { cols, data } = truth.targets;
      let hot = -1;
      for (let c = 0; c < cols; c++) {
        const t = data[k * cols + c] as number;
        if (t === 1 && hot < 0) hot = c;
        else if (t !== 0) return -1;
      }
      return hot;
    }
  }
}

/**
 * Class names of target columns: the label each one-hot class co-occurs with when a label column
 * agrees with the targets, else the part after the common prefix (`target_cat` → `cat`), else the
 * names (a vector column: its indices).
 */
export function targetClassNames(names: readonly string[], width: number, targets: Matrix, labels: readonly string[] | undefined): string[] {
  const fallback = names.length === width ? suffixesOrNames(names) : Array.from({ length: width }, (_, k) => String(k));
  if (!labels) return fallback;
  const seen: (string | undefined)[] = Array.from({ length: width }, () => undefined);
  for (let i = 0; i < targets.rows; i++) {
    for (let k = 0; k < width; k++) {
      if (targets.data[i * width + k] !== 1) continue;
      const label = labels[i] as string;
      if (seen[k] !== undefined && seen[k] !== label) return fallback;
      seen[k] = label;
    }
  }
  const named = seen.map((label, k) => label ?? (fallback[k] as string));
  return new Set(named).size === width ? named : fallback;
}

function suffixesOrNames(names: readonly string[]): string[] {
  const suffixes = names.map((name) => name.slice(Math.max(name.lastIndexOf('_'), name.lastIndexOf('.')) + 1));
  return new Set(suffixes).size === names.length && suffixes.every((s, k) => s !== '' && s !== names[k]) ? suffixes : [...names];
}
