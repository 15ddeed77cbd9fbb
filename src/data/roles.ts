// Column-role inference: proposes which columns are the label, per-class probabilities, logits,
// targets, features and KL distributions, with a reason and a confidence for each proposal.
import { mapColumnsToClasses, ROW_SUM_TOLERANCE } from '../core';
import type { ColumnInfo, Table } from './types';

/** What a column (or group of columns) is for. */
export type RoleKind = 'label' | 'probabilities' | 'logits' | 'targets' | 'features' | 'distribution';

/** One proposed role: the columns, why, and how sure (0 = guess, 1 = certain). */
export interface RoleProposal {
  role: RoleKind;
  /** Column names in class order as written in the file (a vector column is one name). */
  columns: string[];
  /** Model group prefix (`m1`, `m2`) for side-by-side models; absent for a single model. */
  group?: string;
  /** Target encoding for `targets`: rows are 0/1 with one 1, or non-negative summing to 1. */
  encoding?: 'one-hot' | 'soft';
  /**
   * Class value per column when every column name ends with a label value (`p_cow` ↔ `cow`),
   * in column order; absent when the mapping falls back to sorted label order.
   */
  classes?: string[];
  reason: string;
  confidence: number;
}

/** The proposed mapping; ambiguous cases are listed instead of being silently decided. */
export interface RoleMapping {
  label?: RoleProposal;
  /** Probability or logit groups, one per model, in file order. */
  models: RoleProposal[];
  targets?: RoleProposal;
  features?: RoleProposal;
  /** Non-negative numeric columns usable as distributions over rows (KL P and Q). */
  distributions: RoleProposal[];
  /** Human-readable notes on choices that could reasonably go another way. */
  ambiguities: string[];
  /** A column that names each row (an id, or free text): shown beside rows, never a label or feature. */
  identifier?: RoleProposal;
  /** A field that names the classes in column order (`classes`, `label_names`, `id2label.0…`). */
  classNames?: { columns: string[]; classes: string[] };
}

/** Names that say "this is the truth", in order of preference (compared case-insensitively). */
const LABEL_NAMES = [
  'label',
  'labels',
  'y',
  'y_true',
  'target',
  'class',
  'truth',
  'ground_truth',
  'gt',
  'gold',
  'gold_label',
  'true_label',
  'true_class',
  'actual',
  'category',
  'diagnosis',
  'species',
];
/** Other names of the truth: `actual_class`, `true_label`, `y_true`, `label_gold`, `observed`. */
const TRUTH_NAME = /^(?:(?:y|label|class|target)[_\- ]?(?:true|actual|gold|truth|observed)|(?:true|actual|gold|truth|observed|real)(?:[_\- ]?(?:label|class|y|target|value|category))?)$/i;
/** A model's output, never the truth: `predicted`, `prediction`, `y_pred`, `predicted_class`, `label_pred`. */
const PREDICTION_NAME = /^(?:y[_\- ]?)?pred(?:s|icted|iction|ictions)?(?:[_\- ].*)?$|[_\- ](?:pred|predicted|prediction)$/i;
/** Flag columns that are usually the outcome of a binary model: `is_fraud`, `has_churned`. */
const FLAG_NAME = /^(is|has|was|did|will)[_.-]?[a-z0-9]/i;
/** Row numbers and ids are not features, and never labels. */
const IDENTIFIER_NAMES = /^(id|idx|index|row|row_id|rowid|record|record_id|unnamed_0|unnamed: 0|uuid|guid|key|sample|sample_id|example_id|)$|([_.\- ]id|Id|ID|_key|_uuid)$|^id[_.-]/;
/** Per-row weights, never detected as features: `weight`, `weights`, `sample_weight`, `row weight`. */
const WEIGHT_NAME = /^(?:(?:sample|row|instance|example)[_.\- ]?)?weights?$/i;
/** Free text that names a row (shown beside it), not a class. */
const TEXT_NAMES = /^(text|sentence|sentence1|sentence2|review|comment|question|answer|prompt|title|description|content|document|utterance|input|image|file|filename|path|url)$/i;
/** Fields that list the class names in column order. */
const CLASS_NAME_FIELDS = /^(classes|class_names|label_names|target_names|categories|labels)$/i;
const ID2LABEL = /^(?:.*\.)?id2label\.(\d+)$/;
/** Above this many classes a label column is an identifier (and Analyze never fits on it). */
export const MAX_LABEL_CLASSES = 1000;
const PROBABILITY_TOKENS = new Set([
  'p',
  'prob',
  'probs',
  'proba',
  'probas',
  'probability',
  'probabilities',
  'pred',
  'preds',
  'prediction',
  'predictions',
  'y_pred',
  'y_prob',
  'y_proba',
  'q',
  'confidence',
]);
const LOGIT_TOKENS = new Set(['logit', 'logits', 'score', 'scores', 'z', 'raw', 'margin', 'margins', 'decision', 'y_score']);
const TARGET_TOKENS = new Set(['target', 'targets', 'onehot', 'one_hot', 'y', 'label', 'labels', 'truth', 'true', 't']);
/** A score column with at most this many values (or this share of its rows) outside [0, 1] may be P(positive) with bad values. */
const STRAY_OUTSIDE_ROWS = 3;
const STRAY_OUTSIDE_SHARE = 0.001;
/** Rows of a group count as distributions for detection when |Σ − 1| ≤ this (rounded exports). */
const DETECTION_SUM_TOLERANCE = 1e-3;

