// Choose Columns… and the KL P/Q picks in quick picks. Each step (columnSteps.ts) opens on the
// current mapping, focused or checked, so Enter at every step keeps it; Back returns to the step
// before. Returns the choice, a request to reset to the detected columns, or undefined (dismissed).
import * as vscode from 'vscode';
import type { AnalysisResult, ColumnChoice, ModelColumns } from '../protocol/analysis';
import {
  assembleChoice,
  classStep,
  featureStep,
  weighsSomething,
  weightStep,
  groupPredictions,
  initialAnswers,
  kindStep,
  labelStep,
  modelKey,
  modelOrder,
  parseClasses,
  predictionStep,
  targetStep,
  TOTAL_STEPS,
  validateClasses,
} from './columnSteps';
import type { ModelOrder, PickerBase, PickStep } from './columnSteps';
import { modelWidth } from './classOrderText';

/** What the picker needs from the host: an analysis of a column choice, for the class orders of changed models. */
export interface PickerHooks {
  /** Runs a `columns` analysis of the choice; undefined when it did not finish. */
  orders(choice: ColumnChoice): Promise<AnalysisResult | undefined>;
}

export type PickerOutcome = { kind: 'choice'; columns: ColumnChoice } | { kind: 'reset' } | undefined;

type Answer<T> = { kind: 'accept'; values: T[] } | { kind: 'back' } | { kind: 'cancel' };

interface ValueItem<T> extends vscode.QuickPickItem {
  value?: T;
}

/** Shows one step; resolves with the accepted values, Back, or cancel (Escape, focus lost is ignored). */
function showStep<T>(step: PickStep<T>, canGoBack: boolean): Promise<Answer<T>> {
  const pick = vscode.window.createQuickPick<ValueItem<T>>();
  pick.title = step.title;
  pick.step = step.step;
  pick.totalSteps = TOTAL_STEPS;
  pick.placeholder = step.placeholder;
  pick.canSelectMany = step.many;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  if (canGoBack) pick.buttons = [vscode.QuickInputButtons.Back];
  const items: ValueItem<T>[] = step.items.map((item) =>
    item.separator
      ? { label: item.label, kind: vscode.QuickPickItemKind.Separator }
      : { label: item.label, value: item.value, ...(item.description ? { description: item.description } : {}), ...(item.detail ? { detail: item.detail } : {}) },
  );
  pick.items = items;
  const chosen = step.chosen.map((k) => items[k]).filter((item): item is ValueItem<T> => item !== undefined);
  const focus = (): void => {
    if (step.many) pick.selectedItems = chosen;
    else pick.activeItems = chosen;
  };
  focus();
  return new Promise<Answer<T>>((resolve) => {
    let settled = false;
    const subscriptions: vscode.Disposable[] = [];
    const finish = (answer: Answer<T>): void => {
      if (settled) return;
      settled = true;
      for (const s of subscriptions) s.dispose();
      pick.dispose();
      resolve(answer);
    };
    subscriptions.push(
      pick.onDidAccept(() => {
        const accepted = step.many ? pick.selectedItems : pick.selectedItems.length > 0 ? pick.selectedItems : pick.activeItems;
        const values = accepted.flatMap((item) => (item.value === undefined ? [] : [item.value]));
        if (!step.many && values.length === 0) return;
        finish({ kind: 'accept', values });
      }),
      pick.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) finish({ kind: 'back' });
      }),
      pick.onDidHide(() => finish({ kind: 'cancel' })),
    );
    pick.show();
    // Set again once shown: the focus must be on the current choice, whatever the widget did on show.
    focus();
  });
}

type StepResult = 'next' | 'back' | 'cancel' | 'reset' | 'again' | 'skip';

/**
 * The steps of Choose Columns…: label, prediction columns, the kind of each model, the class order
 * of each model scored against the label (one-column models: the positive class), targets,
 * features. `base` is the document's latest analysis; changed models get their class orders from
 * a `columns` analysis through `hooks`.
 */
