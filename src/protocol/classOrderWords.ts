// How a model's columns were matched to classes, in words, for every surface that says it (status
// bar, Choose Columns…, results panel). Numbers are formatted by the caller (each surface has its
// own number format). Tiny pure helpers; no vscode, no DOM.
import type { ClassOrderRule } from './analysis';

/** What checking an order found (ClassOrderEvidence, read-only). */
export interface EvidenceLike {
  readonly rows: number;
  readonly chosenMeanNats: number;
  readonly alternative: readonly string[] | null;
  readonly alternativeMeanNats: number | null;
}

/** A list of classes for a title: the first `shown`, then how many there are. Example: "a, b, … (7)". */
export function classList(classes: readonly string[], shown = 5): string {
  return classes.length > shown ? `${classes.slice(0, shown).join(', ')}, … (${classes.length})` : classes.join(', ');
}

/**
 * The rule in a few words. `binary`: a one-column model (its column is P(positive)).
 * Example: {rule: 'inferred'} → "guessed from the data (the order that fits best)".
 */
export function ruleWords(order: { rule: ClassOrderRule; uncertain: boolean }, binary = false): string {
  switch (order.rule) {
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
      return order.uncertain ? 'sorted label order, which the data cannot confirm' : 'sorted label order, confirmed by the data';
  }
}

/**
 * The evidence in one sentence, or '' when there is none; `format` writes a mean loss given in nats.
 * Examples: "sorted label order (eight, five, four, … (10)) would give 5.24581 nats instead of
 * 0.295896 nats over 1,797 rows"; binary: "as P(malignant) the mean would be 28.3519 nats instead
 * of 0.728962 nats over 569 rows".
 */
export function evidenceWords(order: { rule: ClassOrderRule; evidence: EvidenceLike | null }, binary: boolean, format: (nats: number) => string): string {
  const evidence = order.evidence;
  if (!evidence || !evidence.alternative || evidence.alternativeMeanNats === null) return '';
  const instead = `${format(evidence.alternativeMeanNats)} instead of ${format(evidence.chosenMeanNats)} over ${evidence.rows.toLocaleString('en-US')} rows`;
  if (binary) return `as P(${evidence.alternative[1] ?? '?'}) the mean would be ${instead}`;
  const which = order.rule === 'inferred' ? 'sorted label order' : 'the next best order';
  return `${which} (${classList(evidence.alternative, 3)}) would give ${instead}`;
}