/** Value facts for one numeric column or group. */
interface Facts {
  /** Every value finite and in [0, 1]. */
  unit: boolean;
  /** Finite values outside [0, 1], and the first one's row and value (single columns: a stray among probabilities). */
  outsideUnit: number;
  firstOutside: { row: number; value: number } | undefined;
  nonNegative: boolean;
  /** Every value 0 or 1. */
  binary: boolean;
  /** Share of rows whose values sum to 1 ± ROW_SUM_TOLERANCE (groups). */
  rowsSumToOne: number;
  /** Share of rows with exactly one 1 (groups of 0/1 values). */
  oneHot: number;
  /** Share of rows of non-negative values summing to 100 (percentages), within ½ per value. */
  rowsSumToHundred: number;
  /** Σ over rows (single columns). */
  columnSum: number;
  finiteRows: number;
}

function facts(values: Float64Array, width: number, rows: number): Facts {
  let unit = true;
  let outsideUnit = 0;
  let firstOutside: Facts['firstOutside'];
  let nonNegative = true;
  let binary = true;
  let sumOk = 0;
  let oneHot = 0;
  let hundred = 0;
  let columnSum = 0;
  let finiteRows = 0;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    let ones = 0;
    let finite = true;
    for (let k = 0; k < width; k++) {
      const v = values[r * width + k]!;
      if (!Number.isFinite(v)) {
        finite = false;
        continue;
      }
      if (v < 0 || v > 1) {
        unit = false;
        if (outsideUnit++ === 0) firstOutside = { row: r, value: v };
      }
      if (v < 0) nonNegative = false;
      if (v !== 0 && v !== 1) binary = false;
      if (v === 1) ones++;
      sum += v;
    }
    if (!finite) continue;
    finiteRows++;
    columnSum += sum;
    if (Math.abs(sum - 1) <= DETECTION_SUM_TOLERANCE) sumOk++;
    if (ones === 1 && Math.abs(sum - 1) <= ROW_SUM_TOLERANCE) oneHot++;
    if (width > 1 && Math.abs(sum - 100) <= 0.5 * width) hundred++;
  }
  const n = Math.max(finiteRows, 1);
  return { unit, outsideUnit, firstOutside, nonNegative, binary, rowsSumToOne: sumOk / n, oneHot: oneHot / n, rowsSumToHundred: hundred / n, columnSum, finiteRows };
}

/** A run of columns that share a prefix: `m1_p0 m1_p1` → prefix `m1_p`, token `p`, group `m1`. */
interface Group {
  prefix: string;
  token: string;
  model: string | undefined;
  columns: ColumnInfo[];
}

/** `m1_p0` → {prefix 'm1_p', token 'p', model 'm1'}; `p_cow` → {'p_', 'p', undefined}. */
function splitName(name: string): { prefix: string; token: string; model: string | undefined } {
  const prefix = name.replace(/(\d+|[^_.\-\d]+)$/, '');
  const trimmed = prefix.replace(/[_.-]+$/, '');
  const tokenMatch = /([A-Za-z]+)$/.exec(trimmed);
  const token = (tokenMatch?.[1] ?? '').toLowerCase();
  const rest = trimmed.slice(0, trimmed.length - token.length).replace(/[_.-]+$/, '');
  return { prefix, token, model: rest === '' ? undefined : rest };
}

