// Which class each prediction column stands for. An order is known from an explicit choice, the
// column names, a field naming the classes or integer labels; otherwise it is a guess, and the
// guess is checked against the data (the assignment of columns to classes with the largest
// likelihood) so a wrong or unconfirmed order is reported instead of silently scored.
import { binaryProbabilityLoss, logSoftmaxInto, maximumAssignment, numericLabelValue, probabilityLoss, runnerUpAssignment, sameLabel, softplus, sortClasses } from '../core';
import type { Assignment } from '../core';
import type { ClassOrderEvidence, ClassOrderRule } from '../protocol/analysis';
import { commonPrefix } from './columnNames';

export type { ClassOrderEvidence, ClassOrderRule } from '../protocol/analysis';

/**
 * A log-likelihood gap, in nats over all checked rows, that counts as clear evidence: one order is
 * e^10 ≈ 22,000 times likelier than the other. Below it the data cannot tell the orders apart.
 */
export const CLEAR_EVIDENCE_NATS = 10;

/** Above this many classes the order is not checked (the assignment costs O(K³) per solve). */
export const MAX_CHECKED_CLASSES = 200;

/** Up to this many classes the runner-up order is exact (K solves); beyond, the best single swap. */
const EXACT_RUNNER_UP_CLASSES = 50;

/** The class of every column, how that was decided, and whether it is certain. */
export interface ClassOrderDecision {
  /** Class of each column, in column order (binary one-column models: [negative, positive]). */
  classes: string[];
  rule: ClassOrderRule;
  /** True when the order is a guess the data does not clearly confirm (or an inferred one). */
  uncertain: boolean;
  /** Label values that are not among the classes (each is a problem at its cells). */
  strays: string[];
  evidence: ClassOrderEvidence | null;
}

/** The distinct labels of the rows to check, with how many rows have each. */
export interface LabelCounts {
  values: readonly string[];
  counts: readonly number[];
}

export interface ClassOrderInput {
  /** One name per column (a vector column's components: `probs[0]`, `probs[1]`, …). */
  columnNames: readonly string[];
  /** Names are real column names (not a vector's components), so the names rule may apply. */
  namedColumns: boolean;
  labels: LabelCounts;
  explicit?: readonly string[] | undefined;
  /** Classes named by a field of the file (`classes`, `label_names`, `id2label`), in column order. */
  field?: readonly string[] | undefined;
  /**
   * Σ over the checked rows whose label is `labels.values[d]` of ln p(column k), row-major
   * (labels × columns), clipped probabilities or log-softmax of logits; with the row count.
   * Called only when an order has to be checked.
   */
  logLikelihood: () => { sums: Float64Array; rows: number };
}

/**
 * The classes of a multi-class model's columns, first rule that applies: explicit, names, field,
 * numeric (integer labels 0..K−1 are column indices; K numeric labels in numeric order), else
 * sorted label order checked against the data — kept when it is clearly the best
 * assignment, replaced by the best one (`inferred`, uncertain) when that is clearly better, and
 * kept but uncertain otherwise. Labels outside the classes are `strays`. Undefined when the labels
 * cannot be matched to the columns at all (more frequent label values than columns).
 * O(labels · columns) plus O(K⁴) for the check (K ≤ {@link MAX_CHECKED_CLASSES}).
 * Example: labels zero..nine with probabilities in model order: sorted order (eight, five, …)
 * fits far worse than zero, one, …, so the decision is {rule: 'inferred', uncertain: true}.
 */
export function decideClassOrder(input: ClassOrderInput): ClassOrderDecision | undefined {
  const k = input.columnNames.length;
  const labels = input.labels;
  const known = (classes: readonly string[], rule: ClassOrderRule): ClassOrderDecision => ({
    classes: [...classes],
    rule,
    uncertain: false,
    strays: labels.values.filter((label, d) => (labels.counts[d] ?? 0) > 0 && !classes.some((c) => sameLabel(c, label))),
    evidence: null,
  });
  if (input.explicit && input.explicit.length === k) return known(input.explicit, 'explicit');
  if (input.namedColumns) {
    const named = classesFromNames(input.columnNames, labels);
    if (named) return known(named, 'names');
  }
  if (input.field && input.field.length === k) return known(input.field, 'field');

  const { classes: frequent, strays } = splitStrays(labels, k);
  if (frequent === undefined) return undefined;
  const sorted = sortClasses(frequent).classes.map(String);
  // Integer labels within [0, K) are the column indices (some classes may have no rows here);
  // other numeric labels, one per column, are in numeric order — scikit-learn's classes_ for a
  // numeric label column, which a relabelling by hand rarely permutes.
  if (frequent.every((label) => isIndex(numericLabelValue(label), k))) {
    const classes = Array.from({ length: k }, (_, j) => frequent.find((label) => numericLabelValue(label) === j) ?? String(j));
    return { classes, rule: 'numeric', uncertain: false, strays, evidence: null };
  }
  if (sorted.length === k && sortClasses(frequent).order === 'numeric') return { classes: sorted, rule: 'numeric', uncertain: false, strays, evidence: null };
  return checkedOrder(input, sorted, strays);
}

