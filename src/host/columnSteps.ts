// The steps of Choose Columns… as data: each step's items, which of them is focused (or checked)
// and its title and placeholder, built from the latest analysis and the answers so far; and the
// column choice the answers make. Pure (no vscode): columnPicker.ts shows these steps in quick
// picks. Every step starts on the current mapping, so accepting every step unchanged gives it back.
import type { AnalysisResult, ClassOrderInfo, ColumnChoice, ColumnSummary, ModelColumns, ModelResult } from '../protocol/analysis';
import { formatLoss } from '../protocol/numberFormat';
import { classList, modelWidth, ruleWords } from './classOrderText';
import { groupModelColumns } from './columnGroups';

/** The seven steps, in order (a step repeats per model where it is about one model). */
export const TOTAL_STEPS = 7;

/** One row of a step; `separator` rows only group the others. */
export interface StepItem<T> {
  label: string;
  description?: string;
  detail?: string;
  separator?: boolean;
  value: T;
}

/** A step as the picker shows it; `chosen` holds indices into `items` (focused, or checked when `many`). */
export interface PickStep<T> {
  title: string;
  step: number;
  placeholder: string;
  many: boolean;
  items: StepItem<T>[];
  chosen: number[];
}

export type LabelValue = { kind: 'column'; name: string } | { kind: 'none' } | { kind: 'reset' } | { kind: 'separator' };
export type OrderValue = { kind: 'order'; classes: string[] } | { kind: 'type' } | { kind: 'separator' };
export type WeightValue = { kind: 'column'; name: string } | { kind: 'none' };

/** What the picker starts from: the latest analysis of the document and whether the file has a remembered choice. */
export interface PickerBase {
  result: AnalysisResult;
  remembered: boolean;
}

/** The answers so far (each starts as the current mapping). `classes` is keyed by {@link modelKey}. */
export interface PickerAnswers {
  label: string | undefined;
  predictions: string[];
  models: ModelColumns[];
  classes: Map<string, string[]>;
  targets: string[];
  features: string[];
  /** The fits' sample-weight column (asked only when there are features). */
  sampleWeight: string | undefined;
}

const TITLE = 'Entropy Lens: Choose Columns';

/** A model's identity across steps and analyses: its kind and columns. */
export function modelKey(model: Pick<ModelColumns, 'kind' | 'columns'>): string {
  return `${model.kind}:${model.columns.join('\u0000')}`;
}

/** The answers that reproduce the current mapping. */
export function initialAnswers(base: PickerBase): PickerAnswers {
  const current = base.result.columns;
  const models = (current.models ?? []).map((m) => ({ ...m, columns: [...m.columns] }));
  return {
    label: current.label,
    predictions: models.flatMap((m) => m.columns),
    models,
    classes: new Map(),
    targets: [...(current.targets ?? [])],
    features: [...(current.features ?? [])],
    sampleWeight: current.sampleWeight,
  };
}

function isDetected(base: PickerBase): boolean {
  return base.result.mapping.origin === 'detected';
}

/**
 * "Detected: x — reason." or "Your choice for this file: x." plus how to keep it, within what the
 * input shows (PLACEHOLDER_CHARS): a reason that does not fit is left to the results panel's
 * column table, which gives every role's reason.
 */
function placeholder(base: PickerBase, what: string, reason: string | undefined, budget = PLACEHOLDER_CHARS): string {
  if (!isDetected(base)) return `Your choice for this file: ${what}. Enter keeps it.`;
  const full = `Detected: ${what}${reason ? ` — ${reason}` : ''}. Enter keeps it.`;
  return [...full].length <= budget ? full : `Detected: ${what}. Enter keeps it.`;
}

/**
 * The placeholder for a list of columns, within what the input shows (PLACEHOLDER_CHARS): the
 * names as far as they fit, then "… (n in all)"; the reason only when it still fits (a multi-select
 * step's input is narrower: MULTI_PLACEHOLDER_CHARS). Every name
 * stays in the items below.
 */
function listPlaceholder(base: PickerBase, names: readonly string[], reason: string | undefined, budget = PLACEHOLDER_CHARS): string {
  const full = placeholder(base, names.join(', '), reason, budget);
  if ([...full].length <= budget) return full;
  for (let shown = names.length; shown >= 1; shown--) {
    const what = shown === names.length ? names.join(', ') : `${names.slice(0, shown).join(', ')}, … (${names.length} in all)`;
    const text = placeholder(base, what, undefined, budget);
    if ([...text].length <= budget) return text;
  }
  return shorten(placeholder(base, `${names.length} columns`, undefined, budget), budget);
}