/**
 * Proposes column roles from names and values:
 * - identifier: a column that names rows — `id`, `*_id`, `idx`, `uuid`, free text (`text`,
 *   `sentence`), a mostly-distinct text column or an integer sequence; never a label or feature;
 * - class names: a field listing the classes in column order (`classes`, `label_names`,
 *   `id2label.0…`), used for the class order and never as a label;
 * - label: a column named `label`, `y`, `target`, `class`, `truth`, `gold`, … (first in that order),
 *   else a 0/1 flag named `is_*` / `has_*`, else a 0/1 column beside a probability column, else the
 *   only non-numeric column; never an identifier-like column (more than {@link MAX_LABEL_CLASSES}
 *   values, or mostly distinct values);
 * - models: groups sharing a prefix (`p_*`, `prob*`, `m1_p0..`) whose values are in [0, 1] with rows
 *   summing to 1 are probabilities; `logit*`, `score*`, `z*` (or unbounded values under a
 *   probability name, flagged as ambiguous) are logits; a single column named like a probability
 *   or score (`p`, `proba`, `score`, `p_fraud`) is P(positive) of a binary model when its values are
 *   in [0, 1], its logit otherwise; vector columns are judged the same way;
 * - targets: a group or vector named like a target whose rows are one-hot (0/1, one 1) or soft;
 * - distributions: non-negative columns each summing to 1 over the rows (KL P and Q);
 * - features: the remaining numeric scalar columns, but those named like sample weights (said as an
 *   ambiguity).
 * Each proposal has a reason and a confidence (0.9 when name and values agree, 0.6 name only,
 * 0.5 values only); ambiguous choices are listed in `ambiguities`. O(rows · columns).
 * Example: samples/three-class-models.csv → targets target_0..2 (one-hot), models m1 and m2;
 * `transaction_id,amount,is_fraud,score` → label is_fraud, model score, identifier transaction_id.
 */