/**
 * The positive class of a one-column binary model (its column is P(positive), or its logit),
 * first rule that applies: explicit, names (`p_benign` ↔ benign), numeric (0/1 or −1/+1: 1 is
 * positive, scikit-learn's pos_label rule), else the greater label in sorted order checked
 * against the data like {@link decideClassOrder}. `classes` is [negative, positive].
 * `logLikelihood` sums are labels × [ln(1 − p), ln p]. Undefined when the labels are not two
 * classes (besides rare strays) and no positive label was given.
 * Example: diagnosis benign/malignant with `proba` = P(benign): sorted order takes malignant as
 * positive, the data say benign — {classes: [malignant, benign], rule: 'inferred', uncertain}.
 */
export function decidePositiveClass(input: Omit<ClassOrderInput, 'explicit' | 'field'> & { positive?: string | undefined }): ClassOrderDecision | undefined {
  const labels = input.labels;
  const present = labels.values.filter((_, d) => (labels.counts[d] ?? 0) > 0);
  if (input.positive !== undefined) {
    const positive = present.find((label) => sameLabel(label, input.positive as string)) ?? input.positive;
    const others = present.filter((label) => !sameLabel(label, positive));
    const negative = others.length === 1 ? (others[0] as string) : `not ${positive}`;
    return { classes: [negative, positive], rule: 'explicit', uncertain: false, strays: [], evidence: null };
  }
  const { classes: two, strays } = splitStrays(labels, 2);
  if (two === undefined) return undefined;
  const sorted = sortClasses(two);
  const values = sorted.classes.map(String);
  const name = input.columnNames[0] ?? '';
  if (input.namedColumns && values.length === 2) {
    const named = values.filter((label) => label !== '' && name.endsWith(label));
    if (named.length === 1) {
      const positive = named[0] as string;
      return { classes: [values.find((v) => v !== positive) as string, positive], rule: 'names', uncertain: false, strays, evidence: null };
    }
  }
  if (sorted.order === 'numeric') {
    const numbers = sorted.classes as readonly number[];
    if (numbers.every((v) => v === 0 || v === 1)) return { classes: ['0', '1'], rule: 'numeric', uncertain: false, strays, evidence: null };
    if (numbers.every((v) => v === -1 || v === 1)) return { classes: ['-1', '1'], rule: 'numeric', uncertain: false, strays, evidence: null };
  }
  if (values.length < 2) return undefined;
  return checkedOrder({ ...input, columnNames: [`not ${values[1]}`, values[1] as string] }, values, strays);
}

function isIndex(value: number | undefined, k: number): boolean {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value < k;
}

/** Splits label values into the K classes and rare strays (typos); undefined when that is unclear. */
function splitStrays(labels: LabelCounts, k: number): { classes: string[] | undefined; strays: string[] } {
  const present = labels.values.map((value, d) => ({ value, count: labels.counts[d] ?? 0 })).filter((entry) => entry.count > 0);
  if (present.length <= k) return { classes: present.map((entry) => entry.value), strays: [] };
  const byCount = [...present].sort((a, b) => b.count - a.count);
  const total = byCount.reduce((sum, entry) => sum + entry.count, 0);
  const kth = (byCount[k - 1] as { count: number }).count;
  const next = (byCount[k] as { count: number }).count;
  // A stray is a value with a handful of rows beside classes that each have many more.
  if (next * 10 > kth || next > 0.01 * total) return { classes: undefined, strays: [] };
  return { classes: byCount.slice(0, k).map((entry) => entry.value), strays: byCount.slice(k).map((entry) => entry.value) };
}

/**
 * Column names that say their class: every name ends with a distinct label value (longest match,
 * the core's rule), or the names minus their common prefix (`prob_cat` → `cat`) are distinct and
 * hold the labels of at least 99 % of the rows (a class may have no rows; a typo may match none).
 */
