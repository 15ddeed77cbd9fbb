// Scatter points reduced to one per pixel cell: a million rows draw as at most
// (width/cell)·(height/cell) dots, and the same grid answers "which row is under the mouse".

export interface PointGrid {
  readonly columns: number;
  readonly rows: number;
  readonly cell: number;
  /** Per cell: the row drawn there (the one with the largest `priority`), or −1. */
  readonly rowAt: Int32Array;
  /** Per cell: how many rows fell into it (the drawn one included), so a plot can say "×3". */
  readonly countAt: Uint32Array;
  /** Occupied cell indices in ascending order, for drawing. */
  readonly occupied: Uint32Array;
}

/** Affine data → pixel map: px = ax + bx·x, py = ay + by·y (pixels relative to the plot area). */
export interface PixelMap {
  readonly ax: number;
  readonly bx: number;
  readonly ay: number;
  readonly by: number;
}

/**
 * Put each row's pixel position (`px[i]`, `py[i]`, NaN = not drawn) into a grid of `cell`-pixel
 * squares over a width × height area; each cell keeps the row with the largest `priority` (e.g.
 * loss, so the worst row is the one you see and click) and counts the rows it stands for. O(n + cells).
 * Example: two rows at (1,1) and (2,2) with cell 4 share cell 0 (countAt[0] = 2).
 */
export function buildPointGrid(px: Float64Array, py: Float64Array, priority: Float64Array, width: number, height: number, cell: number): PointGrid {
  return buildPointGridMapped(px, py, { ax: 0, bx: 1, ay: 0, by: 1 }, priority, width, height, cell);
}

/**
 * `buildPointGrid` over data values `xs`, `ys` mapped to pixels by `map` in the same pass, so a
 * million rows need no per-row pixel arrays (one tight loop, no allocation but the grid).
 * Example: xs = [0.5], ys = [2], map {ax: 0, bx: 100, ay: 50, by: −10} → pixel (50, 30).
 */
export function buildPointGridMapped(xs: Float64Array, ys: Float64Array, map: PixelMap, priority: Float64Array, width: number, height: number, cell: number): PointGrid {
  const columns = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const rowAt = new Int32Array(columns * rows).fill(-1);
  const countAt = new Uint32Array(columns * rows);
  const { ax, bx, ay, by } = map;
  let occupiedCount = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = ax + bx * xs[i]!;
    const y = ay + by * ys[i]!;
    if (!(x >= 0 && x < width && y >= 0 && y < height)) continue;
    const index = Math.floor(y / cell) * columns + Math.floor(x / cell);
    const current = rowAt[index]!;
    countAt[index]!++;
    if (current < 0) {
      rowAt[index] = i;
      occupiedCount++;
    } else if (priority[i]! > priority[current]!) rowAt[index] = i;
  }
  const occupied = new Uint32Array(occupiedCount);
  for (let index = 0, k = 0; index < rowAt.length; index++) if (rowAt[index]! >= 0) occupied[k++] = index;
  return { columns, rows, cell, rowAt, countAt, occupied };
}

/** Index of the grid cell holding pixel (x, y) relative to the plot area (clamped to the grid). */
export function cellOfPoint(grid: PointGrid, x: number, y: number): number {
  const column = Math.min(grid.columns - 1, Math.max(0, Math.floor(x / grid.cell)));
  const row = Math.min(grid.rows - 1, Math.max(0, Math.floor(y / grid.cell)));
  return row * grid.columns + column;
}

/**
 * The row drawn nearest to (x, y) within `radius` pixels, or −1. Looks only at nearby cells.
 * Example: grid with a row in the cell at (5,5) → `nearestRow(grid, 6, 6, 4)` is that row.
 */
export function nearestRow(grid: PointGrid, x: number, y: number, radius: number): number {
  const reach = Math.ceil(radius / grid.cell);
  const cx = Math.floor(x / grid.cell);
  const cy = Math.floor(y / grid.cell);
  let best = -1;
  let bestDistance = Infinity;
  for (let j = cy - reach; j <= cy + reach; j++) {
    if (j < 0 || j >= grid.rows) continue;
    for (let i = cx - reach; i <= cx + reach; i++) {
      if (i < 0 || i >= grid.columns) continue;
      const row = grid.rowAt[j * grid.columns + i]!;
      if (row < 0) continue;
      const dx = (i + 0.5) * grid.cell - x;
      const dy = (j + 0.5) * grid.cell - y;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance && distance <= (radius + grid.cell) ** 2) {
        bestDistance = distance;
        best = row;
      }
    }
  }
  return best;
}