export function inferRoles(table: Table): RoleMapping {
  const mapping: RoleMapping = { models: [], distributions: [], ambiguities: [] };
  const used = new Set<string>();
  const numeric = (c: ColumnInfo): boolean => c.numericCount > 0 && c.textCount === 0;
  const scalars = table.columns.filter((c) => c.shape === 'scalar');

  const classNames = findClassNames(table);
  if (classNames) {
    mapping.classNames = classNames;
    for (const name of classNames.columns) used.add(name);
  }
  const identifiers = identifierColumns(table, used);
  const identifierNames = new Set(identifiers.map((c) => c.name));
  const identifier = preferredIdentifier(identifiers);
  if (identifier) {
    mapping.identifier = {
      role: 'label',
      columns: [identifier.name],
      reason: IDENTIFIER_NAMES.test(identifier.name) || TEXT_NAMES.test(identifier.name) ? `named "${identifier.name}"` : 'a different value on almost every row',
      confidence: 0.9,
    };
  }

  // The label: by name, by a flag name, beside a probability, else the only non-numeric column.
  const labelCandidates = scalars.filter((c) => !used.has(c.name) && !identifierNames.has(c.name) && !PREDICTION_NAME.test(c.name));
  const named = [
    ...LABEL_NAMES.map((n) => labelCandidates.find((c) => c.name.toLowerCase() === n)),
    ...labelCandidates.filter((c) => !LABEL_NAMES.includes(c.name.toLowerCase()) && TRUTH_NAME.test(c.name)),
  ].filter((c): c is ColumnInfo => c !== undefined);
  const flags = labelCandidates.filter((c) => FLAG_NAME.test(c.name) && isZeroOneColumn(table, c));
  // A lone 0/1 column next to a lone probability-named column (`fraud, p_fraud`), neither in a group.
  const prefixCount = new Map<string, number>();
  for (const c of scalars) prefixCount.set(splitName(c.name).prefix, (prefixCount.get(splitName(c.name).prefix) ?? 0) + 1);
  const lone = (c: ColumnInfo): boolean => (prefixCount.get(splitName(c.name).prefix) ?? 0) <= 1 || splitName(c.name).prefix === '';
  const predictionNamed = (c: ColumnInfo): boolean => nameWords(c.name).some((w) => PROBABILITY_TOKENS.has(w) || LOGIT_TOKENS.has(w));
  const besideProbability = labelCandidates.filter(
    (c, i) => lone(c) && isZeroOneColumn(table, c) && [labelCandidates[i - 1], labelCandidates[i + 1]].some((n) => n !== undefined && lone(n) && predictionNamed(n) && isProbabilityColumn(table, n)),
  );
  const text = labelCandidates.filter((c) => c.textCount > 0);
  let labelColumn: ColumnInfo | undefined;
  let reason = '';
  let confidence = 0.9;
  if (named[0]) {
    labelColumn = named[0];
    reason = `named "${labelColumn.name}"`;
  } else if (flags.length > 0) {
    labelColumn = flags[0] as ColumnInfo;
    reason = `a 0/1 flag named "${labelColumn.name}"`;
    confidence = 0.8;
  } else if (besideProbability.length === 1) {
    labelColumn = besideProbability[0] as ColumnInfo;
    reason = 'a 0/1 column beside a probability column';
    confidence = 0.6;
  } else if (text.length === 1) {
    labelColumn = text[0] as ColumnInfo;
    reason = 'the only non-numeric column';
    confidence = 0.6;
  }
  if (labelColumn !== undefined) {
    mapping.label = { role: 'label', columns: [labelColumn.name], reason, confidence };
    used.add(labelColumn.name);
    const others = [...named, ...flags].filter((c) => c !== labelColumn);
    if (others.length > 0) mapping.ambiguities.push(`Several columns are named like a label (${[labelColumn, ...others].map((c) => c.name).join(', ')}); "${labelColumn.name}" was chosen`);
    if (named[0] === labelColumn && text.length > 0 && !text.includes(labelColumn)) {
      mapping.ambiguities.push(`Non-numeric column${text.length > 1 ? 's' : ''} ${text.map((c) => `"${c.name}"`).join(', ')} could also be the label`);
    }
  } else if (text.length > 1) {
    mapping.ambiguities.push(`No column is named like a label and ${text.length} columns are non-numeric (${text.map((c) => c.name).join(', ')}); choose the label`);
  }
  for (const c of identifiers) used.add(c.name);
  const labels = mapping.label === undefined ? undefined : table.labels(labelColumn!.name).values.filter((v) => v !== '');
  const classCount = labels === undefined ? 0 : twoClassCount(labels);

  // Groups of numeric scalar columns sharing a prefix, in file order.
  const groups = new Map<string, Group>();
  for (const column of scalars) {
    if (used.has(column.name) || !numeric(column)) continue;
    const { prefix, token, model } = splitName(column.name);
    if (prefix === '') continue;
    let group = groups.get(prefix);
    if (group === undefined) groups.set(prefix, (group = { prefix, token, model, columns: [] }));
    group.columns.push(column);
  }
  const candidates: { columns: string[]; token: string; model: string | undefined; vector: boolean }[] = [];
  for (const group of groups.values()) {
    if (group.columns.length >= 2) candidates.push({ columns: group.columns.map((c) => c.name), token: group.token, model: group.model, vector: false });
  }
  for (const column of table.columns) {
    if (column.shape === 'vector' && column.numericCount > 0) {
      candidates.push({ columns: [column.name], token: column.name.toLowerCase().replace(/^.*[_.-]/, ''), model: undefined, vector: true });
    }
  }

  for (const candidate of candidates) {
    const matrix = table.matrix(candidate.columns);
    const f = facts(matrix.values, matrix.width, matrix.rowCount);
    const summed = f.unit && f.rowsSumToOne >= 0.99;
    const where = candidate.vector ? `arrays in "${candidate.columns[0]}"` : `columns ${candidate.columns.join(', ')}`;
    const base = { columns: candidate.columns, ...(candidate.model === undefined ? {} : { group: candidate.model }) };
    const classes = classesOf(candidate.columns, labels, candidate.vector);
    if (TARGET_TOKENS.has(candidate.token) && summed && mapping.targets === undefined) {
      const oneHot = f.binary && f.oneHot === 1;
      mapping.targets = {
        role: 'targets',
        ...base,
        encoding: oneHot ? 'one-hot' : 'soft',
        reason: `${where} named like targets, ${oneHot ? 'each row 0/1 with a single 1' : 'each row non-negative and summing to 1'}`,
        confidence: 0.9,
      };
    } else if (LOGIT_TOKENS.has(candidate.token)) {
      mapping.models.push({
        role: 'logits',
        ...base,
        ...(classes ? { classes } : {}),
        reason: `${where} named like logits/scores${summed ? '' : ', unbounded values'}`,
        confidence: summed ? 0.6 : 0.9,
      });
      if (summed) mapping.ambiguities.push(`${where} are named like logits but every row is a probability distribution`);
    } else if (summed) {
      const byName = PROBABILITY_TOKENS.has(candidate.token);
      mapping.models.push({
        role: 'probabilities',
        ...base,
        ...(classes ? { classes } : {}),
        reason: `${where}${byName ? ' named like probabilities,' : ''} values in [0, 1] with rows summing to 1`,
        confidence: byName ? 0.9 : 0.5,
      });
    } else if (f.nonNegative && !f.unit && f.rowsSumToHundred >= 0.99) {
      // Percentages (20, 30, 50): probabilities on another scale, scored once divided by 100.
      mapping.models.push({
        role: 'probabilities',
        ...base,
        ...(classes ? { classes } : {}),
        reason: `${where}: every row sums to 100, percentages (normalise them to score them)`,
        confidence: 0.6,
      });
    } else if (PROBABILITY_TOKENS.has(candidate.token)) {
      if (!f.unit || f.rowsSumToOne < 0.5) {
        mapping.models.push({
          role: f.unit ? 'probabilities' : 'logits',
          ...base,
          ...(classes ? { classes } : {}),
          reason: f.unit ? `${where} named like probabilities, but most rows do not sum to 1` : `${where} named like probabilities, but values fall outside [0, 1]: they look like logits`,
          confidence: 0.4,
        });
        mapping.ambiguities.push(
          f.unit ? `${where}: most rows do not sum to 1 (normalise, or they are not one distribution per row)` : `${where} are named like probabilities but look like logits, not probabilities`,
        );
      } else {
        mapping.models.push({ role: 'probabilities', ...base, ...(classes ? { classes } : {}), reason: `${where} named like probabilities; some rows do not sum to 1`, confidence: 0.6 });
      }
    } else continue;
    for (const name of candidate.columns) used.add(name);
  }

  // Single numeric columns: distributions over rows, a binary P(positive) or logit.
  for (const column of scalars) {
    if (used.has(column.name) || !numeric(column)) continue;
    const values = table.numbers(column.name).values;
    const f = facts(values, 1, values.length);
    const token = column.name.toLowerCase();
    const isDistribution = f.nonNegative && values.length > 1 && Math.abs(f.columnSum - 1) <= ROW_SUM_TOLERANCE;
    if (isDistribution) {
      mapping.distributions.push({ role: 'distribution', columns: [column.name], reason: `"${column.name}" is non-negative and sums to 1 over the rows`, confidence: 0.9 });
      used.add(column.name);
      if (mapping.label !== undefined && classCount === 2 && f.unit && PROBABILITY_TOKENS.has(token)) {
        mapping.ambiguities.push(`"${column.name}" sums to 1 over the rows (a distribution for KL) but could also be P(positive) for "${mapping.label.columns[0]}"`);
      }
      continue;
    }
    const words = nameWords(column.name);
    const probabilityName = PROBABILITY_TOKENS.has(token) || words.some((w) => PROBABILITY_TOKENS.has(w));
    const logitName = !probabilityName && (LOGIT_TOKENS.has(token) || words.some((w) => LOGIT_TOKENS.has(w)));
    if (mapping.label !== undefined && classCount <= 2 && (probabilityName || logitName)) {
      // Values decide the kind: in [0, 1] they are P(positive) whatever the name (a "score" from
      // predict_proba), outside they are a logit (a probability name holding logits is flagged) —
      // except a probability name with values in [0, 1] but for a few rows: those rows are bad
      // probabilities far more often than the column is logits, so it stays probabilities and the
      // rows are reported at their cells.
      const strays = !f.unit && f.firstOutside !== undefined && f.outsideUnit <= Math.max(STRAY_OUTSIDE_ROWS, f.finiteRows * STRAY_OUTSIDE_SHARE);
      const role = f.unit || (probabilityName && strays) ? 'probabilities' : 'logits';
      mapping.models.push({
        role,
        columns: [column.name],
        reason:
          role === 'probabilities'
            ? `"${column.name}" is named like a ${probabilityName ? 'probability' : 'score'} with values in [0, 1]${f.unit ? '' : ' but for a few rows'}: P(positive) of a binary model`
            : probabilityName
              ? `"${column.name}" is named like a probability but has values outside [0, 1]: it looks like logits`
              : `"${column.name}" is named like a logit/score of a binary model`,
        confidence: probabilityName === f.unit ? 0.9 : 0.6,
      });
      if (probabilityName && !f.unit && !strays) mapping.ambiguities.push(`"${column.name}" looks like logits, not probabilities`);
      if (probabilityName && strays && f.firstOutside !== undefined) {
        const { row, value } = f.firstOutside;
        const others = f.outsideUnit - 1;
        mapping.ambiguities.push(
          `"${column.name}" is read as probabilities although ${others === 0 ? 'one value is' : `${f.outsideUnit} values are`} outside [0, 1] (row ${row + 1}: ${value}${others > 0 ? `, and ${others} more` : ''}): ${others === 0 ? 'that row is' : 'those rows are'} reported and left out; if the column holds logits, choose it as logits`,
        );
      }
      if (logitName && f.unit) mapping.ambiguities.push(`"${column.name}" is named like a score but every value is in [0, 1]: it is read as P(positive); treat it as logits if it is a decision score`);
      // A score in [0, 1] but for a few rows is P(positive) with bad values as often as a logit: say which rows decided it.
      if (logitName && !f.unit && f.firstOutside !== undefined && f.outsideUnit <= Math.max(STRAY_OUTSIDE_ROWS, f.finiteRows * STRAY_OUTSIDE_SHARE)) {
        const { row, value } = f.firstOutside;
        const others = f.outsideUnit - 1;
        mapping.ambiguities.push(
          `"${column.name}" is read as logits because ${others === 0 ? 'one value is' : `${f.outsideUnit} values are`} outside [0, 1] (row ${row + 1}: ${value}${others > 0 ? `, and ${others} more` : ''}); every other value is in [0, 1]: if it is P(positive), ${others === 0 ? 'that value is' : 'those values are'} wrong — choose it as probabilities`,
        );
      }
      if (f.binary) mapping.ambiguities.push(`"${column.name}" holds only 0 and 1: hard predictions, not probabilities, give infinite or clipped losses`);
      used.add(column.name);
    }
  }
  if (mapping.distributions.length === 1) {
    mapping.ambiguities.push(`Only "${mapping.distributions[0]!.columns[0]}" sums to 1 over the rows; KL needs a second distribution`);
  }

  if (mapping.label !== undefined && mapping.label.confidence < 0.9 && mapping.distributions.length >= 2) {
    mapping.ambiguities.push(`"${mapping.label.columns[0]}" may only name the outcomes of the distributions rather than be a label`);
  }
  // A column named like per-row weights ("weight", "sample_weight", "weights") is not taken for a
  // feature without saying so: fitting on it silently would be wrong when it weights the rows, and
  // weights are only ever chosen by the user (Choose Columns…, sample weights).
  const remaining = scalars.filter((c) => !used.has(c.name) && numeric(c)).map((c) => c.name);
  const weightNamed = remaining.filter((name) => WEIGHT_NAME.test(name));
  const features = remaining.filter((name) => !WEIGHT_NAME.test(name));
  for (const name of weightNamed) {
    mapping.ambiguities.push(`"${name}" is named like per-row sample weights, so it is not used as a feature (make it the sample weight or a feature in Choose Columns…)`);
  }
  if (features.length > 0) {
    mapping.features = { role: 'features', columns: features, reason: 'the remaining numeric columns', confidence: 0.6 };
  }
  if (mapping.models.length === 0 && mapping.targets === undefined && mapping.label === undefined && mapping.distributions.length === 0) {
    mapping.ambiguities.push('No label, probability, logit or target columns were recognised; choose the columns');
  }
  return mapping;
}

