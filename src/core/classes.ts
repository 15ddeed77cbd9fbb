// Class labels: the one class-order rule, label → index encoding, the binary positive label and
// the mapping of probability columns to classes, shared by the CLI, the data layer and the host.
import { CoreError, countOf, showValue, someValues } from './coreError';
import type { RowRefusal } from './coreError';

/** A class label as read from data: a number, or any string (CSV cells arrive as strings). */
export type ClassLabel = string | number;

/**
 * How classes were ordered:
 * - 'numeric': every label is a finite number (a JS number, or a string in decimal notation such as
 *   "1", "-1", "2.5", "1e3"); classes are the distinct numeric values in increasing numeric order,
 *   returned as numbers ("1" and "1.0" are the same class). This is what numpy.unique /
 *   scikit-learn's LabelEncoder do with numeric label columns (pandas parses them as numbers).
 * - 'codePoint': otherwise; classes are the distinct strings (String(label)) in Unicode code-point
 *   order, which is numpy.unique's order for string arrays.
 */
export type ClassOrder = 'numeric' | 'codePoint';

/** Distinct classes in their order. */
export interface SortedClasses {
  readonly classes: readonly ClassLabel[];
  readonly order: ClassOrder;
}

/** Labels encoded as 0-based indices into `classes`. */
export interface EncodedLabels {
  readonly indices: Int32Array;
  readonly classes: readonly ClassLabel[];
  readonly order: ClassOrder;
}

/** How the positive class of a binary problem was chosen. */
export type PositiveLabelRule =
  | 'given' // the caller named it
  | 'conventional' // labels ⊆ {0, 1} or ⊆ {−1, 1}: positive is 1 (scikit-learn's pos_label rule)
  | 'greater'; // otherwise: the greater of the two classes in class order

/** Binary 0/1 targets for a label column. */
export interface BinaryTargets {
  /** 1 where the label is the positive class, 0 elsewhere. */
  readonly y: Float64Array;
  readonly positive: ClassLabel;
  /** The other class when there are exactly two, else undefined (one class, or one-vs-rest). */
  readonly negative: ClassLabel | undefined;
  readonly classes: readonly ClassLabel[];
  readonly order: ClassOrder;
  readonly rule: PositiveLabelRule;
}

/** How probability (or logit) columns were assigned to classes. */
export type ColumnMappingRule =
  | 'explicit' // the caller listed the classes, one per column
  | 'columnName' // every column name ends with a distinct label value (p_cow ↔ cow)
  | 'sortedLabels'; // columns are the label classes in class order

/** The class of each column, in column order, and the rule that decided it. */
export interface ColumnClassMapping {
  readonly classes: readonly ClassLabel[];
  readonly rule: ColumnMappingRule;
  readonly order: ClassOrder;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a label denotes, or undefined when it is not a finite decimal number. */
export function numericLabelValue(label: ClassLabel): number | undefined {
  if (typeof label === 'number') return Number.isFinite(label) ? label + 0 : undefined;
  const t = label.trim();
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v + 0 : undefined;
}

/**
 * Compares strings by Unicode code point (not UTF-16 code unit, which misorders astral characters).
 * Example: `compareCodePoints('B', 'a')` < 0.
 */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done) return cb.done ? 0 : -1;
    if (cb.done) return 1;
    const d = (ca.value.codePointAt(0) as number) - (cb.value.codePointAt(0) as number);
    if (d !== 0) return d;
  }
}

function allNumeric(labels: Iterable<ClassLabel>): boolean {
  for (const label of labels) if (numericLabelValue(label) === undefined) return false;
  return true;
}

function rejectNaN(labels: readonly ClassLabel[]): void {
  const bad: number[] = [];
  labels.forEach((label, i) => {
    if (typeof label === 'number' && !Number.isFinite(label)) bad.push(i);
  });
  if (bad.length > 0) {
    const values = bad.map((i) => labels[i] as number);
    throw new CoreError('nonFinite', `Labels must be finite numbers or text: ${countOf(bad.length, 'row holds', 'rows hold')} ${someValues(values)}`, {
      rows: bad,
      values,
      entry: 'label {value} is not a finite number',
    });
  }
}

/** Classes for a message: the first 20, then how many more. */
function classList(classes: readonly ClassLabel[]): string {
  const shown = classes.slice(0, 20).map(String).join(', ');
  return classes.length > 20 ? `${shown} and ${classes.length - 20} more` : shown;
}

/**
 * The distinct classes of a label column in the product's one class order (see ClassOrder):
 * numeric order when every label is a finite number, else code-point order of the strings.
 * O(n + k log k). Numeric labels given as NaN / ±Infinity throw CoreError 'nonFinite'.
 * Example: `sortClasses(['10', '9', '9'])` → {classes: [9, 10], order: 'numeric'}
 * (numpy.unique([10, 9, 9]) = [9, 10]); `sortClasses(['cow', 'Cat'])` → ['Cat', 'cow'].
 */
