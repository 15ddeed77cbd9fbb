// SVG back-end of the Painter: the vector export. DOM-free (builds text), so it is unit-tested.
import { PLOT_FONT, type Painter, type TextStyle } from './painter';

/** Collects SVG elements; `toString()` gives a standalone SVG document. All text is XML-escaped. */
export class SvgPainter implements Painter {
  private readonly parts: string[] = [];

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly background: string,
    private readonly title: string,
  ) {}

  rect(x: number, y: number, width: number, height: number, fill: string, opacity = 1): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" fill="${escapeXml(fill)}"${opacity < 1 ? ` fill-opacity="${n(opacity)}"` : ''}/>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, dash: readonly number[] = []): void {
    const dashAttr = dash.length ? ` stroke-dasharray="${dash.map(n).join(' ')}"` : '';
    this.parts.push(`<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${escapeXml(stroke)}" stroke-width="${n(width)}"${dashAttr}/>`);
  }

  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, stroke: string, width = 1.5): void {
    let d = '';
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!;
      const y = ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${n(x)} ${n(y)}`;
      pen = true;
    }
    if (d) this.parts.push(`<path d="${d}" fill="none" stroke="${escapeXml(stroke)}" stroke-width="${n(width)}" stroke-linejoin="round"/>`);
  }

  circle(x: number, y: number, radius: number, fill: string, stroke?: string): void {
    this.parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(radius)}" fill="${escapeXml(fill)}"${stroke ? ` stroke="${escapeXml(stroke)}"` : ''}/>`);
  }

  text(x: number, y: number, text: string, style: TextStyle): void {
    const anchor = style.align === 'center' ? 'middle' : style.align === 'right' ? 'end' : 'start';
    const baseline = style.baseline === 'top' ? 'hanging' : style.baseline === 'bottom' ? 'text-after-edge' : 'central';
    const transform = style.vertical ? ` transform="rotate(-90 ${n(x)} ${n(y)})"` : '';
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" fill="${escapeXml(style.color)}" font-size="${style.size ?? 11}" font-weight="${style.weight ?? 'normal'}" text-anchor="${anchor}" dominant-baseline="${baseline}"${transform}>${escapeXml(text)}</text>`,
    );
  }

  toString(): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="${escapeXml(PLOT_FONT)}">`,
      `<title>${escapeXml(this.title)}</title>`,
      `<rect width="100%" height="100%" fill="${escapeXml(this.background)}"/>`,
      ...this.parts,
      '</svg>',
    ].join('\n');
  }
}

/** Escape the five XML special characters. Example: `<img>` → `&lt;img&gt;`. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function n(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
