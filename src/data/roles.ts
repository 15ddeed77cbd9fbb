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
}

/** Names that say "this is the truth", in order of preference (compared case-insensitively). */
const LABEL_NAMES = ['label', 'labels', 'y', 'y_true', 'target', 'class', 'truth', 'ground_truth', 'gt', 'true_label', 'actual', 'category'];
/** Row numbers and ids are not features. */
const IDENTIFIER_NAMES = /^(id|idx|index|row|row_id|rowid|record|record_id|unnamed_0|)$/i;
const PROBABILITY_TOKENS = new Set(['p', 'prob', 'probs', 'proba', 'probas', 'probability', 'probabilities', 'pred', 'preds', 'prediction', 'predictions', 'y_pred', 'y_prob', 'q']);
const LOGIT_TOKENS = new Set(['logit', 'logits', 'score', 'scores', 'z', 'raw', 'margin', 'margins', 'decision']);
const TARGET_TOKENS = new Set(['target', 'targets', 'onehot', 'one_hot', 'y', 'label', 'labels', 'truth', 'true', 't']);

/** Value facts for one numeric column or group. */
interface Facts {
  /** Every value finite and in [0, 1]. */
  unit: boolean;
  nonNegative: boolean;
  /** Every value 0 or 1. */
  binary: boolean;
  /** Share of rows whose values sum to 1 ± ROW_SUM_TOLERANCE (groups). */
  rowsSumToOne: number;
  /** Share of rows with exactly one 1 (groups of 0/1 values). */
  oneHot: number;
  /** Σ over rows (single columns). */
  columnSum: number;
  finiteRows: number;
}

function facts(values: Float64Array, width: number, rows: number): Facts {
  let unit = true;
  let nonNegative = true;
  let binary = true;
  let sumOk = 0;
  let oneHot = 0;
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
      if (v < 0 || v > 1) unit = false;
      if (v < 0) nonNegative = false;
      if (v !== 0 && v !== 1) binary = false;
      if (v === 1) ones++;
      sum += v;
    }
    if (!finite) continue;
    finiteRows++;
    columnSum += sum;
    if (Math.abs(sum - 1) <= ROW_SUM_TOLERANCE) sumOk++;
    if (ones === 1 && Math.abs(sum - 1) <= ROW_SUM_TOLERANCE) oneHot++;
  }
  const n = Math.max(finiteRows, 1);
  return { unit, nonNegative, binary, rowsSumToOne: sumOk / n, oneHot: oneHot / n, columnSum, finiteRows };
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
  const trimmed = prefix.replace(/[_.\-]+$/, '');
  const tokenMatch = /([A-Za-z]+)$/.exec(trimmed);
  const token = (tokenMatch?.[1] ?? '').toLowerCase();
  const rest = trimmed.slice(0, trimmed.length - token.length).replace(/[_.\-]+$/, '');
  return { prefix, token, model: rest === '' ? undefined : rest };
}

/**
 * Proposes column roles from names and values, as the issue describes:
 * - label: a column named `label`, `y`, `target`, `class`, `truth`, … (first in that order), else
 *   the only non-numeric column;
 * - models: groups sharing a prefix (`p_*`, `prob*`, `m1_p0..`) whose values are in [0, 1] with rows
 *   summing to 1 ± 1e-6 are probabilities; `logit*`, `score*`, `z*` (or unbounded values under a
 *   probability name, flagged as ambiguous) are logits; a single [0, 1] column named like a
 *   probability is P(positive) of a binary model; vector columns are judged the same way;
 * - targets: a group or vector named like a target whose rows are one-hot (0/1, one 1) or soft;
 * - distributions: non-negative columns each summing to 1 over the rows (KL P and Q);
 * - features: the remaining numeric scalar columns, except identifiers (`id`, `index`, `row`).
 * Each proposal has a reason and a confidence (0.9 when name and values agree, 0.6 name only,
 * 0.5 values only); ambiguous choices are listed in `ambiguities`. O(rows · columns).
 * Example: samples/three-class-models.csv → targets target_0..2 (one-hot), models m1 and m2.
 */
