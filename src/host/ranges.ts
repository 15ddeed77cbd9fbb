// The one converter from protocol positions (plain 0-based line/character) to vscode types.
import * as vscode from 'vscode';
import type { SourcePosition, SourceRange } from '../protocol/analysis';

export function toPosition(position: SourcePosition): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

/** A protocol range as a vscode.Range; a null range falls back to the start of the document. */
export function toRange(range: SourceRange | null): vscode.Range {
  if (!range) return new vscode.Range(0, 0, 0, 0);
  return new vscode.Range(toPosition(range.start), toPosition(range.end));
}

/** Whole lines from `firstLine` to `lastLine` (inclusive), for revealing and selecting a record. */
export function lineSpan(firstLine: number, lastLine: number, document?: vscode.TextDocument): vscode.Range {
  const endCharacter = document && lastLine < document.lineCount ? document.lineAt(lastLine).text.length : 0;
  return new vscode.Range(firstLine, 0, lastLine, endCharacter);
}
