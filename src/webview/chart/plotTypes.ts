// What a plot is to the panel: a draw function over a Painter that returns how to find the
// row (or bin, class, iteration) under the pointer or the keyboard cursor.
import type { InformationUnit, PanelModel, PanelSnapshot } from '../../protocol/panel';
import type { ClassColours } from '../model/classColours';
import type { Histogram } from '../model/histogram';
import type { Painter } from './painter';
import type { PlotTheme } from './theme';

/** Something a user can point at: its anchor in pixels, the data row it links to, tooltip lines. */
export interface PlotItem {
  readonly x: number;
  readonly y: number;
  /** Analysed row index to reveal on click / Enter, or null (e.g. an iteration). */
  readonly row: number | null;
  readonly lines: readonly string[];
}

export interface PlotResult {
  /** Item under the pointer at (x, y) in CSS pixels, or null. */
  hitTest(x: number, y: number): PlotItem | null;
  /** Items in reading order, for keyboard navigation (arrow keys). */
  readonly itemCount: number;
  item(index: number): PlotItem | null;
  /** One sentence for screen readers summarising what is drawn. */
  readonly description: string;
}

export interface PlotContext {
  readonly snapshot: PanelSnapshot;
  readonly unit: InformationUnit;
  readonly model: PanelModel | undefined;
  readonly order: 'row' | 'sorted';
  /** The result's one class → colour map: every plot colours a class by its name through it. */
  readonly classColours: ClassColours;
  /** Rows sorted by the model's loss, worst first (computed once per model, cached). */
  sortedRows(): Uint32Array;
  /** The model's per-row loss in `sortedRows()` order (cached with it). */
  sortedValues(): Float64Array;
  /** Histogram of the model's per-row loss in nats (computed once per model, cached). */
  histogram(): Histogram;
}

export interface PlotDefinition {
  readonly id: string;
  readonly title: string;
  /** File name stem for exports, e.g. "loss-histogram". */
  readonly fileStem: string;
  readonly height: number;
  /** Lines of text under the plot: figures the drawing does not show (one paragraph each). */
  readonly notes?: readonly string[];
  draw(painter: Painter, theme: PlotTheme): PlotResult;
}

/** A PlotResult with nothing to point at. */
export function emptyResult(description: string): PlotResult {
  return { hitTest: () => null, itemCount: 0, item: () => null, description };
}
