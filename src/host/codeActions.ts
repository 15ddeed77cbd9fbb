// Quick fixes on Entropy Lens diagnostics: re-run this document's analysis treating a column group
// as logits, normalising probability rows or ignoring rows with missing values (kept per document
// until Clear Results), or with a model's class order or positive class chosen (remembered for the
// file like a Choose Columns… choice). The data file is never edited.
import * as vscode from 'vscode';
import type { AnalysisProblem, ColumnChoice, ProblemFix } from '../protocol/analysis';
import type { AnalysisService } from './analysisService';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** The command the quick fixes run: (uri, fix, columns, choice). */
export const APPLY_FIX_COMMAND = 'entropyLens.applyAnalysisFix';

/** What a class-order fix chooses: the model (by name) and its classes in column order. */
export interface ClassChoice {
  model: string;
  classes: string[];
}

const TITLES: Readonly<Record<Exclude<ProblemFix, 'useClassOrder' | 'usePositiveLabel'>, string>> = {
  treatAsLogits: 'Treat these columns as logits',
  normalizeRows: 'Normalise rows for this analysis',
  ignoreMissing: 'Ignore rows with missing values for this analysis',
};

/** A list of classes for a title: the first five, then how many more. */
export function classList(classes: readonly string[]): string {
  return classes.length > 5 ? `${classes.slice(0, 5).join(', ')}, … (${classes.length})` : classes.join(', ');
}

/** Every action one problem offers: one per order or positive class for the class-order fixes. */
interface OfferedFix {
  key: string;
  title: string;
  fix: ProblemFix;
  choice?: ClassChoice;
}

function fixesOf(problem: AnalysisProblem): OfferedFix[] {
  return problem.fixes.flatMap((fix): OfferedFix[] => {
    if (fix === 'useClassOrder') {
      return (problem.fixClassOrders ?? []).map((classes, k) => ({
        key: `${fix}:${classes.join('\u0000')}`,
        title: `Use class order ${classList(classes)}${k === 0 ? ' (as scored)' : ''}`,
        fix,
        choice: { model: problem.fixModel ?? '', classes },
      }));
    }
    if (fix === 'usePositiveLabel') {
      const labels = problem.fixPositiveLabels ?? [];
      return labels.map((positive, k) => ({
        key: `${fix}:${positive}`,
        title: `Use positive class ${positive}${k === 0 ? ' (as scored)' : ''}`,
        fix,
        choice: { model: problem.fixModel ?? '', classes: [labels.find((l) => l !== positive) ?? `not ${positive}`, positive] },
      }));
    }
    return [{ key: `${fix}:${(problem.fixColumns ?? []).join(',')}`, title: TITLES[fix], fix }];
  });
}

export class AnalysisFixProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: AnalysisService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.service.result(document.uri);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const problem = result.problems.find((p) => matches(p, diagnostic));
      if (!problem) continue;
      for (const { key, title, fix, choice } of fixesOf(problem)) {
        if (offered.has(key)) continue;
        offered.add(key);
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        // The order as scored first: confirming what the numbers rest on is the likely choice.
        if (actions.length === 0 && choice) action.isPreferred = true;
        action.command = { title, command: APPLY_FIX_COMMAND, arguments: [document.uri, fix, problem.fixColumns ?? [], choice] };
        actions.push(action);
      }
    }
    return actions;
  }
}

function matches(problem: AnalysisProblem, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  if (problem.code !== code || problem.message !== diagnostic.message) return false;
  if (!problem.range) return diagnostic.range.start.line === 0;
  return problem.range.start.line === diagnostic.range.start.line && problem.range.start.character === diagnostic.range.start.character;
}

/**
 * What the fix command changes before re-running the analysis. A class choice is remembered for
 * the file: the columns as analysed, with the model's classes set (so the rest stays as detected).
 */
export async function applyFix(service: AnalysisService, uri: vscode.Uri, fix: ProblemFix, columns: readonly string[], choice?: ClassChoice): Promise<void> {
  const state = service.get(uri);
  switch (fix) {
    case 'useClassOrder':
    case 'usePositiveLabel': {
      const current = state?.result?.columns;
      if (!current || !choice) return;
      await service.rememberColumns(uri, withModelClasses(current, choice));
      return;
    }
    case 'treatAsLogits':
      service.setOverrides(uri, { treatAsLogits: [...new Set([...(state?.overrides.treatAsLogits ?? []), ...columns])] });
      return;
    case 'normalizeRows':
      service.setOverrides(uri, { normalizeRows: true });
      return;
    case 'ignoreMissing':
      service.setOverrides(uri, { ignoreMissing: true });
      return;
  }
}

/** The column choice with one model's classes set (by model name; the first model when none matches). */
export function withModelClasses(columns: ColumnChoice, choice: ClassChoice): ColumnChoice {
  const models = columns.models ?? [];
  const index = Math.max(0, models.findIndex((model) => model.name === choice.model));
  return { ...columns, models: models.map((model, k) => (k === index ? { ...model, classes: [...choice.classes] } : model)) };
}
