// Plot colours: what a plot needs from the theme, and the class palette. Read from VS Code's CSS
// variables by readTheme.ts at draw time, so a theme switch only needs a redraw.
import type { ClassColours } from '../model/classColours';

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
export const FALLBACK_CLASSES = ['#3794ff', '#f14c4c', '#89d185', '#cca700', '#d18616', '#b180d7'];

/** Colour for class index `k` (−1 → the neutral foreground). */
export function classColour(theme: PlotTheme, k: number): string {
  return k < 0 ? theme.muted : theme.classes[k % theme.classes.length]!;
}

/** Colour for a class by name through the result's one colour map (unknown or none → neutral). */
export function colourOfClass(theme: PlotTheme, colours: ClassColours, name: string | undefined): string {
  return classColour(theme, colours.slotOf(name));
}
