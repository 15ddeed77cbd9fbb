// Quick fixes on Entropy Lens diagnostics: re-run this document's analysis treating a column group
// as logits, normalising probability rows or ignoring rows with missing values (kept per document
// until Clear Results), or with a model's class order or positive class chosen (remembered for the
// file like a Choose Columns… choice), or with a padding label left out (the
// entropyLens.loss.ignoreLabel setting of the file's folder). The data file is never edited.
import * as vscode from 'vscode';
import type { AnalysisProblem, ColumnChoice, ProblemFix } from '../protocol/analysis';
import type { AnalysisService } from './analysisService';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { offeredFixes } from './fixChoices';
import type { ClassChoice } from './fixChoices';

export type { ClassChoice } from './fixChoices';

/** The command the quick fixes run: (uri, fix, columns, choice, label). */
export const APPLY_FIX_COMMAND = 'entropyLens.applyAnalysisFix';

/** Codes of problems about the column mapping, which Choose Columns… can settle. */
const COLUMN_PROBLEMS = /^(class-order-|ambiguous-columns$|unknown-column$|no-prediction-columns$|no-truth-column$)/;

export class AnalysisFixProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly service: AnalysisService) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.service.result(document.uri);
    if (!result) return [];
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    let chooser: vscode.CodeAction | undefined;
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const problem = result.problems.find((p) => matches(p, diagnostic));
      if (!problem) continue;
      for (const { key, title, fix, choice, label } of offeredFixes(problem)) {
        if (offered.has(key)) continue;
        offered.add(key);
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        // The order as scored first: confirming what the numbers rest on is the likely choice.
        if (actions.length === 0 && choice) action.isPreferred = true;
        action.command = { title, command: APPLY_FIX_COMMAND, arguments: [document.uri, fix, problem.fixColumns ?? [], choice, label] };
        actions.push(action);
      }
      // Problems about which column is what: the picker is the fix when no single choice is.
      if (COLUMN_PROBLEMS.test(problem.code) && !offered.has('chooseColumns')) {
        offered.add('chooseColumns');
        const action = new vscode.CodeAction('Choose Columns…', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { title: 'Choose Columns…', command: 'entropyLens.chooseColumns', arguments: [document.uri] };
        chooser = action;
      }
    }
    // Last: the specific choices come first in the menu.
    if (chooser) actions.push(chooser);
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
export async function applyFix(service: AnalysisService, uri: vscode.Uri, fix: ProblemFix, columns: readonly string[], choice?: ClassChoice, label?: string): Promise<void> {
  const state = service.get(uri);
  switch (fix) {
    case 'ignoreLabel': {
      // A setting, not a per-document override: it is what the user would set by hand, it shows
      // in the Settings editor and the panel's summary, and the CLI has the same --ignore-label.
      if (label === undefined) return;
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      await vscode.workspace.getConfiguration('entropyLens', uri).update('loss.ignoreLabel', label, folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global);
      return;
    }
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
  const index = Math.max(
    0,
    models.findIndex((model) => model.name === choice.model),
  );
  return { ...columns, models: models.map((model, k) => (k === index ? { ...model, classes: [...choice.classes] } : model)) };
}
