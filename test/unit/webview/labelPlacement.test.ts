// Labels beside plotted points: kept only inside the plot area and clear of each other, the most
// important first, moved to the left of a point at the right edge.
import { describe, expect, it } from 'vitest';
import { placeLabels, type Box, type LabelCandidate } from '../../../src/webview/model/labelPlacement';

const AREA: Box = { x: 50, y: 20, width: 400, height: 200 };

/** Whether two boxes come closer than 4 px (the default gap between labels). */
const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width + 4 && b.x < a.x + a.width + 4 && a.y < b.y + b.height + 4 && b.y < a.y + a.height + 4;

describe('label placement', () => {
  it('keeps both of two labels far apart, right of their points', () => {
    const placed = placeLabels(
      [
        { x: 100, y: 100, text: '×2', priority: 2 },
        { x: 300, y: 100, text: '×3', priority: 3 },
      ],
      AREA,
    );
    expect(placed.map((p) => [p.index, p.align])).toEqual([
      [1, 'left'],
      [0, 'left'],
    ]);
  });

  it('moves a label that would overlap to the left of its point, and drops one that fits on neither side', () => {
    const placed = placeLabels(
      [
        { x: 100, y: 100, text: '×5', priority: 5 },
        { x: 103, y: 101, text: '×9', priority: 9 },
        { x: 106, y: 100, text: '×2', priority: 2 },
      ],
      AREA,
    );
    // The largest count first, right of its point; the next one left of its own; ×2 has no room.
    expect(placed.map((p) => [p.index, p.align])).toEqual([
      [1, 'left'],
      [0, 'right'],
    ]);
  });

  it('puts a label at the right edge left of its point, and drops one that fits nowhere', () => {
    const placed = placeLabels(
      [
        { x: 448, y: 100, text: '×12', priority: 12 },
        { x: 200, y: 25, text: '×2', priority: 2 },
      ],
      AREA,
    );
    expect(placed).toHaveLength(1);
    expect(placed[0]!.align).toBe('right');
    expect(placed[0]!.box.x + placed[0]!.box.width).toBeLessThanOrEqual(448);
  });

  it('keeps labels 4 px apart and inside the area, however crowded (200 labels within 30 px)', () => {
    const candidates: LabelCandidate[] = Array.from({ length: 200 }, (_, i) => ({ x: 420 + (i % 30), y: 200 + (i % 7), text: `×${2 + (i % 13)}`, priority: 2 + (i % 13) }));
    const placed = placeLabels(candidates, AREA);
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThan(10);
    for (const [i, a] of placed.entries()) {
      expect(a.box.x).toBeGreaterThanOrEqual(AREA.x);
      expect(a.box.y).toBeGreaterThanOrEqual(AREA.y);
      expect(a.box.x + a.box.width).toBeLessThanOrEqual(AREA.x + AREA.width);
      expect(a.box.y + a.box.height).toBeLessThanOrEqual(AREA.y + AREA.height);
      for (const b of placed.slice(i + 1)) expect(overlap(a.box, b.box)).toBe(false);
    }
  });
});