function describeColumn(column: ColumnSummary): string {
  return column.shape === 'vector' ? `array of ${column.width} numbers` : column.numeric ? 'numbers' : 'text';
}

/** A column's role in the current mapping, for item descriptions. */
function roleOf(base: PickerBase, name: string): string | undefined {
  const current = base.result.columns;
  if (current.label === name) return 'label';
  if (current.id === name) return 'identifier';
  const model = current.models?.find((m) => m.columns.includes(name));
  if (model) return `model ${model.name}`;
  if (current.targets?.includes(name)) return 'target';
  if (current.features?.includes(name)) return 'feature';
  if (current.sampleWeight === name) return 'sample weight';
  return undefined;
}

function columnItem<T>(base: PickerBase, column: ColumnSummary, value: T): StepItem<T> {
  const role = roleOf(base, column.name);
  const word = isDetected(base) ? 'detected' : 'current';
  return { label: column.name, description: `${describeColumn(column)}${role ? ` · ${word} ${role}` : ''}`, value };
}

/** Step 1: the label column; the current one focused, "No label column" last unless there is none. */
export function labelStep(base: PickerBase, answers: PickerAnswers): PickStep<LabelValue> {
  const columns = base.result.table.columns.filter((c) => c.shape === 'scalar');
  const current = base.result.columns.label;
  const ordered = [...columns.filter((c) => c.name === current), ...columns.filter((c) => c.name !== current)];
  const none: StepItem<LabelValue> = {
    label: '$(circle-slash) No label column',
    description: 'score against target columns, or entropy, KL and fits only',
    value: { kind: 'none' },
  };
  const items: StepItem<LabelValue>[] = [];
  if (current === undefined) items.push(none);
  items.push(...ordered.map((c) => columnItem<LabelValue>(base, c, { kind: 'column', name: c.name })));
  if (current !== undefined) items.push({ label: 'other', separator: true, value: { kind: 'separator' } }, none);
  if (base.remembered) {
    items.push(
      { label: 'remembered for this file', separator: true, value: { kind: 'separator' } },
      { label: '$(discard) Reset to detected columns', description: 'forget the columns chosen for this file', value: { kind: 'reset' } },
    );
  }
  const wanted = answers.label;
  const index = items.findIndex((item) => (wanted === undefined ? item.value.kind === 'none' : item.value.kind === 'column' && item.value.name === wanted));
  return {
    title: `${TITLE}: label column`,
    step: 1,
    placeholder: current === undefined ? placeholder(base, 'no label column', undefined) : placeholder(base, `"${current}"`, base.result.mapping.reasons.label),
    many: false,
    items,
    chosen: [Math.max(0, index)],
  };
}

/** Step 2: the prediction columns of every model (never the label); the current ones checked. */
export function predictionStep(base: PickerBase, answers: PickerAnswers): PickStep<string> {
  const items = base.result.table.columns.filter((c) => (c.numeric || c.shape === 'vector') && c.name !== answers.label).map((c) => columnItem(base, c, c.name));
  const models = base.result.columns.models ?? [];
  const what = models.length === 0 ? 'no prediction columns' : models.map((m) => `${m.name} (${m.kind})`).join(', ');
  const reasons = models.map((m) => base.result.mapping.reasons[`model ${m.name}`]).filter((r): r is string => r !== undefined);
  return {
    title: `${TITLE}: prediction columns of every model`,
    step: 2,
    placeholder: shorten(placeholder(base, what, reasons.join('; '), MULTI_PLACEHOLDER_CHARS), MULTI_PLACEHOLDER_CHARS),
    many: true,
    items,
    chosen: items.flatMap((item, k) => (answers.predictions.includes(item.value) ? [k] : [])),
  };
}

/**
 * The chosen prediction columns as models: a current model whose columns are all chosen stays as it
 * is (name, kind, classes); the other columns are grouped by name prefix, one model per vector
 * column, as probabilities unless an earlier answer said otherwise.
 */