/** Class per column when the names end with the label values (the core's rule), else undefined. */
function classesOf(columns: string[], labels: string[] | undefined, vector: boolean): string[] | undefined {
  if (labels === undefined || vector || labels.length === 0) return undefined;
  try {
    const mapping = mapColumnsToClasses(columns, [...new Set(labels)]);
    return mapping.rule === 'columnName' ? mapping.classes.map(String) : undefined;
  } catch {
    return undefined;
  }
}

/** Scalar columns (not in `used`) that name rows rather than hold a class or a feature. */
function identifierColumns(table: Table, used: ReadonlySet<string>): ColumnInfo[] {
  return table.columns.filter((c) => c.shape === 'scalar' && !used.has(c.name) && isIdentifier(table, c));
}

/** An id by name first (`id`, `*_id`), else free text, else a column with a value per row. */
function preferredIdentifier(identifiers: readonly ColumnInfo[]): ColumnInfo | undefined {
  return identifiers.find((c) => IDENTIFIER_NAMES.test(c.name)) ?? identifiers[0];
}

/**
 * The column that names each row, as inferRoles would propose it (without the other roles): for
 * a column choice made by hand, so rows still show their id. Undefined when there is none.
 */
export function findIdentifier(table: Table): string | undefined {
  const classNames = findClassNames(table);
  return preferredIdentifier(identifierColumns(table, new Set(classNames?.columns ?? [])))?.name;
}

