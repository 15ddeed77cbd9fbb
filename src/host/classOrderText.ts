// How a model's columns were matched to classes, in words: for the status bar, Choose Columns…
// and the results panel, so all three say the same thing. Pure (no vscode).
import type { ClassOrderInfo, LossUnit, ModelResult, TableInfo } from '../protocol/analysis';
import { formatLoss } from '../protocol/numberFormat';

/** A list of classes for a title: the first five, then how many more. Example: "a, b, c". */
export function classList(classes: readonly string[], shown = 5): string {
  return classes.length > shown ? `${classes.slice(0, shown).join(', ')}, … (${classes.length})` : classes.join(', ');
}

/** How many numbers a model's columns hold per row (a vector column counts its components). */
export function modelWidth(table: TableInfo, columns: readonly string[]): number {
  return columns.reduce((sum, name) => sum + (table.columns.find((c) => c.name === name)?.width ?? 1), 0);
}

/** True for a one-column binary model: its column is P(positive) (or its logit), its classes [negative, positive]. */
export function isOneColumnBinary(table: TableInfo, columns: readonly string[]): boolean {
  return modelWidth(table, columns) === 1;
}

/**
 * The rule in a few words. Example: {rule: 'inferred'} → "guessed from the data (the order that
 * fits best)"; {rule: 'names'} → "by column name".
 */
export function ruleWords(info: Pick<ClassOrderInfo, 'rule' | 'uncertain'>, binary = false): string {
  switch (info.rule) {
    case 'explicit':
      return 'as you chose';
    case 'names':
      return 'by column name';
    case 'field':
      return 'from the field naming the classes';
    case 'numeric':
      return binary ? '0/1 labels: 1 is the positive class' : 'integer labels are column indices';
    case 'inferred':
      return binary ? 'guessed from the data (the class it fits best)' : 'guessed from the data (the order that fits best)';
    case 'sorted':
      return info.uncertain ? 'sorted label order, which the data cannot confirm' : 'sorted label order, confirmed by the data';
  }
}

/** What the order is: "P(benign)" for a one-column model, else the class list. */
export function orderWords(info: ClassOrderInfo, binary: boolean): string {
  return binary ? `P(${info.classes[1] ?? '?'})` : classList(info.classes);
}

/**
 * The evidence in one sentence, or '' when there is none. Examples: "sorted label order (eight,
 * five, …) would give 5.24581 nats instead of 0.295896 nats over 1,797 rows"; binary: "as
 * P(malignant) the mean would be 28.3519 nats instead of 0.728962 nats".
 */
export function evidenceWords(info: ClassOrderInfo, binary: boolean, unit: LossUnit): string {
  const evidence = info.evidence;
  if (!evidence || !evidence.alternative || evidence.alternativeMeanNats === null) return '';
  const instead = `${formatLoss(evidence.alternativeMeanNats, unit)} instead of ${formatLoss(evidence.chosenMeanNats, unit)} over ${evidence.rows.toLocaleString('en-US')} rows`;
  if (binary) return `as P(${evidence.alternative[1] ?? '?'}) the mean would be ${instead}`;
  const which = info.rule === 'inferred' ? 'sorted label order' : 'the next best order';
  return `${which} (${classList(evidence.alternative, 3)}) would give ${instead}`;
}

/** One sentence for a model: "Class order of probs guessed from the data …: zero, one, … ; sorted … would give …". */
export function classOrderSentence(model: Pick<ModelResult, 'columns' | 'classOrder'>, table: TableInfo, unit: LossUnit): string {
  const info = model.classOrder;
  if (!info) return '';
  const binary = isOneColumnBinary(table, model.columns.columns);
  const what = binary ? `Positive class of ${model.columns.name}` : `Class order of ${model.columns.name}`;
  const evidence = evidenceWords(info, binary, unit);
  return `${what}: ${orderWords(info, binary)}, ${ruleWords(info, binary)}${evidence ? `; ${evidence}` : ''}.`;
}
