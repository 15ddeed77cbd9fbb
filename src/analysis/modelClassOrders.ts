// Each model's class order in a document analysis, decided against the label on the whole
// document: uncertain orders become warnings with the orders as quick fixes, refusals leave the
// model out, secondary models are mapped onto the primary model's order.
import { componentNames } from '../data';
import type { Table } from '../data';
import { sameLabel } from '../core';
import type { AnalysisProblem, ColumnChoice, LossUnit, ModelColumns } from '../protocol/analysis';
import { formatLoss } from '../protocol/numberFormat';
import { decideClassOrder, decidePositiveClass, labelLogLikelihood } from './classOrder';
import type { ClassOrderDecision, LabelCounts } from './classOrder';
import { groupName } from './columnNames';
import { firstCellRange } from './columnRanges';
import { ignoredLabelCandidate } from './labelSet';
import type { LabelSet } from './labelSet';
import type { PreparedModel } from './preparedModel';
import type { ProblemSink } from './problemSink';
import { fileProblem } from './problems';

/**
 * Decides every model's class order against the label, reports the uncertain ones (a warning with
 * quick fixes offering the orders) and refusals (a model whose columns cannot be matched to the
 * classes is left out), and maps secondary models onto the primary model's class order.
 */
export function orderModels(
  prepared: PreparedModel[],
  table: Table,
  columns: ColumnChoice,
  evidence: Table,
  field: readonly string[] | undefined,
  problems: ProblemSink,
  unit: LossUnit,
  isIgnoredLabel: ((text: string) => boolean) | undefined,
): PreparedModel[] {
  const out: PreparedModel[] = [];
  // Every row with a label and numbers in the model's columns is evidence, whatever else is wrong
  // with it (one bad cell cannot change which column is which class), over the whole document.
  const labels = evidence.labelCodes(columns.label as string);
  for (const model of prepared) {
    const names = componentNames(model.columns.columns, model.width);
    const vector = model.columns.columns.length !== model.width;
    const values = evidence === table ? model.values : evidence.matrix(model.columns.columns).values;
    const { counts: labelCounts, rowIds } = labelCountsOver(labels, values, model.width, isIgnoredLabel);
    const logLikelihood = (): { sums: Float64Array; rows: number } =>
      labelLogLikelihood({ data: values, offset: 0, stride: model.width, width: model.width }, model.columns.kind, labels.codes, rowIds, labelCounts.values.length);
    const explicit = model.columns.classes ?? columns.classes;
    if (explicit && model.width > 1 && explicit.length !== model.width) {
      problems.add({
        ...fileProblem(
          'class-order-mismatch',
          `${explicit.length} classes are listed (${listClasses(explicit)}) for the ${model.width} columns of ${groupName(model.columns)}: list one class per column.`,
        ),
        column: model.columns.columns[0] ?? null,
        range: firstCellRange(table, model.columns.columns[0]),
      });
      continue;
    }
    const order =
      model.width === 1
        ? decidePositiveClass({ columnNames: names, namedColumns: !vector, labels: labelCounts, positive: model.columns.classes?.[1] ?? columns.positiveLabel, logLikelihood })
        : decideClassOrder({ columnNames: names, namedColumns: !vector, labels: labelCounts, explicit, field, logLikelihood });
    const where = groupName(model.columns);
    if (order === undefined) {
      const present = labelCounts.values.filter((_, d) => (labelCounts.counts[d] ?? 0) > 0);
      problems.add({
        ...fileProblem(
          'class-order-unknown',
          model.width === 1
            ? `${where} is one probability column but "${columns.label}" has ${present.length} classes (${listClasses(present)}): choose the positive class (Choose Columns…) or a label with two classes.`
            : `${where} has ${model.width} columns but "${columns.label}" has ${present.length} values (${listClasses(present)}): which column is which class cannot be told. Choose the class order (Choose Columns…)${ignoreSettingHint(present, model.width)}.`,
        ),
        column: model.columns.columns[0] ?? null,
        range: firstCellRange(table, model.columns.columns[0]),
        ...ignoreLabelFix(model.width === 1 ? undefined : ignoredLabelCandidate(present, model.width)),
      });
      continue;
    }
    // Explicit classes that name no row while a frequent label is not listed are a misspelt list,
    // not a thousand unknown labels: one problem on the list.
    if (order.rule === 'explicit' && model.width > 1) {
      const total = labelCounts.counts.reduce((a, b) => a + b, 0);
      const absent = order.classes.filter((c) => !labelCounts.values.some((v, d) => (labelCounts.counts[d] ?? 0) > 0 && sameLabel(v, c)));
      const unlisted = labelCounts.values
        .map((value, d) => ({ value, count: labelCounts.counts[d] ?? 0 }))
        .filter(({ value, count }) => count > 0.01 * total && !order.classes.some((c) => sameLabel(c, value)));
      if (absent.length > 0 && unlisted.length > 0) {
        problems.add({
          ...fileProblem(
            'class-order-mismatch',
            `The classes listed for ${where} name ${listClasses(absent)}, which no row has, and leave out ${unlisted.map(({ value, count }) => `"${value}" (${count.toLocaleString('en-US')} rows)`).join(', ')}: correct the list (Choose Columns… or --classes).`,
          ),
          column: model.columns.columns[0] ?? null,
          range: firstCellRange(table, model.columns.columns[0]),
        });
        continue;
      }
    }
    const primary = out[0]?.order;
    let permutation: Int32Array | undefined;
    if (primary && model.width > 1) {
      permutation = Int32Array.from(primary.classes, (c) => order.classes.findIndex((own) => sameLabel(own, c)));
      if (permutation.some((k) => k < 0) || model.width !== primary.classes.length) {
        problems.add({
          ...fileProblem(
            'class-order-mismatch',
            `${where} has the classes ${listClasses(order.classes)}, not those of ${groupName(out[0]!.columns)} (${listClasses(primary.classes)}): it is left out.`,
          ),
          column: model.columns.columns[0] ?? null,
          range: firstCellRange(table, model.columns.columns[0]),
        });
        continue;
      }
    }
    if (order.uncertain) problems.add(classOrderWarning(model.columns, order, table, unit));
    out.push({ ...model, order, ...(permutation ? { permutation } : {}) });
  }
  return out;
}

