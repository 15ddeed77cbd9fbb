import { describe, expect, it } from 'vitest';
import { surprisalPlot } from '../../../src/webview/chart/plots';
import { classColours } from '../../../src/webview/model/classColours';
import type { PlotContext } from '../../../src/webview/chart/plotTypes';
import type { PlotTheme } from '../../../src/webview/chart/theme';
import { SvgPainter } from '../../../src/webview/chart/svgPainter';
import { threeClassSnapshot } from './snapshots';

const theme: PlotTheme = {
  background: '#ffffff',
  foreground: '#000000',
  muted: '#777777',
  grid: '#eeeeee',
  accent: '#3794ff',
  highlight: '#cca700',
  classes: ['#3794ff', '#f14c4c', '#89d185'],
  p: '#3794ff',
  q: '#f14c4c',
  highContrast: false,
};

function contextFor(snapshot: ReturnType<typeof threeClassSnapshot>, modelIndex: number): PlotContext {
  const model = snapshot.models[modelIndex];
  return {
    snapshot,
    unit: 'nats',
    model,
    order: 'row',
    classColours: classColours(snapshot),
    sortedRows: () => new Uint32Array(0),
    sortedValues: () => new Float64Array(0),
    histogram: () => {
      throw new Error('not used by this plot');
    },
  };
}

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
