// A plot on the page: canvas sized to its container, tooltip on hover, click and keyboard to
// reveal the row, and PNG / SVG export of the same drawing.
import { el } from '../dom';
import { CanvasPainter } from './canvasPainter';
import { SvgPainter } from './svgPainter';
import type { PlotDefinition, PlotItem, PlotResult } from './plotTypes';
import { readTheme } from './readTheme';

export interface PlotCallbacks {
  reveal(row: number): void;
  /** Save the export; the host's reply (saved, cancelled, failed) goes to `status`, beside the buttons. */
  save(format: 'png' | 'svg', fileName: string, data: Uint8Array, status: HTMLElement): void;
}

export class PlotView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly marker: HTMLElement;
  private readonly status: HTMLElement = el('span', { class: 'plot-status', role: 'status', 'aria-live': 'polite' });
  private result: PlotResult | null = null;
  private cursor = -1;
  private width = 0;

  constructor(
    private readonly definition: PlotDefinition,
    private readonly callbacks: PlotCallbacks,
  ) {
    this.canvas = el('canvas', {
      class: 'plot-canvas',
      tabindex: 0,
      role: 'img',
      'data-plot': definition.id,
      'aria-label': definition.title,
    });
    this.tooltip = el('div', { class: 'plot-tooltip', role: 'status', 'aria-live': 'polite', hidden: true });
    this.marker = el('div', { class: 'plot-marker', hidden: true, 'aria-hidden': 'true' });
    const png = el('button', { type: 'button', class: 'small', 'aria-label': `Save ${definition.title} as PNG` }, 'PNG');
    const svg = el('button', { type: 'button', class: 'small', 'aria-label': `Save ${definition.title} as SVG` }, 'SVG');
    png.addEventListener('click', () => void this.exportPng());
    svg.addEventListener('click', () => this.exportSvg());
    this.element = el(
      'figure',
      { class: 'plot', id: `plot-${definition.id}` },
      el('div', { class: 'plot-toolbar' }, this.status, png, svg),
      el('div', { class: 'plot-stage' }, this.canvas, this.marker, this.tooltip),
      definition.notes && definition.notes.length > 0 ? el('figcaption', { class: 'plot-notes' }, ...definition.notes.map((note) => el('p', {}, note))) : null,
    );
    this.canvas.addEventListener('mousemove', (event) => this.onPointer(event));
    this.canvas.addEventListener('mouseleave', () => this.hideTooltip());
    this.canvas.addEventListener('click', (event) => this.onClick(event));
    this.canvas.addEventListener('keydown', (event) => this.onKey(event));
    this.canvas.addEventListener('blur', () => this.hideTooltip());
  }

  /** Draw at the container's current width (call after insertion, on resize and theme change). */
  render(): void {
    const width = Math.max(240, Math.floor(this.element.clientWidth || 600));
    const height = this.definition.height;
    const ratio = window.devicePixelRatio || 1;
    this.width = width;
    this.canvas.width = Math.round(width * ratio);
    this.canvas.height = Math.round(height * ratio);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const theme = readTheme();
    context.clearRect(0, 0, width, height);
    const started = performance.now();
    this.result = this.definition.draw(new CanvasPainter(context, width, height), theme);
    // Exposed for the performance scenario (1,000,000 rows) and for anyone profiling the panel.
    this.canvas.dataset.drawMs = (performance.now() - started).toFixed(1);
    this.canvas.setAttribute('aria-label', `${this.definition.title}. ${this.result.description} Use the arrow keys to move between items and Enter to reveal a row.`);
    this.canvas.dataset.items = String(this.result.itemCount);
    this.cursor = -1;
    this.hideTooltip();
  }

  /** Pixel position (relative to the canvas) of item `index`, for tests and keyboard focus. */
  itemAt(index: number): PlotItem | null {
    return this.result?.item(index) ?? null;
  }

  private onPointer(event: MouseEvent): void {
    const item = this.result?.hitTest(event.offsetX, event.offsetY) ?? null;
    this.canvas.style.cursor = item?.row !== null && item?.row !== undefined ? 'pointer' : 'default';
    if (item) this.showTooltip(item);
    else this.hideTooltip();
  }

  private onClick(event: MouseEvent): void {
    const item = this.result?.hitTest(event.offsetX, event.offsetY) ?? null;
    if (item && item.row !== null) this.callbacks.reveal(item.row);
  }

  private onKey(event: KeyboardEvent): void {
    const result = this.result;
    if (!result || result.itemCount === 0) return;
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = Math.min(result.itemCount - 1, this.cursor + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = Math.max(0, this.cursor - 1);
        break;
      case 'PageDown':
        next = Math.min(result.itemCount - 1, this.cursor + 10);
        break;
      case 'PageUp':
        next = Math.max(0, this.cursor - 10);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = result.itemCount - 1;
        break;
      case 'Enter':
      case ' ': {
        const item = result.item(this.cursor);
        if (item && item.row !== null) this.callbacks.reveal(item.row);
        event.preventDefault();
        return;
      }
      case 'Escape':
        this.hideTooltip();
        return;
      default:
        return;
    }
    event.preventDefault();
    // Skip items that are empty (e.g. empty buckets) in the direction of travel.
    const step = next >= this.cursor ? 1 : -1;
    while (next >= 0 && next < result.itemCount && !result.item(next)) next += step;
    const item = result.item(next);
    if (!item) return;
    this.cursor = next;
    this.showTooltip(item);
  }

  private showTooltip(item: PlotItem): void {
    this.tooltip.replaceChildren(...item.lines.map((line) => el('div', {}, line)));
    this.tooltip.hidden = false;
    const left = Math.min(Math.max(0, item.x + 12), Math.max(0, this.width - 220));
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${Math.max(0, item.y - 10)}px`;
    this.marker.hidden = false;
    this.marker.style.left = `${item.x - 5}px`;
    this.marker.style.top = `${item.y - 5}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
    this.marker.hidden = true;
  }

  private async exportPng(): Promise<void> {
    const scale = 2;
    const width = this.width || 600;
    const height = this.definition.height;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext('2d');
    if (!context) return;
    const theme = readTheme();
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.fillStyle = theme.background;
    context.fillRect(0, 0, width, height);
    this.definition.draw(new CanvasPainter(context, width, height), theme);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) return;
    this.callbacks.save('png', `${this.definition.fileStem}.png`, new Uint8Array(await blob.arrayBuffer()), this.status);
  }

  private exportSvg(): void {
    const theme = readTheme();
    const painter = new SvgPainter(this.width || 600, this.definition.height, theme.background, this.definition.title);
    this.definition.draw(painter, theme);
    this.callbacks.save('svg', `${this.definition.fileStem}.svg`, new TextEncoder().encode(painter.toString()), this.status);
  }
}