export function sortClasses(labels: readonly ClassLabel[]): SortedClasses {
  rejectNaN(labels);
  if (allNumeric(labels)) {
    const set = new Set<number>();
    for (const label of labels) set.add(numericLabelValue(label) as number);
    return { classes: [...set].sort((a, b) => a - b), order: 'numeric' };
  }
  const set = new Set<string>();
  for (const label of labels) set.add(String(label));
  return { classes: [...set].sort(compareCodePoints), order: 'codePoint' };
}

/**
 * Whether two labels denote the same class under the rule for the pair: numerically equal when
 * both are numeric, else equal as strings. Example: `sameLabel('1.0', 1)` → true.
 */
export function sameLabel(a: ClassLabel, b: ClassLabel): boolean {
  const x = numericLabelValue(a);
  const y = numericLabelValue(b);
  if (x !== undefined && y !== undefined) return x === y;
  return String(a) === String(b);
}

/**
 * Encodes labels as indices into `classes` (given, or sortClasses(labels)). Labels and classes are
 * compared numerically when all of them are numeric, else as strings.
 * Throws CoreError 'labelNotInClasses' naming every row whose label is not a class. O(n).
 * Example: `encodeLabels(['dog', 'cat'], ['cat', 'dog', 'horse']).indices` → [1, 0].
 */
export function encodeLabels(labels: readonly ClassLabel[], classes?: readonly ClassLabel[]): EncodedLabels {
  rejectNaN(labels);
  const sorted = classes === undefined ? sortClasses(labels) : undefined;
  const list = sorted?.classes ?? (classes as readonly ClassLabel[]);
  const { indices, numeric, refusals } = labelsInClasses(labels, list);
  if (refusals.length > 0) {
    const values = refusals.map((r) => r.value);
    throw new CoreError('labelNotInClasses', `${countOf(refusals.length, 'label is', 'labels are')} not among the classes ${classList(list)}: ${someValues(values)}`, {
      rows: refusals.map((r) => r.row),
      values,
      entry: refusals[0]!.entry,
    });
  }
  return { indices, classes: list, order: sorted?.order ?? (numeric ? 'numeric' : 'codePoint') };
}

/**
 * The class of each label, as encodeLabels maps it: its index into `classes` (the first class it
 * equals), comparing numerically when every label and class is numeric, else as strings; −1 and
 * a refusal ('labelNotInClasses', the label as value) for a label that is none of the classes.
 * O(n + k).
 * Example: `labelsInClasses(['1.0', 'x'], ['1', '2'])` → indices [−1, −1] (compared as text);
 * `labelsInClasses(['1.0', '2'], ['1', '2'])` → indices [0, 1], no refusals.
 */
export function labelsInClasses(labels: readonly ClassLabel[], classes: readonly ClassLabel[]): { indices: Int32Array; numeric: boolean; refusals: RowRefusal[] } {
  const numeric = allNumeric(classes) && allNumeric(labels);
  const key = (label: ClassLabel): string | number => (numeric ? (numericLabelValue(label) as number) : String(label));
  const index = new Map<string | number, number>();
  classes.forEach((c, k) => {
    if (!index.has(key(c))) index.set(key(c), k);
  });
  const indices = new Int32Array(labels.length);
  const refusals: RowRefusal[] = [];
  const entry = `label {value} is not among the classes ${classList(classes)}`;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as ClassLabel;
    const k = index.get(key(label));
    if (k !== undefined) indices[i] = k;
    else {
      indices[i] = -1;
      refusals.push({ code: 'labelNotInClasses', row: i, value: label, entry });
    }
  }
  return { indices, numeric, refusals };
}

/**
 * 0/1 targets for a binary problem. Positive class: `positiveLabel` when given (any other label is
 * negative, one-vs-rest), which must be one of the labels (scikit-learn refuses an unknown
 * pos_label too) unless the labels and it are 0/1 or ±1 (the other class is then implied); else
 * 1 when the labels are ⊆ {0, 1} or ⊆ {−1, 1} (scikit-learn's pos_label convention); else the
 * greater of exactly two classes in class order.
 * Throws 'unknownPositiveLabel' (a positive label given that no label equals, `values` = [it]),
 * 'tooManyClasses' (> 2 classes and no positive label), 'ambiguousPositiveLabel' (a single
 * class that is not 0/1/−1), 'emptyInput'. O(n).
 * Example: `binaryTargets(['no', 'yes', 'no']).y` → [0, 1, 0] with positive 'yes';
 * `binaryTargets(['no', 'yes'], 'Yes')` throws 'unknownPositiveLabel'.
 */
