// Loss heat in the editor: gutter marks, a line tint and overview-ruler marks for the worst rows
// (or every row as a gradient). Colours are theme colours contributed in package.json, so light,
// dark and high-contrast themes each get legible ones.
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { heatRows } from './heatModel';
import type { HeatLevel, HeatMode } from './heatModel';
import { lineSpan } from './ranges';

const LEVELS: readonly HeatLevel[] = ['worst', 'high', 'medium', 'low'];
const COLOR_OF: Readonly<Record<HeatLevel, string>> = {
  worst: 'entropyLens.heatWorst',
  high: 'entropyLens.heatHigh',
  medium: 'entropyLens.heatMedium',
  low: 'entropyLens.heatLow',
};
/** Gutter icons cannot take theme colours; one SVG per theme kind keeps them legible. */
const GUTTER_FILL: Readonly<Record<HeatLevel, { light: string; dark: string }>> = {
  worst: { light: '#d32f2f', dark: '#f14c4c' },
  high: { light: '#d32f2f', dark: '#f14c4c' },
  medium: { light: '#bf8800', dark: '#cca700' },
  low: { light: '#388a34', dark: '#89d185' },
};

function gutterIcon(fill: string): vscode.Uri {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect x="5" y="1" width="4" height="14" rx="1" fill="${fill}"/></svg>`;
  return vscode.Uri.parse(`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`);
}

export class HeatDecorator implements vscode.Disposable {
  private readonly types = new Map<HeatLevel, vscode.TextEditorDecorationType>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly service: AnalysisService) {
    for (const level of LEVELS) {
      const color = new vscode.ThemeColor(COLOR_OF[level]);
      this.types.set(
        level,
        vscode.window.createTextEditorDecorationType({
          isWholeLine: true,
          overviewRulerColor: color,
          overviewRulerLane: vscode.OverviewRulerLane.Right,
          ...(level === 'low' ? {} : { backgroundColor: level === 'worst' ? undefined : color }),
          light: { gutterIconPath: gutterIcon(GUTTER_FILL[level].light), gutterIconSize: 'contain' },
          dark: { gutterIconPath: gutterIcon(GUTTER_FILL[level].dark), gutterIconSize: 'contain' },
        }),
      );
    }
    this.subscriptions.push(
      service.onDidChange(() => this.refreshAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('entropyLens.heat')) this.refreshAll();
      }),
    );
  }

  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.refresh(editor);
  }

  /** Rows currently decorated per level in an editor (the extension API exposes it to tests). */
  rowsFor(document: vscode.TextDocument): Map<HeatLevel, number[]> {
    const result = this.service.result(document.uri);
    if (!result || result.source !== 'document') return new Map();
    const config = vscode.workspace.getConfiguration('entropyLens', document.uri);
    const mode = config.get<HeatMode>('heat.mode', 'worstN');
    return heatRows(result, mode, config.get<number>('heat.worstN', 10));
  }

  private refresh(editor: vscode.TextEditor): void {
    const result = this.service.result(editor.document.uri);
    const levels = this.rowsFor(editor.document);
    for (const level of LEVELS) {
      const type = this.types.get(level);
      if (!type) continue;
      const rows = levels.get(level) ?? [];
      const ranges = result ? rows.map((row) => lineSpan(result.rows.firstLine[row] as number, result.rows.firstLine[row] as number)) : [];
      editor.setDecorations(type, ranges);
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
  }
}
