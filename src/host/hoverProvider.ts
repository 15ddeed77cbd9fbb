// The loss hover over data rows: position → row by binary search in the prepared row table, then
// the Markdown from hoverContent. Never parses; does nothing when disabled or not analysed.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { HOVER_COMMANDS, hoverMarkdown } from './hoverContent';
import { lineSpan } from './ranges';
import { rowAtPosition } from './rowLookup';

export class LossHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: AnalysisService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!vscode.workspace.getConfiguration('entropyLens', document.uri).get<boolean>('hover.enabled', true)) return undefined;
    const state = this.service.get(document.uri);
    const result = state?.result;
    if (!state || !result || result.source !== 'document') return undefined;
    const row = rowAtPosition(result.rows, position.line, position.character);
    if (row < 0) return undefined;
    const markdown = new vscode.MarkdownString(hoverMarkdown(result, row, { stale: state.stale, problems: state.problemsOfRow(row) }), true);
    markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
    const range = lineSpan(result.rows.firstLine[row] as number, result.rows.lastLine[row] as number, document);
    return new vscode.Hover(markdown, range);
  }
}
