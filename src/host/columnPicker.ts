// Choose Columns… and the KL P/Q picks: quick picks pre-filled from the detected (or remembered)
// mapping. Returns the choice, or undefined when the user dismissed a step.
import * as vscode from 'vscode';
import type { AnalysisResult, ColumnChoice, ModelColumns } from '../protocol/analysis';
import { groupModelColumns } from './columnGroups';

interface ColumnItem extends vscode.QuickPickItem {
  column: string;
}

function items(result: AnalysisResult, onlyNumeric: boolean, picked: readonly string[]): ColumnItem[] {
  return result.table.columns
    .filter((c) => !onlyNumeric || c.numeric)
    .map((c) => ({
      label: c.name,
      column: c.name,
      description: c.shape === 'vector' ? `vector of ${c.width}` : c.numeric ? 'numeric' : 'text',
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

/** The five-step picker: label, prediction kind, prediction columns, targets, features. */
export async function chooseColumns(result: AnalysisResult): Promise<ColumnChoice | undefined> {
  const current = result.columns;
  const total = 5;
  const none: ColumnItem = { label: '$(circle-slash) No label column', column: '' };
  const labelItems: ColumnItem[] = [none, ...items(result, false, [])];
  const labelPick = await vscode.window.showQuickPick(
    labelItems.map((item) => ({ ...item, description: item.column === current.label ? `${item.description ?? ''} (detected)` : item.description })),
    { title: `Entropy Lens: label column (1/${total})`, placeHolder: current.label ?? 'none detected', ignoreFocusOut: true },
  );
  if (!labelPick) return undefined;

  const currentKind = current.models?.[0]?.kind ?? 'probabilities';
  const kindItems: (vscode.QuickPickItem & { modelKind: ModelColumns['kind'] | null })[] = [
    { label: 'Probabilities', description: 'values in [0, 1], one per class (or P(positive))', modelKind: 'probabilities' },
    { label: 'Logits / scores', description: 'unbounded reals, softmax / sigmoid applied', modelKind: 'logits' },
    { label: 'No prediction columns', description: 'entropy, KL or a fit only', modelKind: null },
  ];
  const kindPick = await vscode.window.showQuickPick(
    kindItems.map((item) => ({ ...item, picked: item.modelKind === currentKind })),
    { title: `Entropy Lens: what the prediction columns hold (2/${total})`, placeHolder: `detected: ${currentKind}`, ignoreFocusOut: true },
  );
  if (!kindPick) return undefined;

  let models: ModelColumns[] = [];
  if (kindPick.modelKind) {
    const detected = (current.models ?? []).flatMap((m) => m.columns);
    const chosen = await pickMany('Entropy Lens: prediction columns, every model', 3, total, items(result, true, detected));
    if (!chosen) return undefined;
    const vectors = new Set(result.table.columns.filter((c) => c.shape === 'vector').map((c) => c.name));
    models = groupModelColumns(chosen, kindPick.modelKind, vectors);
  }
  const targets = await pickMany('Entropy Lens: one-hot or soft target columns (optional)', 4, total, items(result, true, current.targets ?? []));
  if (!targets) return undefined;
  const features = await pickMany('Entropy Lens: feature columns for the fits (optional)', 5, total, items(result, true, current.features ?? []));
  if (!features) return undefined;

  const choice: ColumnChoice = { models };
  if (labelPick.column !== '') choice.label = labelPick.column;
  if (targets.length > 0) choice.targets = targets;
  if (features.length > 0) choice.features = features;
  if (current.classes) choice.classes = [...current.classes];
  if (current.p) choice.p = [...current.p];
  if (current.q) choice.q = [...current.q];
  return choice;
}

/** P and Q picks for Compute KL Divergence: one column each (over rows) or a group each (per row). */
export async function chooseKlColumns(result: AnalysisResult): Promise<{ p: string[]; q: string[] } | undefined> {
  const p = await pickMany('Entropy Lens: P — one column (a distribution over rows) or a group (one per row)', 1, 2, items(result, true, result.columns.p ?? []));
  if (!p || p.length === 0) return undefined;
  const q = await pickMany(`Entropy Lens: Q — ${p.length === 1 ? 'one column' : `${p.length} columns`} like P`, 2, 2, items(result, true, result.columns.q ?? []));
  if (!q || q.length === 0) return undefined;
  return { p, q };
}
