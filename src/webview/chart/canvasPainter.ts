// Canvas back-end of the Painter: what the panel shows and what PNG export rasterises.
import { PLOT_FONT, type Painter, type TextStyle } from './painter';

/** Draws on a 2D canvas context sized width × height CSS pixels (already scaled for DPR). */
export class CanvasPainter implements Painter {
  constructor(
    private readonly context: CanvasRenderingContext2D,
    readonly width: number,
    readonly height: number,
    private readonly fontFamily = PLOT_FONT,
  ) {}

  rect(x: number, y: number, width: number, height: number, fill: string, opacity = 1): void {
    this.context.globalAlpha = opacity;
    this.context.fillStyle = fill;
    this.context.fillRect(x, y, width, height);
    this.context.globalAlpha = 1;
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash: readonly number[] = []): void {
    const c = this.context;
    c.beginPath();
    c.setLineDash(dash as number[]);
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    c.stroke();
    c.setLineDash([]);
  }

  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, stroke: string, width = 1.5): void {
    const c = this.context;
    c.beginPath();
    c.strokeStyle = stroke;
    c.lineWidth = width;
    c.lineJoin = 'round';
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      if (pen) c.lineTo(x, y);
      else c.moveTo(x, y);
      pen = true;
    }
    c.stroke();
  }

  circle(x: number, y: number, radius: number, fill: string, stroke?: string): void {
    const c = this.context;
    c.beginPath();
    c.arc(x, y, radius, 0, 2 * Math.PI);
    c.fillStyle = fill;
    c.fill();
    if (stroke) {
      c.strokeStyle = stroke;
      c.lineWidth = 1;
      c.stroke();
    }
  }

  text(x: number, y: number, text: string, style: TextStyle): void {
    const c = this.context;
    c.save();
    c.fillStyle = style.color;
    c.font = `${style.weight ?? 'normal'} ${style.size ?? 11}px ${this.fontFamily}`;
    c.textAlign = style.align ?? 'left';
    c.textBaseline = style.baseline === 'top' ? 'top' : style.baseline === 'bottom' ? 'bottom' : 'middle';
    c.translate(x, y);
    if (style.vertical) c.rotate(-Math.PI / 2);
    c.fillText(text, 0, 0);
    c.restore();
  }
}
