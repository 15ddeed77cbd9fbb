import { describe, expect, it } from 'vitest';
import { surprisalPlot } from '../../../src/webview/chart/plots';
import type { PlotContext } from '../../../src/webview/chart/plotTypes';
import type { PanelSnapshot } from '../../../src/protocol/panel';
import { SvgPainter } from '../../../src/webview/chart/svgPainter';
import { modelFromProbabilities, plotContext, testTheme, TextRecorder, threeClassSnapshot } from './snapshots';

const theme = testTheme();

const contextFor = (snapshot: PanelSnapshot, modelIndex: number): PlotContext => plotContext(snapshot, 'nats', modelIndex);

describe('the −log p plot', () => {
  it('says how many rows share a point (three-class sample, m1: rows 1 and 2 both at p = 0.4)', () => {
    const snapshot = threeClassSnapshot();
    const ctx = contextFor(snapshot, 0);
    const plot = surprisalPlot(ctx, ctx.model!);
    const painter = new SvgPainter(640, plot.height, theme.background, plot.title);
    const result = plot.draw(painter, theme);
    const svg = painter.toString();
    // Two drawn points for three rows, one of them labelled ×2.
    expect(result.itemCount).toBe(2);
    expect(svg).toContain('×2');
    expect(result.description).toContain('2 plotted points for 3 rows');
    const shared = [0, 1].map((i) => result.item(i)!).find((item) => item.lines.some((line) => line.startsWith('2 rows share this point')));
    expect(shared).toBeDefined();
    // Pointing at the shared point gives the same count.
    const hit = result.hitTest(shared!.x, shared!.y);
    expect(hit?.lines).toContain('2 rows share this point; this is the one with the highest loss');
  });

  it('gives a row alone at its p no count (m2: p = 0.7, 0.7, 0.3 — row 3 is alone)', () => {
    const snapshot = threeClassSnapshot();
    const ctx = contextFor(snapshot, 1);
    const result = surprisalPlot(ctx, ctx.model!).draw(new SvgPainter(640, 260, theme.background, 't'), theme);
    const single = [0, 1].map((i) => result.item(i)!).find((item) => item.lines.every((line) => !line.includes('share this point')));
    expect(single).toBeDefined();
    expect(single!.row).toBe(2);
  });
});

/**
 * 178 rows like a confident wine model: most p(true) within 0.03 of 1, written with 3 decimals, so
 * many rows share a point and the points crowd at the right end of the axis.
 */
function crowdedSnapshot(): PanelSnapshot {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const labels = Array.from({ length: 178 }, (_, i) => i % 3);
  const pTrue = labels.map((_, i) => (i % 9 === 0 ? 0.4 + random() * 0.5 : Number((1 - Math.floor(random() * 30) / 1000).toFixed(3))));
  const model = modelFromProbabilities('prob', pTrue, labels, labels, 0.03);
  return {
    ...threeClassSnapshot(),
    rowCount: 178,
    rowLine: Uint32Array.from(labels, (_, i) => i + 2),
    rowStatus: new Uint8Array(178),
    labelIndex: Int32Array.from(labels),
    models: [model],
  };
}

describe('the −log p plot\'s "×k" labels', () => {
  const width = 680;
  const height = 260;
  // frameOf with the legend row: left 56, right 14, top 28 + 16, bottom 40.
  const frame = { left: 56, top: 44, right: width - 14, bottom: height - 40 };
  const charWidth = 6;

  it('labels only points whose labels do not overlap, and never outside the plot area', () => {
    const ctx = contextFor(crowdedSnapshot(), 0);
    const painter = new TextRecorder(width, height);
    const result = surprisalPlot(ctx, ctx.model!).draw(painter, theme);
    const labels = painter.texts.filter((t) => t.text.startsWith('×'));
    const shared = [...Array(result.itemCount).keys()].filter((i) => result.item(i)!.lines.some((l) => l.includes('rows share this point'))).length;
    expect(shared).toBeGreaterThan(10);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThan(shared);
    const boxes = labels.map((t) => {
      const w = t.text.length * charWidth;
      const x = t.style.align === 'right' ? t.x - w : t.x;
      return { x, y: t.y - 11, width: w, height: 11 };
    });
    boxes.forEach((a, i) => {
      expect(a.x, labels[i]!.text).toBeGreaterThanOrEqual(frame.left);
      expect(a.x + a.width, labels[i]!.text).toBeLessThanOrEqual(frame.right);
      expect(a.y).toBeGreaterThanOrEqual(frame.top);
      expect(a.y + a.height).toBeLessThanOrEqual(frame.bottom);
      for (const b of boxes.slice(i + 1)) expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
    });
    expect(result.description).toMatch(new RegExp(`the count beside ${labels.length} of them, where it fits, and in every tooltip`));
  });
});
