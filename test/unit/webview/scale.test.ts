import { describe, expect, it } from 'vitest';
import { invert, linearScale, niceTicks, project } from '../../../src/webview/model/scale';

describe('scales and ticks', () => {
  it('projects and inverts linearly, including flipped pixel ranges', () => {
    const s = linearScale(0, 10, 0, 100);
    expect(project(s, 2.5)).toBe(25);
    expect(invert(s, 25)).toBe(2.5);
    const y = linearScale(0, 1, 200, 0);
    expect(project(y, 0.25)).toBe(150);
  });

  it('widens an empty domain so a single value still has a place', () => {
    const s = linearScale(3, 3, 0, 100);
    expect(project(s, 3)).toBe(50);
  });

  it('chooses round ticks of 1, 2 or 5 × 10^k', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 7, 4)).toEqual([0, 2, 4, 6]);
    expect(niceTicks(-2.2, 4.6, 5)).toEqual([-2, 0, 2, 4]);
    expect(niceTicks(1, 1)).toEqual([1]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});