function classesFromNames(names: readonly string[], labels: LabelCounts): string[] | undefined {
  const present = labels.values.filter((_, d) => (labels.counts[d] ?? 0) > 0);
  const rowsOf = (label: string): number => labels.counts[labels.values.indexOf(label)] ?? 0;
  // The longest label a name ends with; between spellings of one name ("versicolor" and a stray
  // "versicolor "), the one most rows have.
  const bySuffix = names.map((name) => {
    let best: string | undefined;
    for (const label of present) {
      const text = label.trim();
      if (text === '' || !name.endsWith(text)) continue;
      const length = best === undefined ? -1 : best.trim().length;
      if (best === undefined || text.length > length || (text.length === length && rowsOf(label) > rowsOf(best))) best = label;
    }
    return best;
  });
  if (bySuffix.every((label) => label !== undefined) && new Set(bySuffix).size === names.length) return bySuffix as string[];
  if (names.length < 2) return undefined;
  // The prefix cut back to a separator (`prob_cat`, `prob_cow` → cat, cow), else character by
  // character (`m1_p0`, `m1_p1` → 0, 1).
  const named = commonPrefix(names);
  const cuts = [named.length + (/[_.\- ]/.test(names[0]?.charAt(named.length) ?? '') ? 1 : 0), sharedCharacters(names)];
  for (const cut of cuts) {
    const classes = suffixClasses(
      names.map((name) => name.slice(cut)),
      labels,
    );
    if (classes) return classes;
  }
  return undefined;
}

/** Suffixes as classes when distinct and holding the labels of at least 99 % of the rows. */
function suffixClasses(suffixes: readonly string[], labels: LabelCounts): string[] | undefined {
  if (suffixes.some((s) => s === '') || new Set(suffixes).size !== suffixes.length) return undefined;
  const present = labels.values.filter((_, d) => (labels.counts[d] ?? 0) > 0);
  let covered = 0;
  let total = 0;
  let matched = 0;
  labels.values.forEach((label, d) => {
    const count = labels.counts[d] ?? 0;
    total += count;
    if (count > 0 && suffixes.some((s) => sameLabel(s, label))) {
      covered += count;
      matched++;
    }
  });
  if (matched === 0 || covered < 0.99 * total) return undefined;
  // Name each class as the labels spell it where one matches ("1.0" stays the label's text).
  return suffixes.map((s) => present.find((label) => sameLabel(s, label)) ?? s);
}

/**
 * Sorted label order checked against the data: the likelihood of every assignment of the label
 * classes to the columns (an assignment problem on the labels × columns sums of ln p).
 */
function checkedOrder(input: Omit<ClassOrderInput, 'explicit' | 'field'>, sorted: readonly string[], strays: string[]): ClassOrderDecision {
  const k = input.columnNames.length;
  const unchecked = (): ClassOrderDecision => ({ classes: padClasses(sorted, input.columnNames), rule: 'sorted', uncertain: true, strays, evidence: null });
  if (k > MAX_CHECKED_CLASSES || sorted.length > k) return unchecked();
  const { sums, rows } = input.logLikelihood();
  if (rows === 0) return unchecked();
  // Weights: one row per class (in sorted order), one column per prediction column.
  const weights = new Float64Array(sorted.length * k);
  sorted.forEach((label, c) => {
    input.labels.values.forEach((value, d) => {
      if (!sameLabel(value, label)) return;
      for (let j = 0; j < k; j++) weights[c * k + j]! += sums[d * k + j] as number;
    });
  });
  const best = maximumAssignment(weights, sorted.length, k);
  const asClasses = (assignment: Assignment): string[] => {
    const classes = input.columnNames.map((name) => name);
    assignment.columnOfRow.forEach((column, c) => (classes[column] = sorted[c] as string));
    return classes;
  };
  const mean = (total: number): number => -total / rows;
  const square = sorted.length === k;
  const sortedTotal = square ? sorted.reduce((sum, _, c) => sum + (weights[c * k + c] as number), 0) : Number.NaN;
  const bestIsSorted = square && best.columnOfRow.every((column, c) => column === c);
  if (bestIsSorted || (square && best.total - sortedTotal < CLEAR_EVIDENCE_NATS)) {
    // Sorted order is (about) the best: clear only when no other order comes close.
    const other = bestIsSorted ? (k <= EXACT_RUNNER_UP_CLASSES ? runnerUpAssignment(weights, sorted.length, k, best) : bestSwap(weights, k, best)) : best;
    const gap = other === undefined ? Infinity : sortedTotal - other.total;
    return {
      classes: [...sorted],
      rule: 'sorted',
      uncertain: !(gap >= CLEAR_EVIDENCE_NATS),
      strays,
      evidence: {
        rows,
        chosenMeanNats: mean(sortedTotal),
        alternative: other === undefined ? null : asClasses(other),
        alternativeMeanNats: other === undefined ? null : mean(other.total),
      },
    };
  }
  return {
    classes: asClasses(best),
    rule: 'inferred',
    uncertain: true,
    strays,
    evidence: {
      rows,
      chosenMeanNats: mean(best.total),
      alternative: square ? [...sorted] : null,
      alternativeMeanNats: square ? mean(sortedTotal) : null,
    },
  };
}

