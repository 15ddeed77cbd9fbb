// Reads the plot theme from VS Code's CSS variables in the webview (DOM only; the plots themselves
// take a PlotTheme so they can be drawn and tested without a document).
import { FALLBACK_CLASSES, type PlotTheme } from './theme';

export function readTheme(element: Element = document.body): PlotTheme {
  const style = getComputedStyle(element);
  const variable = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const foreground = variable('--vscode-foreground', '#cccccc');
  const classes = [
    variable('--vscode-charts-blue', FALLBACK_CLASSES[0]!),
    variable('--vscode-charts-red', FALLBACK_CLASSES[1]!),
    variable('--vscode-charts-green', FALLBACK_CLASSES[2]!),
    variable('--vscode-charts-yellow', FALLBACK_CLASSES[3]!),
    variable('--vscode-charts-orange', FALLBACK_CLASSES[4]!),
    variable('--vscode-charts-purple', FALLBACK_CLASSES[5]!),
  ];
  return {
    background: variable('--vscode-editor-background', '#1e1e1e'),
    foreground,
    muted: variable('--vscode-descriptionForeground', foreground),
    grid: highContrast ? variable('--vscode-contrastBorder', foreground) : variable('--vscode-editorWidget-border', '#80808040'),
    accent: variable('--vscode-charts-foreground', foreground),
    highlight: variable('--vscode-focusBorder', '#007fd4'),
    classes,
    p: classes[0]!,
    q: classes[4]!,
    highContrast,
  };
}
