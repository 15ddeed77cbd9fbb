// The class legend of the plots that colour rows by class: one row under the title, a swatch and
// the class name per class, in the result's one colour map, so PNG and SVG exports carry it too.
import type { PanelSnapshot } from '../../protocol/panel';
import type { ClassColours } from '../model/classColours';
import { truncate } from './axes';
import type { Painter } from './painter';
import { colourOfClass, type PlotTheme } from './theme';

/** Height of the legend row, added to the plot's top margin. */
export const LEGEND_HEIGHT = 16;
/** Centre line of the legend row (the title's is at 12). */
const LEGEND_Y = 30;
const SWATCH = 10;
/** Estimated width of a 10-px character (system-ui averages under 6 px). */
const CHAR_WIDTH = 6;
const NAME_CHARS = 16;

/**
 * Classes of the rows that have a true class, in colour-map order (O(n) over the labels).
 * Empty when no row has one (soft targets, no label): such plots get no legend.
 */
export function rowClasses(snapshot: Pick<PanelSnapshot, 'classes' | 'labelIndex'>, colours: ClassColours): string[] {
  const seen = new Uint8Array(snapshot.classes.length);
  for (let i = 0; i < snapshot.labelIndex.length; i++) {
    const k = snapshot.labelIndex[i]!;
    if (k >= 0 && k < seen.length) seen[k] = 1;
  }
  const present = snapshot.classes.filter((_, k) => seen[k] === 1);
  return present.sort((a, b) => colours.slotOf(a) - colours.slotOf(b));
}

/**
 * Draws the legend row from `left` to `right`: swatch and name per class (names cut to 16
 * characters); the classes that do not fit are summed up as "+k more". Returns how many are named.
 */
export function drawClassLegend(painter: Painter, theme: PlotTheme, colours: ClassColours, names: readonly string[], left: number, right: number): number {
  const more = (k: number): string => `+${k} more`;
  const widthOf = (name: string): number => SWATCH + 4 + truncate(name, NAME_CHARS).length * CHAR_WIDTH + 12;
  let x = left;
  let shown = 0;
  for (const name of names) {
    const rest = names.length - shown - 1;
    const needed = widthOf(name) + (rest > 0 ? more(rest).length * CHAR_WIDTH : 0);
    if (x + needed > right) break;
    painter.rect(x, LEGEND_Y - SWATCH / 2, SWATCH, SWATCH, colourOfClass(theme, colours, name), 0.9);
    painter.text(x + SWATCH + 4, LEGEND_Y, truncate(name, NAME_CHARS), { color: theme.foreground, size: 10, baseline: 'middle' });
    x += widthOf(name);
    shown++;
  }
  if (shown < names.length) painter.text(x, LEGEND_Y, more(names.length - shown), { color: theme.muted, size: 10, baseline: 'middle' });
  return shown;
}