/** Length of the longest common prefix of the names, character by character. */
function sharedCharacters(names: readonly string[]): number {
  const first = names[0] ?? '';
  let n = first.length;
  for (const name of names) {
    let k = 0;
    while (k < n && k < name.length && name[k] === first[k]) k++;
    n = k;
  }
  return n;
}

/** The best assignment that swaps two rows' columns of `best` (a cheap runner-up for many classes). O(K²). */
function bestSwap(weights: Float64Array, k: number, best: Assignment): Assignment | undefined {
  const rows = best.columnOfRow.length;
  let top: { a: number; b: number; total: number } | undefined;
  for (let a = 0; a < rows; a++) {
    for (let b = a + 1; b < rows; b++) {
      const ca = best.columnOfRow[a] as number;
      const cb = best.columnOfRow[b] as number;
      const total = best.total - (weights[a * k + ca] as number) - (weights[b * k + cb] as number) + (weights[a * k + cb] as number) + (weights[b * k + ca] as number);
      if (top === undefined || total > top.total) top = { a, b, total };
    }
  }
  if (top === undefined) return undefined;
  const columnOfRow = Int32Array.from(best.columnOfRow);
  [columnOfRow[top.a], columnOfRow[top.b]] = [columnOfRow[top.b] as number, columnOfRow[top.a] as number];
  return { columnOfRow, total: top.total };
}

/** Sorted classes for the first columns; columns beyond the label classes keep their names. */
function padClasses(sorted: readonly string[], names: readonly string[]): string[] {
  return names.map((name, j) => sorted[j] ?? name);
}

/** Row-major numbers with a stride: a dense matrix (stride = width) or a table's columns in place. */
export interface StridedRows {
  data: Float64Array;
  offset: number;
  stride: number;
  width: number;
}

/**
 * The `logLikelihood` sums an order check needs: Σ ln p(column k) per label code over `rowIds`
 * (every row when null), labels × K: minus the core's per-row losses (probabilities clipped to
 * [ε, 1 − ε], float64 machine ε, as the scores clip them;
 * logits through the exact log-softmax); a one-column model gives [ln(1 − p), ln p]
 * (logits: [ln σ(−s), ln σ(s)]). Rows with a non-finite value are skipped. O(rows · K).
 * Example: codes [0, 1], probabilities [[.9, .1], [.2, .8]] → sums [ln .9, ln .1, ln .2, ln .8].
 */
export function labelLogLikelihood(values: StridedRows, kind: 'probabilities' | 'logits', codes: Int32Array, rowIds: Int32Array | null, distinct: number): { sums: Float64Array; rows: number } {
  const width = values.width;
  const k = width === 1 ? 2 : width;
  const sums = new Float64Array(distinct * k);
  const eps = Number.EPSILON;
  const hi = 1 - eps;
  const logP = new Float64Array(width);
  const { data, offset, stride } = values;
  const count = rowIds === null ? codes.length : rowIds.length;
  let used = 0;
  for (let r = 0; r < count; r++) {
    const row = rowIds === null ? r : (rowIds[r] as number);
    const code = codes[row] as number;
    if (code < 0 || code >= distinct) continue;
    const at = offset + row * stride;
    let finite = true;
    for (let j = 0; j < width; j++) if (!Number.isFinite(data[at + j] as number)) finite = false;
    if (!finite) continue;
    used++;
    const base = code * k;
    // The core's own loss terms (a log-likelihood is minus a loss), so the evidence weighs each
    // row exactly as its score will.
    if (width === 1) {
      const v = data[at] as number;
      sums[base]! -= kind === 'logits' ? softplus(v) : binaryProbabilityLoss(v, false, eps, hi);
      sums[base + 1]! -= kind === 'logits' ? softplus(-v) : binaryProbabilityLoss(v, true, eps, hi);
      continue;
    }
    if (kind === 'logits') {
      logSoftmaxInto(data, at, width, logP, 0);
      for (let j = 0; j < width; j++) sums[base + j]! += logP[j] as number;
    } else {
      for (let j = 0; j < width; j++) sums[base + j]! -= probabilityLoss(data[at + j] as number, eps, hi);
    }
  }
  return { sums, rows: used };
}