/** The quick fix that sets entropyLens.loss.ignoreLabel to a padding-like label value. */
function ignoreLabelFix(value: string | undefined): Pick<AnalysisProblem, 'fixes' | 'fixLabel'> | Record<string, never> {
  return value === undefined ? {} : { fixes: ['ignoreLabel'], fixLabel: value };
}

/** The ignore_index way out of a class-order refusal, when one label value looks like padding. */
function ignoreSettingHint(present: readonly string[], width: number): string {
  const value = ignoredLabelCandidate(present, width);
  // Worded for both surfaces: the CLI's streamed road reports this analysis' problems too.
  return value === undefined ? '' : `, or, if the rows labelled ${value} are to be left out (PyTorch's ignore_index), set entropyLens.loss.ignoreLabel to ${value} (CLI: --ignore-label ${value})`;
}

/** The distinct labels (by code) of the rows with a label, not the ignored one, whose model values are all numbers. */
function labelCountsOver(labels: LabelSet, values: Float64Array, width: number, isIgnoredLabel: ((text: string) => boolean) | undefined): { counts: LabelCounts; rowIds: Int32Array } {
  const counts = new Array<number>(labels.distinct.length).fill(0);
  const ids: number[] = [];
  const skipped = labels.distinct.map((text) => text === '' || (isIgnoredLabel?.(text) ?? false));
  for (let row = 0; row < labels.codes.length; row++) {
    const code = labels.codes[row] as number;
    if (skipped[code]) continue;
    let finite = true;
    for (let k = 0; k < width; k++) if (!Number.isFinite(values[row * width + k] as number)) finite = false;
    if (!finite) continue;
    counts[code]! += 1;
    ids.push(row);
  }
  return { counts: { values: labels.distinct, counts }, rowIds: Int32Array.from(ids) };
}

