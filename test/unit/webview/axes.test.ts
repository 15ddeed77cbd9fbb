// Category labels under a bar chart: every label when the widest fits its slot (the digits' ten
// classes, or `zero`…`nine`, on a panel of ordinary width), every other one only when they would
// overlap.
import { describe, expect, it } from 'vitest';
import { drawAxes, frameOf, xScaleOf, yScaleOf } from '../../../src/webview/chart/axes';
import { testTheme, TextRecorder } from './snapshots';

function labelsDrawn(names: readonly string[], width: number): string[] {
  const painter = new TextRecorder(width, 220);
  const frame = frameOf(painter);
  drawAxes(painter, testTheme(), frame, xScaleOf(frame, -0.5, names.length - 0.5), yScaleOf(frame, 0, 10), {
    xTitle: 'class',
    yTitle: 'rows',
    xLabels: names.map((text, at) => ({ at, text })),
  });
  // Category labels hang from the axis (baseline top); tick values and titles do not.
  return painter.texts.filter((t) => t.style.baseline === 'top').map((t) => t.text);
}

describe('x category labels', () => {
  const digits = Array.from({ length: 10 }, (_, k) => String(k));
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

  it('all ten digit classes, and all ten spelled out, on a 480-pixel plot', () => {
    expect(labelsDrawn(digits, 480)).toEqual(digits);
    expect(labelsDrawn(words, 480)).toEqual(words);
  });

  it('every few labels, evenly, when they would overlap', () => {
    const long = Array.from({ length: 11 }, (_, k) => `category-${k}`);
    const drawn = labelsDrawn(long, 480);
    const step = long.indexOf(drawn[1] as string);
    expect(step).toBeGreaterThan(1);
    expect(drawn).toEqual(long.filter((_, i) => i % step === 0));
  });
});