export async function chooseColumns(base: PickerBase, hooks: PickerHooks): Promise<PickerOutcome> {
  const answers = initialAnswers(base);
  let orders = base.result;
  const orderOf = (model: ModelColumns): ModelOrder | undefined => modelOrder(orders, answers.label, model);

  const label = async (first: boolean): Promise<StepResult> => {
    const answer = await showStep(labelStep(base, answers), !first);
    if (answer.kind !== 'accept') return answer.kind;
    const value = answer.values[0];
    if (value?.kind === 'reset') return 'reset';
    answers.label = value?.kind === 'column' ? value.name : undefined;
    if (answers.label !== undefined) {
      const name = answers.label;
      answers.predictions = answers.predictions.filter((c) => c !== name);
      answers.models = groupPredictions(answers.predictions, base, answers.models);
      answers.targets = answers.targets.filter((c) => c !== name);
      answers.features = answers.features.filter((c) => c !== name);
    }
    return 'next';
  };
  const predictions = async (): Promise<StepResult> => {
    const answer = await showStep(predictionStep(base, answers), true);
    if (answer.kind !== 'accept') return answer.kind;
    answers.predictions = answer.values;
    answers.models = groupPredictions(answer.values, base, answers.models);
    const used = new Set(answers.predictions);
    answers.targets = answers.targets.filter((c) => !used.has(c));
    answers.features = answers.features.filter((c) => !used.has(c));
    return 'next';
  };
  const kind = (index: number) => async (): Promise<StepResult> => {
    const model = answers.models[index];
    if (!model) return 'skip';
    const answer = await showStep(kindStep(base, model, index, answers.models.length), true);
    if (answer.kind !== 'accept') return answer.kind;
    const chosen = answer.values[0] ?? model.kind;
    if (chosen !== model.kind) answers.models[index] = { ...model, kind: chosen };
    return 'next';
  };
  const order = (index: number) => async (): Promise<StepResult> => {
    const model = answers.models[index];
    if (!model || answers.label === undefined) return 'skip';
    let known = orderOf(model);
    if (!known) {
      const probed = await hooks.orders({ label: answers.label, models: answers.models, ...(base.result.columns.id !== undefined ? { id: base.result.columns.id } : {}) });
      if (probed) orders = probed;
      known = orderOf(model);
    }
    if (!known || (known.info === null && known.refusal === null)) return 'skip';
    const key = modelKey(model);
    const answer = await showStep(classStep(base, model, known, answers.classes.get(key)), true);
    if (answer.kind !== 'accept') return answer.kind;
    const value = answer.values[0];
    if (value?.kind === 'order') {
      answers.classes.set(key, value.classes);
      return 'next';
    }
    if (value?.kind !== 'type') return 'again';
    const width = modelWidth(base.result.table, model.columns);
    const typed = await vscode.window.showInputBox({
      title: `Entropy Lens: classes of ${model.name}, in column order`,
      prompt: `${width} class names separated by commas, the first for the first column`,
      value: (answers.classes.get(key) ?? known.info?.classes ?? []).join(', '),
      ignoreFocusOut: true,
      validateInput: (text) => validateClasses(text, width, known.labels),
    });
    if (typed === undefined) return 'again';
    answers.classes.set(key, parseClasses(typed));
    return 'next';
  };
  const targets = async (): Promise<StepResult> => {
    const answer = await showStep(targetStep(base, answers), true);
    if (answer.kind !== 'accept') return answer.kind;
    answers.targets = answer.values;
    answers.features = answers.features.filter((c) => !answer.values.includes(c));
    return 'next';
  };
  const features = async (): Promise<StepResult> => {
    const answer = await showStep(featureStep(base, answers), true);
    if (answer.kind !== 'accept') return answer.kind;
    answers.features = answer.values;
    if (answers.sampleWeight !== undefined && answers.features.includes(answers.sampleWeight)) answers.sampleWeight = undefined;
    return 'next';
  };
  const weights = async (): Promise<StepResult> => {
    if (!weighsSomething(answers)) return 'skip';
    const answer = await showStep(weightStep(base, answers), true);
    if (answer.kind !== 'accept') return answer.kind;
    const value = answer.values[0];
    answers.sampleWeight = value?.kind === 'column' ? value.name : undefined;
    return 'next';
  };

  // The plan depends on the answers (one kind and one order step per model), so it is rebuilt each time.
  const plan = (): (() => Promise<StepResult>)[] => [() => label(true), predictions, ...answers.models.map((_, k) => kind(k)), ...answers.models.map((_, k) => order(k)), targets, features, weights];
  let index = 0;
  let forward = true;
  for (;;) {
    const steps = plan();
    const step = steps[index];
    if (!step) break;
    const result = await step();
    if (result === 'cancel') return undefined;
    if (result === 'reset') return { kind: 'reset' };
    if (result === 'again') continue;
    // A step with nothing to ask is passed in the direction of travel.
    if (result !== 'skip') forward = result === 'next';
    index = forward ? index + 1 : Math.max(0, index - 1);
  }
  return { kind: 'choice', columns: assembleChoice(base, answers, orderOf) };
}

interface ColumnItem extends vscode.QuickPickItem {
  column: string;
}

function numericItems(result: AnalysisResult, picked: readonly string[]): ColumnItem[] {
  return result.table.columns
    .filter((c) => c.numeric || c.shape === 'vector')
    .map((c) => ({
      label: c.name,
      column: c.name,
      description: c.shape === 'vector' ? `array of ${c.width} numbers` : 'numbers',
      picked: picked.includes(c.name),
    }));
}

async function pickMany(title: string, step: number, total: number, options: ColumnItem[]): Promise<string[] | undefined> {
  const chosen = await vscode.window.showQuickPick(options, {
    title: `${title} (${step}/${total})`,
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return chosen?.map((item) => item.column);
}

/** P and Q picks for Compute KL Divergence: one column each (over rows) or a group each (per row). */
export async function chooseKlColumns(result: AnalysisResult): Promise<{ p: string[]; q: string[] } | undefined> {
  const p = await pickMany('Entropy Lens: P — one column (a distribution over rows) or a group (one per row)', 1, 2, numericItems(result, result.columns.p ?? []));
  if (!p || p.length === 0) return undefined;
  const q = await pickMany(`Entropy Lens: Q — ${p.length === 1 ? 'one column' : `${p.length} columns`} like P`, 2, 2, numericItems(result, result.columns.q ?? []));
  if (!q || q.length === 0) return undefined;
  return { p, q };
}