export function groupPredictions(chosen: readonly string[], base: PickerBase, previous: readonly ModelColumns[]): ModelColumns[] {
  const vectors = new Set(base.result.table.columns.filter((c) => c.shape === 'vector').map((c) => c.name));
  const kept: ModelColumns[] = [];
  const used = new Set<string>();
  for (const model of base.result.columns.models ?? []) {
    if (!model.columns.every((c) => chosen.includes(c))) continue;
    kept.push({ ...model, columns: [...model.columns] });
    for (const c of model.columns) used.add(c);
  }
  const rest = groupModelColumns(
    chosen.filter((c) => !used.has(c)),
    'probabilities',
    vectors,
  );
  // An earlier answer about the same columns (the user went back) wins.
  const withKinds = [...kept, ...rest].map((model) => {
    const earlier = previous.find((m) => m.columns.join('\u0000') === model.columns.join('\u0000'));
    return earlier ? { ...model, kind: earlier.kind } : model;
  });
  // In the order the columns appear in the file.
  const position = (m: ModelColumns): number => Math.min(...m.columns.map((c) => chosen.indexOf(c)));
  return withKinds.sort((a, b) => position(a) - position(b));
}

/** Step 3, once per model: what its columns hold; the current kind focused. */
export function kindStep(base: PickerBase, model: ModelColumns, index: number, count: number): PickStep<ModelColumns['kind']> {
  const items: StepItem<ModelColumns['kind']>[] = [
    { label: 'Probabilities', description: 'values in [0, 1]: one per class, or P(positive) in one column', value: 'probabilities' },
    { label: 'Logits / scores', description: 'any real numbers: softmax (sigmoid for one column) gives the probabilities', value: 'logits' },
  ];
  const current = base.result.columns.models?.find((m) => m.columns.join('\u0000') === model.columns.join('\u0000'));
  const reason = current ? base.result.mapping.reasons[`model ${current.name}`] : undefined;
  return {
    title: `${TITLE}: what ${groupName(model)} holds${count > 1 ? ` (model ${index + 1} of ${count})` : ''}`,
    step: 3,
    placeholder: current ? placeholder(base, current.kind, reason) : `New model ${groupName(model)}: are its values probabilities or logits?`,
    many: false,
    items,
    chosen: [model.kind === 'logits' ? 1 : 0],
  };
}

/** A model as users name it: `probs`, or `m1 (m1_p0, …, m1_p2)`. */
export function groupName(model: Pick<ModelColumns, 'name' | 'columns'>): string {
  if (model.columns.length === 1) return model.columns[0] as string;
  const list = model.columns.length > 3 ? `${model.columns[0]}, …, ${model.columns[model.columns.length - 1]}` : model.columns.join(', ');
  return `${model.name} (${list})`;
}

/** How an analysis matched a model's columns to classes: its result, or the problem that refused it. */
export interface ModelOrder {
  info: ClassOrderInfo | null;
  /** Why no order could be decided (class-order-unknown / -mismatch), when the model was left out. */
  refusal: string | null;
  /** The label's values in that analysis (what typed classes are checked against). */
  labels: string[];
}

/** The model's class order in `orders` (an analysis with the same label), or undefined when it has no word on it. */
export function modelOrder(orders: AnalysisResult, label: string | undefined, model: ModelColumns): ModelOrder | undefined {
  if (label === undefined || orders.columns.label !== label) return undefined;
  const labels = orders.rows.labelValues.filter((v) => v !== '');
  // Scored with no order (the truth is target columns): info and refusal both null, nothing to ask.
  const scored: ModelResult | undefined = orders.models.find((m) => modelKey(m.columns) === modelKey(model));
  if (scored) return { info: scored.classOrder, refusal: null, labels };
  const refusal = orders.problems.find((p) => (p.code === 'class-order-unknown' || p.code === 'class-order-mismatch') && p.column === model.columns[0]);
  return refusal ? { info: null, refusal: refusal.message, labels } : undefined;
}