/** Lower-case words of a column name: `fraud_score` → fraud, score; `prob1` → prob, 1. */
function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[_.\- ]+|(?<=[a-z])(?=\d)/)
    .filter((w) => w !== '');
}

/**
 * Classes the labels hold for binary detection: the distinct values, counting a value as a stray
 * (a typo) when it has under 1 % of the rows.
 */
function twoClassCount(labels: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let classes = 0;
  for (const count of counts.values()) if (count >= 0.01 * labels.length) classes++;
  return Math.max(classes, Math.min(counts.size, 1));
}

/** Rows at which a column's distinct values are counted for the identifier test (and the cap). */
const IDENTIFIER_MIN_ROWS = 20;

/**
 * A column that names rows rather than classes: an id or free-text name, a text column with more
 * than MAX_LABEL_CLASSES values or a different value on most rows, or an integer sequence with a
 * different value on every row (`review_id` 100000, 100001, …).
 */
function isIdentifier(table: Table, column: ColumnInfo): boolean {
  if (IDENTIFIER_NAMES.test(column.name) || TEXT_NAMES.test(column.name)) return true;
  const rows = table.rowCount;
  if (rows < IDENTIFIER_MIN_ROWS) return false;
  if (column.textCount > 0) {
    const distinct = table.labelCodes(column.name).distinct.length;
    return distinct > MAX_LABEL_CLASSES || distinct > 0.5 * rows;
  }
  if (column.numericCount === 0) return false;
  const values = table.numbers(column.name).values;
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

/** Every present value is 0 or 1 (or the words true/false), with both present. */
function isZeroOneColumn(table: Table, column: ColumnInfo): boolean {
  if (column.shape !== 'scalar') return false;
  if (column.textCount === 0) {
    // Numbers: stop at the first value that is not 0 or 1 (most numeric columns, at once).
    const values = table.numbers(column.name).values;
    let zero = false;
    let one = false;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === 0) zero = true;
      else if (v === 1) one = true;
      else if (v === v) return false;
    }
    return zero && one;
  }
  const distinct = new Set(
    table
      .labelCodes(column.name)
      .distinct.filter((v) => v !== '')
      .map((v) => v.trim().toLowerCase()),
  );
  return distinct.size === 2 && [...distinct].every((v) => v === 'true' || v === 'false' || v === '0' || v === '1');
}

