// Plot colours from VS Code's theme variables (light, dark, high contrast), read at draw time
// so a theme switch only needs a redraw.

export interface PlotTheme {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly accent: string;
  readonly highlight: string;
  /** One colour per class, cycling. */
  readonly classes: readonly string[];
  readonly p: string;
  readonly q: string;
  readonly highContrast: boolean;
}

/** Fallbacks keep plots legible outside VS Code (tests, exported files). */
const FALLBACK_CLASSES = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#d18616', '#b180d7'];

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

/** Colour for class index `k` (−1 → the neutral foreground). */
export function classColour(theme: PlotTheme, k: number): string {
  return k < 0 ? theme.muted : theme.classes[k % theme.classes.length]!;
}