/** The warning for an order the data do not confirm, with the orders to choose from as quick fixes. */
export function classOrderWarning(model: ModelColumns, order: ClassOrderDecision, table: Table, unit: LossUnit): AnalysisProblem {
  const where = groupName(model);
  const evidence = order.evidence;
  const mean = (nats: number | null | undefined): string => (nats === null || nats === undefined ? '' : formatLoss(nats, unit));
  const binary = model.columns.length === 1 && order.classes.length === 2 && table.column(model.columns[0] as string)?.shape !== 'vector';
  const alternative = evidence?.alternative ?? null;
  const warning = (message: string): AnalysisProblem => ({
    code: 'class-order-uncertain',
    severity: 'warning',
    message,
    row: null,
    column: model.columns[0] ?? null,
    value: null,
    range: firstCellRange(table, model.columns[0]),
    fixes: [],
    fixModel: model.name,
  });
  if (binary) {
    const positive = order.classes[1] as string;
    const other = order.classes[0] as string;
    const message =
      order.rule === 'inferred'
        ? `Positive class of ${where} guessed from the data: it fits as P(${positive}) (mean ${mean(evidence?.chosenMeanNats)}), not as P(${other}), the greater label (${mean(evidence?.alternativeMeanNats)}). Confirm it or choose the other.`
        : `Positive class of ${where} assumed: ${positive}, the greater label; ${evidence ? `the data cannot confirm it (as P(${other}) the mean would be ${mean(evidence.alternativeMeanNats)} instead of ${mean(evidence.chosenMeanNats)})` : 'it was not checked against the data'}. Name the positive class (a column name such as p_${positive}, or Choose Columns…).`;
    return { ...warning(message), fixes: ['usePositiveLabel'], fixPositiveLabels: [positive, other] };
  }
  let message: string;
  if (order.rule === 'inferred') {
    message = `Class order of ${where} guessed from the data: ${listClasses(order.classes)} fits the rows best (mean ${mean(evidence?.chosenMeanNats)})${
      alternative ? `; sorted label order ${listClasses(alternative)} would give ${mean(evidence?.alternativeMeanNats)}` : ''
    }. Confirm the order or choose another.`;
  } else if (evidence && alternative) {
    message = `Class order of ${where} assumed: sorted label order ${listClasses(order.classes)}. The data cannot confirm it: ${listClasses(alternative)} fits almost as well (mean ${mean(evidence.alternativeMeanNats)} vs ${mean(evidence.chosenMeanNats)} over ${evidence.rows.toLocaleString('en-US')} rows). Name the classes (a "classes" field, column names such as p_<class>, or Choose Columns…).`;
  } else {
    message = `Class order of ${where} assumed: sorted label order ${listClasses(order.classes)}, not checked against the data. Name the classes (a "classes" field, column names such as p_<class>, or Choose Columns…).`;
  }
  return { ...warning(message), fixes: ['useClassOrder'], fixClassOrders: alternative ? [order.classes, alternative] : [order.classes] };
}

/** How the primary model's columns were matched to classes, for the panel and Choose Columns…. */
export function classMappingText(order: ClassOrderDecision | undefined): string | null {
  if (!order) return null;
  const words: Record<ClassOrderDecision['rule'], string> = {
    explicit: 'as chosen',
    names: 'by column name',
    field: 'from the field naming the classes',
    numeric: 'integer labels are column indices',
    inferred: 'guessed from the data (best-fitting order)',
    sorted: order.uncertain ? 'sorted label order (a guess)' : 'sorted label order, confirmed by the data',
  };
  return words[order.rule];
}

/** Up to six classes, then how many more. */
function listClasses(classes: readonly string[]): string {
  const shown = classes.slice(0, 6).map((c) => `"${c}"`);
  return classes.length > 6 ? `${shown.join(', ')}, … (${classes.length} in all)` : shown.join(', ');
}
