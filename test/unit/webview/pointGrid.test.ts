import { describe, expect, it } from 'vitest';
import { buildPointGrid, cellOfPoint, nearestRow } from '../../../src/webview/model/pointGrid';

describe('scatter point grid', () => {
  it('keeps one point per cell, the one with the highest priority', () => {
    const grid = buildPointGrid(Float64Array.of(1, 2, 50), Float64Array.of(1, 2, 50), Float64Array.of(0.1, 0.9, 0.5), 100, 100, 4);
    expect(grid.occupied.length).toBe(2);
    expect(grid.rowAt[0]).toBe(1);
  });

  it('counts the rows each cell stands for', () => {
    const grid = buildPointGrid(Float64Array.of(1, 2, 3, 50), Float64Array.of(1, 2, 3, 50), Float64Array.of(0, 0, 0, 0), 100, 100, 4);
    expect(grid.countAt[0]).toBe(3);
    expect(grid.countAt[cellOfPoint(grid, 50, 50)]).toBe(1);
    expect(grid.rowAt[cellOfPoint(grid, 50, 50)]).toBe(3);
  });

  it('drops points outside the area and NaN positions', () => {
    const grid = buildPointGrid(Float64Array.of(-1, NaN, 100, 10), Float64Array.of(5, 5, 5, 10), Float64Array.of(1, 1, 1, 1), 100, 100, 1);
    expect(grid.occupied.length).toBe(1);
    expect(grid.rowAt[10 * 100 + 10]).toBe(3);
  });

  it('finds the nearest drawn row within a radius, and nothing beyond it', () => {
    const grid = buildPointGrid(Float64Array.of(5, 60), Float64Array.of(5, 60), Float64Array.of(1, 1), 100, 100, 2);
    expect(nearestRow(grid, 6, 6, 4)).toBe(0);
    expect(nearestRow(grid, 58, 61, 4)).toBe(1);
    expect(nearestRow(grid, 30, 30, 4)).toBe(-1);
  });

  it('reduces a million points to at most one per cell', () => {
    const n = 1_000_000;
    const px = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 400);
    const py = Float64Array.from({ length: n }, (_, i) => (i * 104729) % 200);
    const grid = buildPointGrid(px, py, new Float64Array(n), 400, 200, 2);
    expect(grid.occupied.length).toBeLessThanOrEqual(200 * 100);
  });
});
