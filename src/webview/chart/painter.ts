// A tiny drawing surface with two back-ends (canvasPainter, svgPainter), so every plot is drawn by
// one function and saved as the same picture in PNG and SVG: the reason the panel draws its own plots.

export interface TextStyle {
  readonly color: string;
  readonly size?: number;
  readonly align?: 'left' | 'center' | 'right';
  readonly baseline?: 'top' | 'middle' | 'bottom';
  readonly weight?: 'normal' | 'bold';
  /** Rotate by −90° about the anchor (vertical axis titles). */
  readonly vertical?: boolean;
}

export interface Painter {
  readonly width: number;
  readonly height: number;
  rect(x: number, y: number, width: number, height: number, fill: string, opacity?: number): void;
  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width?: number, dash?: readonly number[]): void;
  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, stroke: string, width?: number): void;
  circle(x: number, y: number, radius: number, fill: string, stroke?: string): void;
  text(x: number, y: number, text: string, style: TextStyle): void;
}

/** Default font stack for plot text. */
export const PLOT_FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';