/** A numeric column whose values are in [0, 1], not only 0 and 1. */
function isProbabilityColumn(table: Table, column: ColumnInfo): boolean {
  if (column.shape !== 'scalar' || column.numericCount === 0 || column.textCount > 0) return false;
  const values = table.numbers(column.name).values;
  let strict = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (v < 0 || v > 1) return false;
    if (v !== 0 && v !== 1) strict = true;
  }
  return strict;
}

/** Rows whose class-name field is compared with the first row's (first, last and a few between). */
const CLASS_FIELD_SAMPLES = 8;

/**
 * A field that lists the classes in column order, the same on every sampled row: a JSON array of
 * strings (or pandas' Python list repr) in a column named `classes`, `class_names`, `label_names`,
 * `target_names`, `categories` or `labels`; or Hugging Face's `id2label` object, read as the
 * columns `id2label.0`, `id2label.1`, …. Undefined when there is none or the rows disagree.
 * Example: `{"label": "dog", "probs": [.2, .7, .1], "classes": ["cat", "dog", "horse"]}` →
 * {columns: ['classes'], classes: ['cat', 'dog', 'horse']}.
 */
export function findClassNames(table: Table): { columns: string[]; classes: string[] } | undefined {
  const rows = table.rowCount;
  if (rows === 0) return undefined;
  const samples = sampleRows(rows);
  for (const column of table.columns) {
    if (column.shape !== 'scalar' || column.textCount === 0 || !CLASS_NAME_FIELDS.test(column.name.replace(/^.*\./, ''))) continue;
    const first = table.raw(0, column.index);
    const classes = first === undefined ? undefined : parseNameList(first);
    if (classes && samples.every((row) => table.raw(row, column.index) === first)) return { columns: [column.name], classes };
  }
  const byIndex = new Map<number, ColumnInfo>();
  for (const column of table.columns) {
    const match = ID2LABEL.exec(column.name);
    if (match && column.shape === 'scalar') byIndex.set(Number(match[1]), column);
  }
  if (byIndex.size < 2) return undefined;
  const columns: ColumnInfo[] = [];
  for (let k = 0; k < byIndex.size; k++) {
    const column = byIndex.get(k);
    if (column === undefined) return undefined;
    columns.push(column);
  }
  const texts = columns.map((column) => table.labels(column.name).values);
  const classes = texts.map((values) => values[0] ?? '');
  if (classes.some((c) => c === '') || !samples.every((row) => texts.every((values, k) => values[row] === classes[k]))) return undefined;
  return { columns: columns.map((c) => c.name), classes };
}

