// Data problems → the Problems panel: one Diagnostic per listed problem with its exact range,
// severity, code and message (which names the row, column and value), plus a summary line when
// the data layer listed only the first of many; with entropyLens.labelIssues.diagnostics, each
// likely label error as information on its label cell (labelIssueList.ts).
import * as vscode from 'vscode';
import type { AnalysisProblem, ProblemSeverity, TableInfo } from '../protocol/analysis';
import { hasNoLines, placedMessage } from '../protocol/problemPlace';
import type { AnalysisService } from './analysisService';
import { labelIssueDiagnostics } from './labelIssueList';
import type { LabelIssueDiagnostic } from './labelIssueList';
import { toRange } from './ranges';

/** `Diagnostic.source` of every Entropy Lens diagnostic (code actions filter on it). */
export const DIAGNOSTIC_SOURCE = 'Entropy Lens';

const SEVERITY: Readonly<Record<ProblemSeverity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/**
 * The Diagnostic for one problem. A binary file (Parquet, Arrow, NumPy) has no lines: its problems
 * sit at the file's start and their message names the row.
 */
export function toDiagnostic(problem: AnalysisProblem, format: TableInfo['format'] = 'csv'): vscode.Diagnostic {
  const range = hasNoLines(format) ? null : problem.range;
  const diagnostic = new vscode.Diagnostic(toRange(range), placedMessage(problem, format), SEVERITY[problem.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.code;
  return diagnostic;
}

/** The information Diagnostic of one likely label error (or of the line saying more were flagged). */
export function toLabelIssueDiagnostic(issue: LabelIssueDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(issue.range), issue.message, vscode.DiagnosticSeverity.Information);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = issue.code;
  return diagnostic;
}

export class DiagnosticsPublisher implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('entropyLens');
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    this.subscriptions.push(
      service.onDidChange((uri) => this.publish(uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('entropyLens.diagnostics') || event.affectsConfiguration('entropyLens.labelIssues.diagnostics')) this.republishAll();
      }),
    );
  }

  private republishAll(): void {
    const uris: vscode.Uri[] = [];
    this.collection.forEach((uri) => void uris.push(uri));
    for (const uri of uris) this.publish(uri);
    for (const document of vscode.workspace.textDocuments) this.publish(document.uri);
  }

  publish(uri: vscode.Uri): void {
    const result = this.service.result(uri);
    const settings = vscode.workspace.getConfiguration('entropyLens', uri);
    const enabled = settings.get<boolean>('diagnostics.enabled', true);
    const labelIssues = settings.get<boolean>('labelIssues.diagnostics', false);
    if (!result || (!enabled && !labelIssues)) {
      this.collection.delete(uri);
      return;
    }
    const diagnostics = enabled ? result.problems.map((problem) => toDiagnostic(problem, result.table.format)) : [];
    const unlisted = result.problemCount - result.problems.length;
    if (enabled && unlisted > 0) {
      const summary = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        `${unlisted.toLocaleString()} more data problems not listed (${result.problemCount.toLocaleString()} in total).`,
        vscode.DiagnosticSeverity.Information,
      );
      summary.source = DIAGNOSTIC_SOURCE;
      summary.code = 'more-problems';
      diagnostics.push(summary);
    }
    if (labelIssues) diagnostics.push(...labelIssueDiagnostics(result).map(toLabelIssueDiagnostic));
    this.collection.set(uri, diagnostics);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