export function binaryTargets(labels: readonly ClassLabel[], positiveLabel?: ClassLabel): BinaryTargets {
  const { classes, order } = sortClasses(labels);
  let positive: ClassLabel;
  let rule: PositiveLabelRule;
  if (positiveLabel !== undefined) {
    const found = classes.find((c) => sameLabel(c, positiveLabel));
    // Absent but implied: 0/1 (or ±1) labels name both classes even when the rows show one; and
    // with no labels at all there is nothing to check against.
    if (found === undefined && labels.length > 0 && !conventionalPair(classes, positiveLabel)) {
      const near = classes.find((c) => String(c).trim().toLowerCase() === String(positiveLabel).trim().toLowerCase());
      const hint = near === undefined ? '' : `; did you mean ${showValue(String(near))}?`;
      throw new CoreError('unknownPositiveLabel', `The positive label ${showValue(String(positiveLabel))} is not one of the labels (${classList(classes)})${hint}`, {
        values: [positiveLabel],
      });
    }
    positive = found ?? positiveLabel;
    rule = 'given';
  } else {
    if (labels.length === 0) throw new CoreError('emptyInput', 'No labels to choose the positive class from');
    if (classes.length > 2) {
      throw new CoreError('tooManyClasses', `There are ${classes.length} classes (${classList(classes)}) where a binary label is needed: name the positive label`);
    }
    const values = classes as readonly number[];
    const conventional = order === 'numeric' && (values.every((v) => v === 0 || v === 1) || values.every((v) => v === -1 || v === 1));
    if (conventional) {
      positive = 1;
      rule = 'conventional';
    } else if (classes.length === 2) {
      positive = classes[1] as ClassLabel;
      rule = 'greater';
    } else {
      throw new CoreError('ambiguousPositiveLabel', `The labels hold only one class (${String(classes[0])}): name the positive label`);
    }
  }
  const y = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) y[i] = sameLabel(labels[i] as ClassLabel, positive) ? 1 : 0;
  const others = classes.filter((c) => !sameLabel(c, positive));
  const negative: ClassLabel | undefined = others.length === 1 ? others[0] : undefined;
  return { y, positive, negative, classes, order, rule };
}

/** Whether the classes and the positive label all lie in {0, 1}, or all in {−1, 1} (the conventional binary codings). */
function conventionalPair(classes: readonly ClassLabel[], positiveLabel: ClassLabel): boolean {
  const values = [...classes, positiveLabel].map(numericLabelValue);
  return values.every((v) => v === 0 || v === 1) || values.every((v) => v === -1 || v === 1);
}

/**
 * Assigns probability / logit columns to classes, first rule that applies:
 * 1. `explicitClasses` given (one per column) → 'explicit';
 * 2. every column name ends with a distinct label class (longest match; p_cow ↔ cow, prob_10 ↔ 10)
 *    → 'columnName' (a label with no column, e.g. a typo "hrse", is then reported by encodeLabels);
 * 3. as many columns as label classes → 'sortedLabels' (columns are the classes in class order).
 * Else throws CoreError 'columnClassMismatch'. Labels not among the mapped classes are reported
 * later by encodeLabels. O(n + columns · classes).
 * Example: `mapColumnsToClasses(['p_dog', 'p_cat'], ['cat', 'dog'])` → {classes: ['dog', 'cat'], rule: 'columnName'}.
 */
export function mapColumnsToClasses(columnNames: readonly string[], labels: readonly ClassLabel[], explicitClasses?: readonly ClassLabel[]): ColumnClassMapping {
  if (explicitClasses !== undefined) {
    if (explicitClasses.length !== columnNames.length) {
      throw new CoreError(
        'columnClassMismatch',
        `${countOf(explicitClasses.length, 'class is', 'classes are')} listed for ${countOf(columnNames.length, 'column')} (${columnNames.join(', ')}): list one class per column`,
      );
    }
    const numeric = allNumeric(explicitClasses) && allNumeric(labels);
    return {
      classes: explicitClasses.map((c) => (numeric ? (numericLabelValue(c) as number) : String(c))),
      rule: 'explicit',
      order: numeric ? 'numeric' : 'codePoint',
    };
  }
  const { classes, order } = sortClasses(labels);
  // Every spelling of each class seen in the data, so "p_1.0" matches a label written "1.0".
  const spellings = new Map<number, Set<string>>();
  const enc = encodeLabels(labels, classes);
  labels.forEach((label, i) => {
    const k = enc.indices[i] as number;
    const set = spellings.get(k) ?? new Set<string>([String(classes[k])]);
    set.add(String(label).trim());
    spellings.set(k, set);
  });
  const byName: number[] = [];
  for (const name of columnNames) {
    let best = -1;
    let bestLength = 0;
    spellings.forEach((set, k) => {
      for (const s of set) {
        if (s.length > bestLength && name.endsWith(s)) {
          best = k;
          bestLength = s.length;
        }
      }
    });
    byName.push(best);
  }
  const distinct = new Set(byName);
  if (byName.every((k) => k >= 0) && distinct.size === columnNames.length) {
    return { classes: byName.map((k) => classes[k] as ClassLabel), rule: 'columnName', order };
  }
  if (columnNames.length === classes.length) return { classes, rule: 'sortedLabels', order };
  throw new CoreError(
    'columnClassMismatch',
    classes.length === 0
      ? `There are no labels to match the ${countOf(columnNames.length, 'column')} (${columnNames.join(', ')}) with`
      : `Cannot tell which of the ${countOf(columnNames.length, 'column')} (${columnNames.join(', ')}) belongs to which of the ${countOf(classes.length, 'class', 'classes')} (${classList(classes)}): list the classes, one per column`,
  );
}
