// How a model's columns were matched to classes, in the host's words and number format (status
// bar, Choose Columns…, the panel snapshot). The words themselves are in protocol/classOrderWords.ts,
// shared with the results panel. Pure (no vscode).
import type { ClassOrderInfo, LossUnit, ModelResult, TableInfo } from '../protocol/analysis';
import { classList, evidenceWords as words, ruleWords } from '../protocol/classOrderWords';
import { formatLoss } from '../protocol/numberFormat';

export { classList, ruleWords };

/** How many numbers a model's columns hold per row (a vector column counts its components). */
export function modelWidth(table: TableInfo, columns: readonly string[]): number {
  return columns.reduce((sum, name) => sum + (table.columns.find((c) => c.name === name)?.width ?? 1), 0);
}

/** True for a one-column binary model: its column is P(positive) (or its logit), its classes [negative, positive]. */
export function isOneColumnBinary(table: TableInfo, columns: readonly string[]): boolean {
  return modelWidth(table, columns) === 1;
}

/** The evidence in one sentence with losses in `unit` (6 significant digits), or ''. */
export function evidenceWords(info: ClassOrderInfo, binary: boolean, unit: LossUnit): string {
  return words(info, binary, (nats) => formatLoss(nats, unit));
}

/** What the order is: "P(benign)" for a one-column model, else the class list. */
export function orderWords(info: ClassOrderInfo, binary: boolean): string {
  return binary ? `P(${info.classes[1] ?? '?'})` : classList(info.classes);
}

/**
 * One sentence for a model. Example: "Class order of probs: zero, one, two, three, four, … (10),
 * guessed from the data (the order that fits best); sorted label order (…) would give ….".
 */
export function classOrderSentence(model: Pick<ModelResult, 'columns' | 'classOrder'>, table: TableInfo, unit: LossUnit): string {
  const info = model.classOrder;
  if (!info) return '';
  const binary = isOneColumnBinary(table, model.columns.columns);
  const what = binary ? `Positive class of ${model.columns.name}` : `Class order of ${model.columns.name}`;
  const evidence = evidenceWords(info, binary, unit);
  return `${what}: ${orderWords(info, binary)}, ${ruleWords(info, binary)}${evidence ? `; ${evidence}` : ''}.`;
}
