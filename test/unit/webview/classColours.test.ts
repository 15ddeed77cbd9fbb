// One class → colour map per result, keyed by class name: a class has the same colour in the
// per-row loss bars (with their legend), the −log p points and the class distribution, even when
// the label counts come in another order than the model's classes (wine: scored as zinfandel,
// barolo, chianti; counts sorted barolo, chianti, zinfandel).
import { describe, expect, it } from 'vitest';
import { classDistributionPlot, rowLossPlot, surprisalPlot } from '../../../src/webview/chart/plots';
import type { Painter, TextStyle } from '../../../src/webview/chart/painter';
import type { PlotContext } from '../../../src/webview/chart/plotTypes';
import { classColours } from '../../../src/webview/model/classColours';
import type { PanelSnapshot } from '../../../src/protocol/panel';
import { modelFromProbabilities, plotContext, testTheme, threeClassSnapshot } from './snapshots';

const theme = testTheme(['#blue', '#red', '#green']);

/** A Painter that records what is drawn. */
class RecordingPainter implements Painter {
  readonly rects: { x: number; y: number; width: number; height: number; fill: string }[] = [];
  readonly circles: { x: number; y: number; fill: string }[] = [];
  readonly texts: { x: number; y: number; text: string; style: TextStyle }[] = [];
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  rect(x: number, y: number, width: number, height: number, fill: string): void {
    this.rects.push({ x, y, width, height, fill });
  }
  line(): void {}
  polyline(): void {}
  circle(x: number, y: number, _radius: number, fill: string): void {
    this.circles.push({ x, y, fill });
  }
  text(x: number, y: number, text: string, style: TextStyle): void {
    this.texts.push({ x, y, text, style });
  }
}

const CLASSES = ['zinfandel', 'barolo', 'chianti'];
const LABELS = [0, 1, 2, 1, 0, 2];

/** Six rows, two per class, with distinct p(true); label counts sorted by name as the label entropy has them. */
function wineSnapshot(): PanelSnapshot {
  const model = modelFromProbabilities('prob', [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], LABELS, LABELS, 0.1);
  return {
    ...threeClassSnapshot(),
    rowCount: 6,
    rowLine: Uint32Array.of(2, 3, 4, 5, 6, 7),
    rowStatus: new Uint8Array(6),
    classes: CLASSES,
    labelIndex: Int32Array.from(LABELS),
    labels: { counts: ['barolo', 'chianti', 'zinfandel'].map((label) => ({ label, count: 2 })), entropyNats: Math.log(3), maxEntropyNats: Math.log(3), n: 6 },
    models: [model],
  };
}

const contextFor = (snapshot: PanelSnapshot): PlotContext => plotContext(snapshot);

/** Legend entries drawn: the name beside each swatch (a 10 × 10 rect left of its text). */
function legendOf(painter: RecordingPainter): Map<string, string> {
  const legend = new Map<string, string>();
  for (const text of painter.texts) {
    const swatch = painter.rects.find((r) => r.width === 10 && r.height === 10 && Math.abs(r.x + 14 - text.x) < 0.01);
    if (swatch) legend.set(text.text, swatch.fill);
  }
  return legend;
}

describe('class colours', () => {
  it("maps each class name to one slot: the model's classes first, then names only the counts know", () => {
    const colours = classColours({
      classes: CLASSES,
      labels: {
        counts: [
          { label: 'barolo', count: 1 },
          { label: 'rosé', count: 1 },
        ],
        entropyNats: 0,
        maxEntropyNats: 0,
        n: 2,
      },
      fit: null,
    });
    expect(colours.names).toEqual(['zinfandel', 'barolo', 'chianti', 'rosé']);
    expect(colours.slotOf('barolo')).toBe(1);
    expect(colours.slotOf('rosé')).toBe(3);
    expect(colours.slotOf('merlot')).toBe(-1);
    expect(colours.slotOf(undefined)).toBe(-1);
  });

  it('gives a class the same colour in the per-row bars, their legend, the −log p points and the class distribution', () => {
    const snapshot = wineSnapshot();
    const ctx = contextFor(snapshot);
    const expected = new Map(CLASSES.map((name, k) => [name, theme.classes[k]!]));

    const bars = new RecordingPainter(640, 240);
    const barsResult = rowLossPlot(ctx, ctx.model!).draw(bars, theme);
    const legend = legendOf(bars);
    expect([...legend.keys()]).toEqual(CLASSES);
    for (const [name, fill] of legend) expect(fill, name).toBe(expected.get(name));
    expect(barsResult.description).toContain('coloured by class (zinfandel, barolo, chianti)');
    // One bar per row, in row order, below the legend.
    const barRects = bars.rects.filter((r) => r.height !== 10 || r.width !== 10);
    expect(barRects).toHaveLength(6);
    barRects.forEach((r, row) => {
      expect(barsResult.item(row)?.row).toBe(row);
      expect(r.fill, `row ${row}`).toBe(expected.get(CLASSES[LABELS[row]!]!));
    });

    const points = new RecordingPainter(640, 260);
    const pointsResult = surprisalPlot(ctx, ctx.model!).draw(points, theme);
    expect([...legendOf(points).keys()]).toEqual(CLASSES);
    expect(pointsResult.itemCount).toBe(6);
    for (let i = 0; i < 6; i++) {
      const item = pointsResult.item(i)!;
      const circle = points.circles.find((c) => Math.abs(c.x - item.x) < 0.01 && Math.abs(c.y - item.y) < 0.01);
      expect(circle?.fill, `row ${item.row}`).toBe(expected.get(CLASSES[LABELS[item.row!]!]!));
    }

    const counts = new RecordingPainter(640, 220);
    const countsResult = classDistributionPlot(ctx)!.draw(counts, theme);
    // Bars in the counts' order (barolo, chianti, zinfandel), each in its class's colour.
    expect(counts.rects.map((r) => r.fill)).toEqual(['barolo', 'chianti', 'zinfandel'].map((name) => expected.get(name)));
    expect(countsResult.item(0)?.lines[0]).toBe('class barolo');
  });

  it('draws no legend when no row has a true class', () => {
    const snapshot = { ...wineSnapshot(), labelIndex: new Int32Array(6).fill(-1) };
    const bars = new RecordingPainter(640, 240);
    rowLossPlot(contextFor(snapshot), snapshot.models[0]!).draw(bars, theme);
    expect(legendOf(bars).size).toBe(0);
  });

  it('names the classes that fit the width and sums up the rest', () => {
    const names = Array.from({ length: 12 }, (_, k) => `class-${k}`);
    const snapshot = { ...wineSnapshot(), classes: names, labelIndex: Int32Array.from({ length: 6 }, (_, i) => i * 2), labels: null };
    const bars = new RecordingPainter(300, 240);
    rowLossPlot(contextFor(snapshot), snapshot.models[0]!).draw(bars, theme);
    const shown = [...legendOf(bars).keys()];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(6);
    expect(bars.texts.some((t) => t.text === `+${6 - shown.length} more`)).toBe(true);
    // Nothing of the legend beyond the plot's right edge.
    for (const t of bars.texts.filter((t) => t.y === 30)) expect(t.x + t.text.length * 6).toBeLessThanOrEqual(300 - 14 + 1);
  });
});