export function inferRoles(table: Table): RoleMapping {
  const mapping: RoleMapping = { models: [], distributions: [], ambiguities: [] };
  const used = new Set<string>();
  const numeric = (c: ColumnInfo): boolean => c.numericCount > 0 && c.textCount === 0;
  const scalars = table.columns.filter((c) => c.shape === 'scalar');

  // Label by name, else the only non-numeric column.
  const named = LABEL_NAMES.map((n) => scalars.find((c) => c.name.toLowerCase() === n)).filter((c): c is ColumnInfo => c !== undefined);
  const text = scalars.filter((c) => c.textCount > 0);
  const labelColumn = named[0] ?? (text.length === 1 ? text[0] : undefined);
  if (labelColumn !== undefined) {
    const byName = named[0] !== undefined;
    mapping.label = {
      role: 'label',
      columns: [labelColumn.name],
      reason: byName ? `named "${labelColumn.name}"` : 'the only non-numeric column',
      confidence: byName ? 0.9 : 0.6,
    };
    used.add(labelColumn.name);
    if (named.length > 1) mapping.ambiguities.push(`Several columns are named like a label (${named.map((c) => c.name).join(', ')}); "${labelColumn.name}" was chosen`);
    if (byName && text.length > 0 && !text.includes(labelColumn)) {
      mapping.ambiguities.push(`Non-numeric column${text.length > 1 ? 's' : ''} ${text.map((c) => `"${c.name}"`).join(', ')} could also be the label`);
    }
  } else if (text.length > 1) {
    mapping.ambiguities.push(`No column is named like a label and ${text.length} columns are non-numeric (${text.map((c) => c.name).join(', ')}); choose the label`);
  }
  const labels = mapping.label === undefined ? undefined : table.labels(labelColumn!.name).values.filter((v) => v !== '');
  const classCount = labels === undefined ? 0 : new Set(labels).size;

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
      candidates.push({ columns: [column.name], token: column.name.toLowerCase().replace(/^.*[_.\-]/, ''), model: undefined, vector: true });
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
    } else if (PROBABILITY_TOKENS.has(candidate.token)) {
      if (!f.unit || f.rowsSumToOne < 0.5) {
        mapping.models.push({
          role: f.unit ? 'probabilities' : 'logits',
          ...base,
          ...(classes ? { classes } : {}),
          reason: f.unit
            ? `${where} named like probabilities, but most rows do not sum to 1`
            : `${where} named like probabilities, but values fall outside [0, 1]: they look like logits`,
          confidence: 0.4,
        });
        mapping.ambiguities.push(f.unit ? `${where}: most rows do not sum to 1 (normalise, or they are not one distribution per row)` : `${where} are named like probabilities but look like logits, not probabilities`);
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
    const probabilityName = PROBABILITY_TOKENS.has(token) || /^(p|prob|proba|pred)[_\-.]?(1|pos|positive|true|yes)?$/i.test(column.name);
    const logitName = LOGIT_TOKENS.has(token) || /^(logit|score|z)[_\-.]?\w*$/i.test(column.name);
    if (mapping.label !== undefined && classCount <= 2 && (probabilityName || logitName)) {
      const role = probabilityName && f.unit ? 'probabilities' : 'logits';
      mapping.models.push({
        role,
        columns: [column.name],
        reason:
          role === 'probabilities'
            ? `"${column.name}" is named like a probability with values in [0, 1]: P(positive) of a binary model`
            : probabilityName
              ? `"${column.name}" is named like a probability but has values outside [0, 1]: it looks like logits`
              : `"${column.name}" is named like a logit/score of a binary model`,
        confidence: probabilityName && !f.unit ? 0.4 : 0.9,
      });
      if (probabilityName && !f.unit) mapping.ambiguities.push(`"${column.name}" looks like logits, not probabilities`);
      used.add(column.name);
    }
  }
  if (mapping.distributions.length === 1) {
    mapping.ambiguities.push(`Only "${mapping.distributions[0]!.columns[0]}" sums to 1 over the rows; KL needs a second distribution`);
  }

  if (mapping.label !== undefined && mapping.label.confidence < 0.9 && mapping.distributions.length >= 2) {
    mapping.ambiguities.push(`"${mapping.label.columns[0]}" may only name the outcomes of the distributions rather than be a label`);
  }
  const identifiers = scalars.filter((c) => !used.has(c.name) && IDENTIFIER_NAMES.test(c.name));
  for (const c of identifiers) used.add(c.name);
  const features = scalars.filter((c) => !used.has(c.name) && numeric(c)).map((c) => c.name);
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
