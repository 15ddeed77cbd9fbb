// Plot frame, axes, ticks and title shared by every plot, drawn through a Painter.
import { formatTick } from '../model/format';
import { type LinearScale, linearScale, niceTicks, project } from '../model/scale';
import type { Painter } from './painter';
import type { PlotTheme } from './theme';

/** The plotting area inside the margins, in CSS pixels. */
export interface Frame {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function frameOf(painter: Painter, margins = { left: 56, right: 14, top: 28, bottom: 40 }): Frame {
  return {
    left: margins.left,
    top: margins.top,
    width: Math.max(10, painter.width - margins.left - margins.right),
    height: Math.max(10, painter.height - margins.top - margins.bottom),
  };
}

export function xScaleOf(frame: Frame, low: number, high: number): LinearScale {
  return linearScale(low, high, frame.left, frame.left + frame.width);
}

export function yScaleOf(frame: Frame, low: number, high: number): LinearScale {
  return linearScale(low, high, frame.top + frame.height, frame.top);
}

/** The plot's title, top left, shortened with an ellipsis to fit the width (≈ 6.6 px per character). */
export function drawTitle(painter: Painter, theme: PlotTheme, title: string): void {
  const fits = Math.max(8, Math.floor((painter.width - 16) / 6.6));
  painter.text(8, 12, truncate(title, fits), { color: theme.foreground, size: 12, weight: 'bold', baseline: 'middle' });
}

export interface AxisOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  /** Custom x tick labels at data positions (categorical axes); otherwise nice numeric ticks. */
  readonly xLabels?: readonly { readonly at: number; readonly text: string }[];
  readonly xTicks?: boolean;
  /** Only whole-number x ticks (iterations, counts). */
  readonly xIntegers?: boolean;
}

/** Approximate advance of one character of a 10 px label, and the gap kept between labels. */
const X_LABEL_CHARACTER_PX = 6;
const X_LABEL_GAP_PX = 10;

/** Grid lines, tick labels and axis titles for a frame with the given scales. */
export function drawAxes(painter: Painter, theme: PlotTheme, frame: Frame, x: LinearScale, y: LinearScale, options: AxisOptions): void {
  const bottom = frame.top + frame.height;
  for (const tick of niceTicks(y.domainLow, y.domainHigh, Math.max(2, Math.round(frame.height / 40)))) {
    const py = project(y, tick);
    painter.line(frame.left, py, frame.left + frame.width, py, theme.grid, 1);
    painter.text(frame.left - 6, py, formatTick(tick), { color: theme.muted, align: 'right', size: 10 });
  }
  if (options.xLabels) {
    // Every label when the widest fits its slot, else every step-th (the painter cannot measure
    // text, so a 10 px label is taken as ~0.6 em per character plus a gap).
    const texts = options.xLabels.map((label) => truncate(label.text, 12));
    const widest = Math.max(1, ...texts.map((text) => text.length)) * X_LABEL_CHARACTER_PX + X_LABEL_GAP_PX;
    const step = Math.max(1, Math.ceil((options.xLabels.length * widest) / frame.width));
    options.xLabels.forEach((label, i) => {
      if (i % step !== 0) return;
      painter.text(project(x, label.at), bottom + 6, texts[i] as string, { color: theme.muted, align: 'center', baseline: 'top', size: 10 });
    });
  } else if (options.xTicks !== false) {
    const ticks = niceTicks(x.domainLow, x.domainHigh, Math.max(2, Math.round(frame.width / 80)));
    for (const tick of options.xIntegers ? ticks.filter((t) => Number.isInteger(t)) : ticks) {
      const px = project(x, tick);
      painter.line(px, bottom, px, bottom + 4, theme.grid, 1);
      painter.text(px, bottom + 6, formatTick(tick), { color: theme.muted, align: 'center', baseline: 'top', size: 10 });
    }
  }
  painter.line(frame.left, bottom, frame.left + frame.width, bottom, theme.muted, 1);
  painter.line(frame.left, frame.top, frame.left, bottom, theme.muted, 1);
  painter.text(frame.left + frame.width / 2, painter.height - 6, options.xTitle, { color: theme.foreground, align: 'center', baseline: 'bottom', size: 11 });
  painter.text(12, frame.top + frame.height / 2, options.yTitle, { color: theme.foreground, align: 'center', size: 11, vertical: true });
}

export function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