function sampleRows(rows: number): number[] {
  const out = new Set<number>([0, rows - 1]);
  for (let k = 1; k < CLASS_FIELD_SAMPLES - 1; k++) out.add(Math.floor((k * (rows - 1)) / (CLASS_FIELD_SAMPLES - 1)));
  return [...out];
}

/** `["cat", "dog"]` (JSON) or `['cat', 'dog']` (Python's repr, as pandas writes lists) → names. */
function parseNameList(raw: string): string[] | undefined {
  let text = raw.trim();
  // A CSV cell holding a list is quoted: "['cat', 'dog']".
  if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replace(/""/g, '"');
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length >= 2 && parsed.every((v) => typeof v === 'string' || typeof v === 'number')) return parsed.map(String);
  } catch {
    // Python repr: single-quoted strings without escapes.
    const items = text
      .slice(1, -1)
      .split(',')
      .map((item) => item.trim());
    const names = items.map((item) => /^'([^'\\]*)'$/.exec(item)?.[1]);
    if (names.length >= 2 && names.every((n) => n !== undefined)) return names as string[];
  }
  return undefined;
}

/**
 * Text columns whose values are numbers written with a decimal comma (`0,8`, as
 * `to_csv(sep=';', decimal=',')` writes them): most present cells match `-?digits,digits`.
 * The readers take decimal points only, so these columns read as text; callers say so.
 * Example: `y;p\n1;0,8\n0;0,3\n` (delimiter `;`) → ['p'].
 */
export function decimalCommaColumns(table: Table): string[] {
  if (table.delimiter !== ';' && table.delimiter !== '\t' && table.delimiter !== '|') return [];
  const out: string[] = [];
  for (const column of table.columns) {
    if (column.shape !== 'scalar' || column.textCount === 0) continue;
    const codes = table.labelCodes(column.name);
    let present = 0;
    let comma = 0;
    codes.distinct.forEach((value, d) => {
      if (value === '') return;
      const rows = codes.counts[d] ?? 0;
      present += rows;
      if (/^[+-]?\d+,\d+$/.test(value.trim())) comma += rows;
    });
    if (present > 0 && comma >= 0.9 * present) out.push(column.name);
  }
  return out;
}