/** Sorted label order as scikit-learn's `classes_` has it: numbers by value, else text by code point. */
export function sortedLabels(labels: readonly string[]): string[] {
  const numbers = labels.map(Number);
  if (labels.every((l, k) => l.trim() !== '' && Number.isFinite(numbers[k]))) return [...labels].sort((a, b) => Number(a) - Number(b));
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function same(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((x, k) => x === b[k]);
}

/**
 * Step 4, once per model scored against the label. Multi-class: the order as scored (with its rule
 * in words), the evidence's alternative, sorted label order, "Type the classes…". One-column
 * binary: which class the column is the probability (or logit) of. The previous answer, else the
 * order as scored, is focused.
 */
export function classStep(base: PickerBase, model: ModelColumns, order: ModelOrder, answer: string[] | undefined): PickStep<OrderValue> {
  const unit = base.result.unit;
  const binary = modelWidth(base.result.table, model.columns) === 1;
  const info = order.info;
  const items: StepItem<OrderValue>[] = [];
  const add = (classes: string[], description: string): void => {
    if (items.some((item) => item.value.kind === 'order' && same(item.value.classes, classes))) return;
    const label = binary ? `P(${classes[1]})` : classList(classes, 4);
    items.push({ label, description, ...(!binary && classes.length > 4 ? { detail: classes.join(', ') } : {}), value: { kind: 'order', classes: [...classes] } });
  };
  const mean = (nats: number | null | undefined): string => (nats === null || nats === undefined ? '' : ` · mean ${formatLoss(nats, unit)}`);
  if (info) {
    // The rule without its parenthesis, so the mean stays in view; the placeholder has it whole.
    add(info.classes, `$(check) as scored, ${ruleWords(info, binary).replace(/ \(.*\)$/, '')}${mean(info.evidence?.chosenMeanNats)}`);
    const alternative = info.evidence?.alternative;
    const which = binary ? (info.rule === 'inferred' ? 'the greater label' : 'the other label') : info.rule === 'inferred' ? 'sorted label order' : 'the next best order';
    if (alternative) add(alternative, `${which}${mean(info.evidence?.alternativeMeanNats)}`);
  }
  if (binary) {
    const values = info ? info.classes : sortedLabels(order.labels);
    const two = values.length === 2 ? values : sortedLabels(order.labels);
    if (two.length === 2) {
      add([two[0] as string, two[1] as string], 'the greater label');
      add([two[1] as string, two[0] as string], 'the other label');
    } else {
      // More than two labels: the column is one class against the rest.
      for (const positive of sortedLabels(order.labels)) add([`not ${positive}`, positive], `${positive} against the other labels`);
    }
  } else {
    const sorted = sortedLabels(order.labels);
    const width = modelWidth(base.result.table, model.columns);
    if (sorted.length === width) add(sorted, "sorted label order (scikit-learn's classes_)");
    items.push({ label: '$(edit) Type the classes…', description: `${width} names, comma-separated, in column order`, value: { kind: 'type' } });
  }
  let chosen = items.findIndex((item) => item.value.kind === 'order' && same(item.value.classes, answer));
  if (chosen < 0) chosen = 0;
  const what = binary ? `positive class of ${groupName(model)} (its values are P(positive))` : `class order of ${groupName(model)}`;
  const hint = info ? classPlaceholder(info, binary, unit) : (order.refusal ?? 'The class order could not be decided: choose it.');
  return { title: `${TITLE}: ${what}`, step: 4, placeholder: hint, many: false, items, chosen: [chosen] };
}

/**
 * What a quick pick's input shows of its placeholder at its default width (600 px, measured in
 * code-server 1.100: 86 characters of "Guessed: mean 0.399183 nats as scored, …").
 */
export const PLACEHOLDER_CHARS = 84;
/**
 * The same for a multi-select step, whose input shares its row with the select-all box and the
 * "N Selected" count (measured in code-server 4.100: 63 characters of "Detected: mean radius, …").
 */
export const MULTI_PLACEHOLDER_CHARS = 60;

/**
 * The class step's placeholder: whether the order is a guess and the comparison that decides it
 * first ("Guessed: mean 0.184 nats as scored, 25.8 nats in sorted order"), then what Enter does,
 * within PLACEHOLDER_CHARS; the rule in full and the row count are in the items' descriptions.
 * Without evidence: the order and its rule. The first candidate that fits is taken.
 */
function classPlaceholder(info: ClassOrderInfo, binary: boolean, unit: AnalysisResult['unit']): string {
  const enter = info.uncertain ? 'Enter confirms.' : 'Enter keeps it.';
  const evidence = info.evidence;
  const candidates: string[] = [];
  if (evidence?.alternative && evidence.alternativeMeanNats !== null) {
    const guess = info.uncertain ? `${info.rule === 'inferred' ? 'Guessed' : 'Assumed'}: ` : '';
    const chosen = formatLoss(evidence.chosenMeanNats, unit);
    const other = formatLoss(evidence.alternativeMeanNats, unit);
    const leads = [`${guess}${guess ? 'mean' : 'Mean loss'}`, `${guess}${guess ? 'mean' : 'Mean'}`, guess ? guess.trim() : 'Mean'];
    if (binary) {
      const as = (name: string | undefined, length: number): string => `P(${shorten(name ?? '?', length)})`;
      for (const length of [40, 16, 8]) {
        for (const lead of leads) candidates.push(`${lead} ${chosen} as ${as(info.classes[1], length)}, ${other} as ${as(evidence.alternative[1], length)}. ${enter}`);
      }
    } else {
      const which = info.rule === 'inferred' ? ['in sorted order', 'if sorted'] : ['in the next best order', 'next best'];
      for (const words of which) for (const lead of leads) candidates.push(`${lead} ${chosen} as scored, ${other} ${words}. ${enter}`);
    }
  } else {
    const order = binary ? `P(${info.classes[1] ?? '?'})` : classList(info.classes, 4);
    candidates.push(`Scored as ${order}: ${ruleWords(info, binary)}. ${enter}`, `Scored as ${order}. ${enter}`, `Scored as ${binary ? order : classList(info.classes, 2)}. ${enter}`);
  }
  const fits = candidates.find((text) => [...text].length <= PLACEHOLDER_CHARS);
  return fits ?? shorten(candidates[candidates.length - 1] as string, PLACEHOLDER_CHARS);
}

/** `text` cut to `length` characters with an ellipsis. */
function shorten(text: string, length: number): string {
  const chars = [...text];
  return chars.length > length ? `${chars.slice(0, length - 1).join('')}…` : text;
}

/**
 * Checks typed classes for a model of `width` columns: as many names as columns, no repeats, and
 * each a label value (names beyond the labels are allowed only once every label is named: a class
 * with no rows here). Returns the problem in words, or null when the text is fine.
 * Example: validateClasses('a, b', 3, ['a', 'b', 'c']) → "3 classes needed (one per column), 2 given".
 */
export function validateClasses(text: string, width: number, labels: readonly string[]): string | null {
  const classes = parseClasses(text);
  if (classes.length !== width) return `${width} classes needed (one per column), ${classes.length} given`;
  const repeated = classes.find((c, k) => classes.indexOf(c) !== k);
  if (repeated !== undefined) return `"${repeated}" is named twice`;
  const unknown = classes.filter((c) => !labels.includes(c));
  const missing = labels.filter((l) => !classes.includes(l));
  if (unknown.length > 0 && missing.length > 0) return `"${unknown[0]}" is not a label of this file (labels: ${classList([...labels], 8)})`;
  return null;
}

/** Comma-separated class names, trimmed. */
export function parseClasses(text: string): string[] {
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** Step 5: one-hot or soft target columns (never the label, a model's columns or the id); the current ones checked. */
export function targetStep(base: PickerBase, answers: PickerAnswers): PickStep<string> {
  const excluded = excludedColumns(base, answers);
  const items = base.result.table.columns.filter((c) => (c.numeric || c.shape === 'vector') && !excluded.has(c.name)).map((c) => columnItem(base, c, c.name));
  const current = base.result.columns.targets;
  return {
    title: `${TITLE}: one-hot or soft target columns (optional)`,
    step: 5,
    placeholder: current?.length ? listPlaceholder(base, current, base.result.mapping.reasons.targets, MULTI_PLACEHOLDER_CHARS) : 'No targets: the label is the truth. Enter goes on.',
    many: true,
    items,
    chosen: items.flatMap((item, k) => (answers.targets.includes(item.value) ? [k] : [])),
  };
}

/** Step 6: numeric feature columns for the fits (never the label, a model's columns, the id or targets); the current ones checked. */
export function featureStep(base: PickerBase, answers: PickerAnswers): PickStep<string> {
  const excluded = excludedColumns(base, answers);
  for (const t of answers.targets) excluded.add(t);
  const items = base.result.table.columns.filter((c) => c.numeric && c.shape === 'scalar' && !excluded.has(c.name)).map((c) => columnItem(base, c, c.name));
  const current = base.result.columns.features;
  return {
    title: `${TITLE}: feature columns for the fits (optional)`,
    step: 6,
    placeholder: current?.length ? listPlaceholder(base, current, base.result.mapping.reasons.features, MULTI_PLACEHOLDER_CHARS) : 'None. Check columns to fit a regression on; Enter finishes.',
    many: true,
    items,
    chosen: items.flatMap((item, k) => (answers.features.includes(item.value) ? [k] : [])),
  };
}

/** Whether a weight column would weigh anything: fits on features, or predictions against a label. */
export function weighsSomething(answers: PickerAnswers): boolean {
  return answers.features.length > 0 || (answers.models.length > 0 && answers.label !== undefined);
}

/**
 * Step 7 (with features, or predictions and a label): a numeric column of per-row weights, as
 * scikit-learn's `sample_weight` for the losses (`log_loss`, `brier_score_loss`) and the fits
 * (`fit(X, y, sample_weight=…)`); "No weights" first unless one is chosen.
 */
export function weightStep(base: PickerBase, answers: PickerAnswers): PickStep<WeightValue> {
  const excluded = excludedColumns(base, answers);
  for (const name of [...answers.targets, ...answers.features]) excluded.add(name);
  const columns = base.result.table.columns.filter((c) => c.numeric && c.shape === 'scalar' && !excluded.has(c.name));
  const none: StepItem<WeightValue> = { label: '$(circle-slash) No weights', description: 'every row counts once', value: { kind: 'none' } };
  const items: StepItem<WeightValue>[] = [none, ...columns.map((c) => columnItem<WeightValue>(base, c, { kind: 'column', name: c.name }))];
  const wanted = answers.sampleWeight;
  const index = items.findIndex((item) => (wanted === undefined ? item.value.kind === 'none' : item.value.kind === 'column' && item.value.name === wanted));
  const current = base.result.columns.sampleWeight;
  return {
    title: `${TITLE}: sample weights (optional)`,
    step: 7,
    placeholder: current !== undefined ? placeholder(base, `"${current}"`, undefined) : 'None: every row counts once. Pick a column of sample weights ≥ 0; Enter finishes.',
    many: false,
    items,
    chosen: index >= 0 ? [index] : [0],
  };
}

function excludedColumns(base: PickerBase, answers: PickerAnswers): Set<string> {
  const excluded = new Set<string>(answers.models.flatMap((m) => m.columns));
  if (answers.label !== undefined) excluded.add(answers.label);
  const id = base.result.columns.id;
  if (id !== undefined) excluded.add(id);
  return excluded;
}

/**
 * The column choice the answers make. A model keeps its classes as they were unless the answer
 * changed them or confirmed a guessed order (then they are explicit); the id, P/Q and global class
 * options of the current mapping carry over.
 */
export function assembleChoice(base: PickerBase, answers: PickerAnswers, orders: (model: ModelColumns) => ModelOrder | undefined): ColumnChoice {
  const current = base.result.columns;
  const models = answers.models.map((model): ModelColumns => {
    const answer = answers.classes.get(modelKey(model));
    const { classes: _drop, ...rest } = model;
    const out: ModelColumns = { ...rest, columns: [...model.columns] };
    const info = answer ? orders(model)?.info : undefined;
    if (answer && !(info && same(answer, info.classes) && !info.uncertain)) out.classes = [...answer];
    else if (model.classes) out.classes = [...model.classes];
    return out;
  });
  const choice: ColumnChoice = { models };
  if (answers.label !== undefined) choice.label = answers.label;
  const used = new Set<string>([...models.flatMap((m) => m.columns), ...answers.targets, ...answers.features]);
  if (answers.label !== undefined) used.add(answers.label);
  if (answers.targets.length > 0) choice.targets = [...answers.targets];
  if (answers.features.length > 0) choice.features = [...answers.features];
  if (weighsSomething(answers) && answers.sampleWeight !== undefined && !used.has(answers.sampleWeight)) choice.sampleWeight = answers.sampleWeight;
  if (current.id !== undefined && !used.has(current.id)) choice.id = current.id;
  if (current.classes) choice.classes = [...current.classes];
  if (current.positiveLabel !== undefined) choice.positiveLabel = current.positiveLabel;
  if (current.p) choice.p = [...current.p];
  if (current.q) choice.q = [...current.q];
  return choice;
}

/** Codes of file-level errors a column choice causes (its columns or classes do not fit the file). */
const CHOICE_ERRORS = /^(class-order-|unknown-column$|no-prediction-columns$|no-truth-column$|no-fit-columns$|no-distribution-columns$)/;

/**
 * The file-level errors that keep a choice from being remembered: those a choice causes, and any
 * other file-level error the analysis before the choice did not have.
 */
export function choiceErrors(after: AnalysisResult, before: AnalysisResult | undefined): AnalysisResult['problems'] {
  const had = new Set((before?.problems ?? []).filter((p) => p.row === null).map((p) => `${p.code}\u0000${p.message}`));
  return after.problems.filter((p) => p.severity === 'error' && p.row === null && (CHOICE_ERRORS.test(p.code) || !had.has(`${p.code}\u0000${p.message}`)));
}
