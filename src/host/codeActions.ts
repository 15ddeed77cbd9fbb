// Quick fixes on Entropy Lens diagnostics: re-run this document's analysis treating a column group
// as logits, normalising probability rows, or ignoring rows with missing values. They change only
// this analysis (kept per document until Clear Results); the data file is never edited.
import * as vscode from 'vscode';
import type { AnalysisProblem, ProblemFix } from '../protocol/analysis';
import type { AnalysisService } from './analysisService';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** The command the quick fixes run: (uri, fix, columns). */
export const APPLY_FIX_COMMAND = 'entropyLens.applyAnalysisFix';

const TITLES: Readonly<Record<ProblemFix, string>> = {
  treatAsLogits: 'Treat these columns as logits',
  normalizeRows: 'Normalise rows for this analysis',
  ignoreMissing: 'Ignore rows with missing values for this analysis',
};

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
      for (const fix of problem.fixes) {
        const key = `${fix}:${(problem.fixColumns ?? []).join(',')}`;
        if (offered.has(key)) continue;
        offered.add(key);
        const action = new vscode.CodeAction(TITLES[fix], vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.command = { title: TITLES[fix], command: APPLY_FIX_COMMAND, arguments: [document.uri, fix, problem.fixColumns ?? []] };
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

/** What the fix command changes before re-running the analysis. */
export function applyFix(service: AnalysisService, uri: vscode.Uri, fix: ProblemFix, columns: readonly string[]): void {
  const state = service.get(uri);
  switch (fix) {
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
