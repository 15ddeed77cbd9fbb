// The panel's plots: training loss, per-row loss bars, the −log p curve, the one-feature sigmoid
// fit, class distribution, loss histogram and the KL bars. Each draws through a Painter (so PNG
// and SVG exports are the same picture) and reduces large n to the pixel grid first.
import type { PanelDivergence, PanelFit, PanelModel, PanelSnapshot } from '../../protocol/panel';
import { aggregateBuckets, bucketAt, type Buckets } from '../model/buckets';
import { formatCount, formatPanelNumber, formatFractionAsPercent } from '../model/format';
import { DEFAULT_LABEL_LAYOUT, placeLabels, type LabelCandidate } from '../model/labelPlacement';
import { buildPointGridMapped, cellOfPoint, nearestRow, type PixelMap } from '../model/pointGrid';
import { invert, project } from '../model/scale';
import { fromNats } from '../model/units';
import { drawAxes, drawTitle, frameOf, truncate, xScaleOf, yScaleOf, type Frame } from './axes';
import type { Painter } from './painter';
import { emptyResult, type PlotContext, type PlotDefinition, type PlotItem, type PlotResult } from './plotTypes';
import { drawClassLegend, LEGEND_HEIGHT, rowClasses } from './legend';
import { classColour, colourOfClass, type PlotTheme } from './theme';

/** Buckets computed over positions of `order`, with their rows mapped back to data rows. */
function inRows(buckets: Buckets, order: Uint32Array): Buckets {
  const maxRow = buckets.maxRow.map((position) => (position < 0 ? -1 : order[position]!));
  const minRow = buckets.minRow.map((position) => (position < 0 ? -1 : order[position]!));
  return { ...buckets, maxRow, minRow };
}

/** A PlotItem whose tooltip lines are only formatted when someone looks at them. */
function lazyItem(x: number, y: number, row: number, lines: () => string[]): PlotItem {
  let cached: string[] | undefined;
  return {
    x,
    y,
    row,
    get lines() {
      return (cached ??= lines());
    },
  };
}

/** A row's colour: its true class through the result's colour map (no true class: neutral). */
function rowColour(ctx: PlotContext, theme: PlotTheme, row: number): string {
  const k = ctx.snapshot.labelIndex[row] ?? -1;
  return k < 0 ? classColour(theme, -1) : colourOfClass(theme, ctx.classColours, ctx.snapshot.classes[k]);
}

/**
 * The frame of a plot coloured by class, below its legend row (when rows have classes), and the
 * legend drawn. The legend names the classes in the result's colour map.
 */
function frameWithLegend(ctx: PlotContext, painter: Painter, theme: PlotTheme): { frame: Frame; legend: string } {
  const names = rowClasses(ctx.snapshot, ctx.classColours);
  const height = names.length > 0 ? LEGEND_HEIGHT : 0;
  const frame = frameOf(painter, { left: 56, right: 14, top: 28 + height, bottom: 40 });
  if (height) drawClassLegend(painter, theme, ctx.classColours, names, frame.left, frame.left + frame.width);
  // For the description: which classes the colours stand for, in the legend's order.
  return { frame, legend: names.length > 0 ? `, coloured by class (${names.length > 6 ? `${names.slice(0, 6).join(', ')}, …` : names.join(', ')})` : '' };
}

/** Tooltip lines describing one analysed row for `model`. */
export function rowLines(ctx: PlotContext, row: number, model = ctx.model): string[] {
  const s = ctx.snapshot;
  const line = s.rowLine.length > row ? ` · line ${s.rowLine[row]}` : '';
  const lines = [`row ${row + 1}${line}`];
  const label = s.labelIndex[row] ?? -1;
  if (label >= 0) {
    const predicted = model ? (model.predictedClass[row] ?? -1) : -1;
    const predictedText = predicted >= 0 && predicted !== label ? ` · predicted ${s.classes[predicted] ?? ''}` : '';
    lines.push(`label ${s.classes[label] ?? ''}${predictedText}`);
  }
  if (model) {
    const p = model.trueClassProbability[row] ?? NaN;
    if (!Number.isNaN(p)) lines.push(`p(true class) ${formatPanelNumber(p)}`);
    lines.push(`loss ${formatPanelNumber(fromNats(model.rowLossNats[row] ?? NaN, ctx.unit))} ${ctx.unit}`);
  }
  return lines;
}

function finiteMax(values: Float64Array, scale = 1): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! * scale;
    if (Number.isFinite(v) && v > max) max = v;
  }
  return max;
}

/** 1. Training loss (mean log loss) at every iteration of the fit. */
export function trainingLossPlot(ctx: PlotContext, fit: PanelFit): PlotDefinition {
  return {
    id: 'training-loss',
    title: 'Training loss by iteration',
    fileStem: 'training-loss',
    height: 220,
    draw(painter, theme) {
      drawTitle(painter, theme, `Training loss by iteration (${fit.iterations} iterations, ${fit.converged ? 'converged' : 'not converged'})`);
      const history = fit.lossHistoryNats;
      const frame = frameOf(painter);
      const values = history.map((v) => fromNats(v, ctx.unit));
      const x = xScaleOf(frame, 0, Math.max(1, history.length - 1));
      const y = yScaleOf(frame, 0, Math.max(finiteMax(values) * 1.05, 1e-12));
      drawAxes(painter, theme, frame, x, y, { xTitle: 'iteration', yTitle: `mean log loss (${ctx.unit})`, xIntegers: true });
      const xs = new Float64Array(history.length);
      const ys = new Float64Array(history.length);
      for (let i = 0; i < history.length; i++) {
        xs[i] = project(x, i);
        ys[i] = project(y, values[i]!);
      }
      // Not a class colour: those stand for classes in every plot of the panel.
      painter.polyline(xs, ys, theme.accent, 2);
      if (history.length <= 200) for (let i = 0; i < history.length; i++) painter.circle(xs[i]!, ys[i]!, 2.5, theme.accent);
      const item = (i: number): PlotItem | null =>
        i >= 0 && i < history.length ? { x: xs[i]!, y: ys[i]!, row: null, lines: [`iteration ${i}`, `mean log loss ${formatPanelNumber(values[i]!)} ${ctx.unit}`] } : null;
      return {
        hitTest: (px) => item(Math.round(invert(x, px))),
        itemCount: history.length,
        item,
        description: `Line plot of the fit's training loss over ${history.length} iterations, ending at ${formatPanelNumber(values[history.length - 1] ?? NaN)} ${ctx.unit}.`,
      };
    },
  };
}

/** 2. Per-row loss bars in row order or sorted, coloured by class, min/max per pixel bucket. */
export function rowLossPlot(ctx: PlotContext, model: PanelModel): PlotDefinition {
  return {
    id: 'row-loss',
    title: 'Per-row loss',
    fileStem: 'per-row-loss',
    height: 240,
    draw(painter, theme) {
      const sorted = ctx.order === 'sorted';
      drawTitle(painter, theme, `Per-row loss, ${sorted ? 'sorted worst first' : 'in row order'} (${model.name})`);
      const { frame, legend } = frameWithLegend(ctx, painter, theme);
      const values = model.rowLossNats;
      // Sorted: aggregate the cached sorted values sequentially, then map positions back to rows.
      const buckets = sorted ? inRows(aggregateBuckets(ctx.sortedValues(), Math.floor(frame.width)), ctx.sortedRows()) : aggregateBuckets(values, Math.floor(frame.width));
      const top = fromNats(finiteMax(values), ctx.unit) * 1.05 || 1;
      const x = xScaleOf(frame, 0, Math.max(1, values.length));
      const y = yScaleOf(frame, 0, top);
      // Few rows: label each bar with its row number (in sorted order too, so the worst row is named).
      const order = sorted ? ctx.sortedRows() : null;
      const xLabels =
        values.length <= 60 && buckets.count === values.length ? Array.from({ length: values.length }, (_, i) => ({ at: i + 0.5, text: String((order ? order[i]! : i) + 1) })) : undefined;
      drawAxes(painter, theme, frame, x, y, { xTitle: sorted ? 'row (sorted, worst first)' : 'row', yTitle: `loss (${ctx.unit})`, xIntegers: true, ...(xLabels ? { xLabels } : {}) });
      const barWidth = frame.width / Math.max(1, buckets.count);
      const gap = barWidth > 4 ? Math.min(2, barWidth * 0.15) : 0;
      const base = frame.top + frame.height;
      const anchors = new Float64Array(buckets.count);
      for (let b = 0; b < buckets.count; b++) {
        const row = buckets.maxRow[b]!;
        const left = frame.left + b * barWidth;
        anchors[b] = left + barWidth / 2;
        if (row < 0) continue;
        const colour = rowColour(ctx, theme, row);
        const hi = Math.min(top, fromNats(buckets.max[b]!, ctx.unit));
        const lo = Math.min(top, fromNats(buckets.min[b]!, ctx.unit));
        const hiY = project(y, hi);
        const loY = project(y, lo);
        const w = Math.max(1, barWidth - gap);
        painter.rect(left, hiY, w, base - hiY, colour, buckets.start[b + 1]! - buckets.start[b]! > 1 ? 0.45 : 0.9);
        if (loY > hiY) painter.rect(left, loY, w, base - loY, colour, 0.9);
      }
      const item = (b: number): PlotItem | null => {
        if (b < 0 || b >= buckets.count) return null;
        const row = buckets.maxRow[b]!;
        if (row < 0) return null;
        const size = buckets.start[b + 1]! - buckets.start[b]!;
        const lines = rowLines(ctx, row, model);
        if (size > 1) {
          lines.push(`${formatCount(size)} rows here: min ${formatPanelNumber(fromNats(buckets.min[b]!, ctx.unit))}, max ${formatPanelNumber(fromNats(buckets.max[b]!, ctx.unit))} ${ctx.unit}`);
        }
        return { x: anchors[b]!, y: project(y, Math.min(top, fromNats(buckets.max[b]!, ctx.unit))), row, lines };
      };
      return {
        hitTest: (px) => item(bucketAt(px, frame.left, frame.width, buckets.count)),
        itemCount: buckets.count,
        item,
        description: `Bar chart of the loss of each of ${formatCount(values.length)} rows${buckets.count < values.length ? `, aggregated into ${buckets.count} bars showing min and max` : ''}${legend}.`,
      };
    },
  };
}

/** 3. The surprisal curve −log p with every row drawn at (p(true class), its loss). */
export function surprisalPlot(ctx: PlotContext, model: PanelModel): PlotDefinition {
  return {
    id: 'surprisal',
    title: 'Loss −log p(true class)',
    fileStem: 'neg-log-p',
    height: 260,
    draw(painter, theme) {
      drawTitle(painter, theme, `Loss −log p of the true class, one point per row (${model.name})`);
      const { frame, legend } = frameWithLegend(ctx, painter, theme);
      const p = model.trueClassProbability;
      const loss = model.rowLossNats;
      const yTop = Math.max(fromNats(finiteMax(loss), ctx.unit), fromNats(-Math.log(0.05), ctx.unit)) * 1.05;
      const x = xScaleOf(frame, 0, 1);
      const y = yScaleOf(frame, 0, yTop);
      drawAxes(painter, theme, frame, x, y, { xTitle: 'probability given to the true class', yTitle: `loss −log p (${ctx.unit})` });
      const steps = Math.max(50, Math.floor(frame.width));
      const cx = new Float64Array(steps + 1);
      const cy = new Float64Array(steps + 1);
      for (let i = 0; i <= steps; i++) {
        const pi = Math.max(1e-300, i / steps);
        const value = fromNats(-Math.log(pi), ctx.unit);
        cx[i] = project(x, pi);
        cy[i] = value > yTop ? NaN : project(y, value);
      }
      painter.polyline(cx, cy, theme.muted, 1.5);
      const n = p.length;
      // Data → pixels relative to the plot area; the loss is clamped at the top for display.
      const factor = fromNats(1, ctx.unit);
      const map: PixelMap = {
        ax: project(x, 0) - frame.left,
        bx: project(x, 1) - project(x, 0),
        ay: project(y, 0) - frame.top,
        by: (project(y, 1) - project(y, 0)) * factor,
      };
      const pixelOf = (row: number): [number, number] => [frame.left + map.ax + map.bx * p[row]!, frame.top + Math.max(0, map.ay + map.by * loss[row]!)];
      const cell = n > 5000 ? 2 : 1;
      const grid = buildPointGridMapped(p, loss, map, loss, frame.width + 1, frame.height + 1, cell);
      // Rows with the same p(true) land on one point: the tooltip and a "×k" label say how many.
      const linesAt =
        (cellIndex: number, row: number): (() => string[]) =>
        () => {
          const lines = rowLines(ctx, row, model);
          const shared = grid.countAt[cellIndex] ?? 1;
          return shared > 1 ? [...lines, `${formatCount(shared)} rows share this point; this is the one with the highest loss`] : lines;
        };
      const radius = 4;
      const anchors: PlotItem[] = [];
      const counts: LabelCandidate[] = [];
      let stacked = 0;
      for (let k = 0; k < grid.occupied.length; k++) {
        const cellIndex = grid.occupied[k]!;
        const row = grid.rowAt[cellIndex]!;
        const [ax, ay] = pixelOf(row);
        const colour = rowColour(ctx, theme, row);
        const shared = grid.countAt[cellIndex]!;
        if (shared > 1) stacked++;
        // Dense data: a 2-px square per cell is far cheaper to draw than an arc and looks the same.
        if (n <= 5000) {
          painter.circle(ax, ay, radius, colour, theme.background);
          if (shared > 1) counts.push({ x: ax, y: ay, text: `×${formatCount(shared)}`, priority: shared });
        } else painter.rect(ax - 1, ay - 1, 2, 2, colour);
        if (anchors.length < 5000) anchors.push(lazyItem(ax, ay, row, linesAt(cellIndex, row)));
      }
      // "×k" only where it fits: inside the plot area and clear of the other labels (near p = 1
      // the shared points crowd; their tooltips still say how many rows each stands for).
      const labelled = placeLabels(counts, { x: frame.left, y: frame.top, width: frame.width, height: frame.height }, { ...DEFAULT_LABEL_LAYOUT, offset: radius + 2 });
      const countWhere =
        n > 5000
          ? 'the count in its tooltip'
          : labelled.length < counts.length
            ? `the count beside ${formatCount(labelled.length)} of them, where it fits, and in every tooltip`
            : 'the count beside it';
      for (const label of labelled) painter.text(label.x, label.y, counts[label.index]!.text, { color: theme.muted, size: 10, baseline: 'bottom', align: label.align });
      anchors.sort((a, b) => a.x - b.x);
      if (grid.occupied.length === 0) {
        painter.text(frame.left + frame.width / 2, frame.top + frame.height / 2, 'no single true class per row (soft targets)', { color: theme.muted, align: 'center' });
      }
      return {
        hitTest: (mx, my) => {
          const row = nearestRow(grid, mx - frame.left, my - frame.top, 8);
          if (row < 0) return null;
          const [ax, ay] = pixelOf(row);
          return lazyItem(ax, ay, row, linesAt(cellOfPoint(grid, ax - frame.left, ay - frame.top), row));
        },
        itemCount: anchors.length,
        item: (i) => anchors[i] ?? null,
        description: `The curve −log p from p = 0 to 1 with ${formatCount(grid.occupied.length)} plotted points for ${formatCount(n)} rows${legend}${stacked > 0 ? `; ${formatCount(stacked)} points stand for several rows with the same p and loss (the worst drawn, ${countWhere})` : ''}.`,
      };
    },
  };
}

/** 4. One-feature logistic fit: sigmoid over the feature, labelled points, bars of p(true class). */
export function sigmoidPlot(ctx: PlotContext, fit: PanelFit): PlotDefinition {
  return {
    id: 'sigmoid',
    title: 'Fitted sigmoid',
    fileStem: 'sigmoid-fit',
    height: 320,
    draw(painter, theme) {
      const one = fit.oneFeature;
      if (!one) return emptyResult('No one-feature fit.');
      const w = fit.coef[0]?.[0] ?? 0;
      const b = fit.intercept[0] ?? 0;
      const feature = fit.featureNames[0] ?? 'x';
      const positive = fit.classes[1] ?? '1';
      // Label 0 / 1 of the fit is its class 0 / 1, coloured by name like in every other plot.
      const classOf = (y: 0 | 1): string => colourOfClass(theme, ctx.classColours, fit.classes[y] ?? String(y));
      drawTitle(painter, theme, `P(${truncate(positive, 12)} | ${truncate(feature, 16)}) = σ(${formatPanelNumber(w)}·${truncate(feature, 16)} + ${formatPanelNumber(b)})`);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < one.x.length; i++) {
        const v = one.x[i]!;
        if (Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      if (!Number.isFinite(lo)) return emptyResult('No scored rows to plot.');
      const pad = (hi - lo || 1) * 0.06;
      const splitAt = Math.round(painter.height * 0.62);
      const top: Frame = { left: 56, top: 28, width: painter.width - 70, height: splitAt - 28 - 22 };
      const bottom: Frame = { left: 56, top: splitAt, width: painter.width - 70, height: painter.height - splitAt - 40 };
      const x = xScaleOf(top, lo - pad, hi + pad);
      const y = yScaleOf(top, -0.05, 1.05);
      drawAxes(painter, theme, top, x, y, { xTitle: '', yTitle: `P(${truncate(positive, 8)})`, xTicks: false });
      const xb = xScaleOf(bottom, lo - pad, hi + pad);
      const yb = yScaleOf(bottom, 0, 1);
      drawAxes(painter, theme, bottom, xb, yb, { xTitle: feature, yTitle: 'p(true class)' });
      const steps = Math.floor(top.width);
      const cx = new Float64Array(steps + 1);
      const cy = new Float64Array(steps + 1);
      for (let i = 0; i <= steps; i++) {
        const xv = lo - pad + ((hi - lo + 2 * pad) * i) / steps;
        const z = w * xv + b;
        cx[i] = project(x, xv);
        cy[i] = project(y, z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
      }
      painter.line(top.left, project(y, 0.5), top.left + top.width, project(y, 0.5), theme.grid, 1, [4, 3]);
      painter.polyline(cx, cy, theme.foreground, 2);
      const n = one.x.length;
      const items: PlotItem[] = [];
      const drawEach = n <= 5000;
      const map: PixelMap = {
        ax: project(x, 0) - top.left,
        bx: project(x, 1) - project(x, 0),
        ay: project(y, 0) - top.top,
        by: project(y, 1) - project(y, 0),
      };
      const pixelOf = (row: number): [number, number] => [top.left + map.ax + map.bx * one.x[row]!, top.top + map.ay + map.by * one.y[row]!];
      const rowItem = (i: number): PlotItem => {
        const [ax, ay] = pixelOf(i);
        return lazyItem(ax, ay, i, () => [...rowLines(ctx, i), `${feature} = ${formatPanelNumber(one.x[i]!)}`, `fitted P(${positive}) ${formatPanelNumber(one.pPositive[i]!)}`]);
      };
      const grid = buildPointGridMapped(one.x, one.y, map, ctx.model?.rowLossNats ?? new Float64Array(n), top.width + 1, top.height + 1, drawEach ? 1 : 2);
      if (drawEach) {
        const barWidth = Math.max(2, Math.min(10, bottom.width / Math.max(20, n * 1.5)));
        for (let i = 0; i < n; i++) {
          const xv = one.x[i]!;
          const yv = one.y[i]!;
          if (!Number.isFinite(xv) || Number.isNaN(yv)) continue;
          const colour = classOf(yv === 1 ? 1 : 0);
          const pTrue = yv === 1 ? one.pPositive[i]! : 1 - one.pPositive[i]!;
          const [ax, ay] = pixelOf(i);
          // Dashed connector from the label to the curve: its length is 1 − p(true class).
          painter.line(ax, ay, ax, project(y, one.pPositive[i]!), colour, 1, [2, 2]);
          painter.circle(ax, ay, 4, colour, theme.background);
          const barTop = project(yb, pTrue);
          painter.rect(ax - barWidth / 2, barTop, barWidth, bottom.top + bottom.height - barTop, colour, 0.85);
          items.push(rowItem(i));
        }
      } else {
        for (let k = 0; k < grid.occupied.length; k++) {
          const row = grid.rowAt[grid.occupied[k]!]!;
          const [ax, ay] = pixelOf(row);
          painter.rect(ax - 1, ay - 1, 2, 2, classOf(one.y[row] === 1 ? 1 : 0));
        }
        painter.text(bottom.left + bottom.width / 2, bottom.top + bottom.height / 2, `per-point bars are drawn for up to 5 000 rows (this fit has ${formatCount(n)}); see the −log p plot`, {
          color: theme.muted,
          align: 'center',
          size: 10,
        });
      }
      items.sort((a, c) => a.x - c.x);
      const legendY = top.top + 8;
      painter.circle(top.left + 10, legendY, 4, classOf(1));
      painter.text(top.left + 18, legendY, `label ${truncate(positive, 10)}`, { color: theme.foreground, size: 10 });
      painter.circle(top.left + 10, legendY + 14, 4, classOf(0));
      painter.text(top.left + 18, legendY + 14, `label ${truncate(fit.classes[0] ?? '0', 10)}`, { color: theme.foreground, size: 10 });
      return {
        hitTest: (mx, my) => {
          let best: PlotItem | null = null;
          let bestDistance = 64;
          for (const item of items) {
            const distance = Math.abs(item.x - mx) + (my < bottom.top ? Math.abs(item.y - my) / 4 : 0);
            if (distance < bestDistance) {
              best = item;
              bestDistance = distance;
            }
          }
          if (best || drawEach) return best;
          const row = nearestRow(grid, mx - top.left, my - top.top, 8);
          return row < 0 ? null : rowItem(row);
        },
        itemCount: items.length,
        item: (i) => items[i] ?? null,
        description: `Fitted sigmoid of ${feature} with ${formatCount(n)} labelled points; below, a bar per point of the probability the fit gave its true class (log loss is −log of that bar).`,
      };
    },
  };
}

/** 5. Class distribution bars, with the label entropy. */
export function classDistributionPlot(ctx: PlotContext): PlotDefinition | null {
  const labels = ctx.snapshot.labels;
  if (!labels) return null;
  return {
    id: 'classes',
    title: 'Class distribution',
    fileStem: 'class-distribution',
    height: 220,
    draw(painter, theme) {
      const h = fromNats(labels.entropyNats, ctx.unit);
      const hMax = fromNats(labels.maxEntropyNats, ctx.unit);
      drawTitle(painter, theme, `Class distribution: H(Y) = ${formatPanelNumber(h)} ${ctx.unit} of max log ${labels.counts.length} = ${formatPanelNumber(hMax)} ${ctx.unit}`);
      const frame = frameOf(painter);
      const k = labels.counts.length;
      const total = labels.counts.reduce((s, c) => s + c.count, 0);
      const maxCount = Math.max(1, ...labels.counts.map((c) => c.count));
      const x = xScaleOf(frame, -0.5, k - 0.5);
      const y = yScaleOf(frame, 0, maxCount * 1.12);
      drawAxes(painter, theme, frame, x, y, {
        xTitle: 'class',
        yTitle: 'rows',
        xLabels: labels.counts.map((c, i) => ({ at: i, text: c.label })),
      });
      const slot = frame.width / Math.max(1, k);
      const barWidth = Math.max(2, Math.min(80, slot * 0.7));
      const items: PlotItem[] = [];
      labels.counts.forEach((c, i) => {
        const cx = project(x, i);
        const topY = project(y, c.count);
        painter.rect(cx - barWidth / 2, topY, barWidth, frame.top + frame.height - topY, colourOfClass(theme, ctx.classColours, c.label), 0.9);
        if (k <= 30)
          painter.text(cx, topY - 3, `${formatCount(c.count)} (${formatFractionAsPercent(total ? c.count / total : NaN, 0)})`, {
            color: theme.foreground,
            align: 'center',
            baseline: 'bottom',
            size: 10,
          });
        const share = total ? c.count / total : NaN;
        const first = firstRowOfClass(ctx.snapshot, i);
        items.push({
          x: cx,
          y: topY,
          row: first,
          lines: [
            `class ${c.label}`,
            `${formatCount(c.count)} rows, ${formatFractionAsPercent(share)}`,
            `surprisal −log p̂ = ${formatPanelNumber(fromNats(-Math.log(share), ctx.unit))} ${ctx.unit}`,
            first === null ? '' : `click: first row of this class (row ${first + 1})`,
          ].filter(Boolean),
        });
      });
      return {
        hitTest: (mx) => items[Math.round(invert(x, mx))] ?? null,
        itemCount: items.length,
        item: (i) => items[i] ?? null,
        description: `Bar chart of ${k} class counts; label entropy ${formatPanelNumber(h)} ${ctx.unit} of a maximum ${formatPanelNumber(hMax)} ${ctx.unit}.`,
      };
    },
  };
}

function firstRowOfClass(snapshot: PanelSnapshot, k: number): number | null {
  for (let i = 0; i < snapshot.rowCount; i++) if (snapshot.labelIndex[i] === k && snapshot.rowStatus[i] === 0) return i;
  return null;
}

/** 6. Histogram of per-row loss; a bin links to its worst row. */
export function lossHistogramPlot(ctx: PlotContext, model: PanelModel): PlotDefinition {
  return {
    id: 'histogram',
    title: 'Histogram of per-row loss',
    fileStem: 'loss-histogram',
    height: 220,
    draw(painter, theme) {
      // Bin in nats (cached per model) and scale the edges: a unit change is a linear rescale.
      const factor = fromNats(1, ctx.unit);
      const values = model.rowLossNats;
      const natsHist = ctx.histogram();
      const hist = { ...natsHist, edges: natsHist.edges.map((e) => e * factor) };
      const extra = hist.infiniteCount ? `; ${formatCount(hist.infiniteCount)} rows with infinite loss not binned` : '';
      drawTitle(painter, theme, `Histogram of per-row loss (${model.name})${extra}`);
      const frame = frameOf(painter);
      const bins = hist.counts.length;
      const lo = hist.edges[0]!;
      const hi = hist.edges[bins]!;
      const maxCount = Math.max(1, ...hist.counts);
      const x = xScaleOf(frame, lo, hi);
      const y = yScaleOf(frame, 0, maxCount * 1.08);
      drawAxes(painter, theme, frame, x, y, { xTitle: `loss (${ctx.unit})`, yTitle: 'rows' });
      const items: PlotItem[] = [];
      for (let i = 0; i < bins; i++) {
        const left = project(x, hist.edges[i]!);
        const right = project(x, hist.edges[i + 1]!);
        const topY = project(y, hist.counts[i]!);
        // Rows of every class: the neutral chart colour, not the first class's.
        if (hist.counts[i]! > 0) painter.rect(left + 0.5, topY, Math.max(1, right - left - 1), frame.top + frame.height - topY, theme.accent, 0.6);
        const worst = hist.worstRow[i]!;
        items.push({
          x: (left + right) / 2,
          y: topY,
          row: worst >= 0 ? worst : null,
          lines: [
            `${formatPanelNumber(hist.edges[i]!)} – ${formatPanelNumber(hist.edges[i + 1]!)} ${ctx.unit}`,
            `${formatCount(hist.counts[i]!)} rows`,
            worst >= 0 ? `click: worst row here (row ${worst + 1})` : '',
          ].filter(Boolean),
        });
      }
      return {
        hitTest: (mx) => {
          const v = invert(x, mx);
          for (let i = 0; i < bins; i++) if (v >= hist.edges[i]! && v <= hist.edges[i + 1]!) return items[i] ?? null;
          return null;
        },
        itemCount: items.length,
        item: (i) => items[i] ?? null,
        description: `Histogram of ${formatCount(values.length - hist.nanCount - hist.infiniteCount)} per-row losses in ${bins} bins${extra}.`,
      };
    },
  };
}

/** KL over rows: P and Q as bars per outcome, and each outcome's terms of D(P‖Q) and D(Q‖P). */
export function divergencePlot(ctx: PlotContext, d: PanelDivergence): PlotDefinition {
  if (d.mode === 'perRow') return perRowDivergencePlot(ctx, d);
  return {
    id: 'kl',
    title: 'P and Q',
    fileStem: 'kl-p-q',
    height: 260,
    draw(painter, theme) {
      const u = ctx.unit;
      drawTitle(
        painter,
        theme,
        `P vs Q: D(P‖Q) = ${formatPanelNumber(fromNats(d.pqNats, u))}, D(Q‖P) = ${formatPanelNumber(fromNats(d.qpNats, u))}, JS = ${formatPanelNumber(fromNats(d.jsNats, u))} ${u}`,
      );
      const k = d.p.length;
      const split = Math.round(painter.height * 0.55);
      const top: Frame = { left: 56, top: 28, width: painter.width - 70, height: split - 28 - 8 };
      const bottom: Frame = { left: 56, top: split + 8, width: painter.width - 70, height: painter.height - split - 8 - 40 };
      const x = xScaleOf(top, -0.5, k - 0.5);
      const y = yScaleOf(top, 0, Math.max(finiteMax(d.p), finiteMax(d.q), 1e-12) * 1.1);
      drawAxes(painter, theme, top, x, y, { xTitle: '', yTitle: 'probability', xTicks: false });
      const terms = new Float64Array(2 * k);
      for (let i = 0; i < k; i++) {
        terms[2 * i] = fromNats(d.rowPqNats[i] ?? NaN, u);
        terms[2 * i + 1] = fromNats(d.rowQpNats[i] ?? NaN, u);
      }
      let tLo = 0;
      let tHi = 0;
      for (const t of terms) if (Number.isFinite(t)) [tLo, tHi] = [Math.min(tLo, t), Math.max(tHi, t)];
      const xb = xScaleOf(bottom, -0.5, k - 0.5);
      const yb = yScaleOf(bottom, tLo * 1.1, (tHi || 1e-12) * 1.1);
      drawAxes(painter, theme, bottom, xb, yb, { xTitle: 'outcome', yTitle: `term (${u})`, xLabels: d.outcomes.map((text, i) => ({ at: i, text })) });
      const slot = top.width / Math.max(1, k);
      const bw = Math.max(1, Math.min(40, slot * 0.38));
      const items: PlotItem[] = [];
      const zero = project(yb, 0);
      for (let i = 0; i < k; i++) {
        const cx = project(x, i);
        const pY = project(y, d.p[i]!);
        const qY = project(y, d.q[i]!);
        painter.rect(cx - bw, pY, bw, top.top + top.height - pY, theme.p, 0.9);
        painter.rect(cx, qY, bw, top.top + top.height - qY, theme.q, 0.9);
        for (const [j, colour] of [
          [0, theme.p],
          [1, theme.q],
        ] as const) {
          const t = terms[2 * i + j]!;
          if (!Number.isFinite(t)) continue;
          const ty = project(yb, t);
          painter.rect(cx - bw + j * bw, Math.min(ty, zero), bw, Math.abs(zero - ty), colour, 0.6);
        }
        items.push({
          x: cx,
          y: Math.min(pY, qY),
          row: i,
          lines: [
            `${d.outcomes[i] ?? `row ${i + 1}`}`,
            `P = ${formatPanelNumber(d.p[i]!)}, Q = ${formatPanelNumber(d.q[i]!)}`,
            `p·log(p/q) = ${formatPanelNumber(terms[2 * i]!)} ${u}`,
            `q·log(q/p) = ${formatPanelNumber(terms[2 * i + 1]!)} ${u}`,
          ],
        });
      }
      painter.line(bottom.left, zero, bottom.left + bottom.width, zero, theme.muted, 1);
      painter.rect(top.left + top.width - 120, top.top + 2, 10, 10, theme.p);
      painter.text(top.left + top.width - 106, top.top + 7, `P (${truncate(d.pName, 12)})`, { color: theme.foreground, size: 10 });
      painter.rect(top.left + top.width - 120, top.top + 16, 10, 10, theme.q);
      painter.text(top.left + top.width - 106, top.top + 21, `Q (${truncate(d.qName, 12)})`, { color: theme.foreground, size: 10 });
      return {
        hitTest: (mx) => items[Math.round(invert(x, mx))] ?? null,
        itemCount: items.length,
        item: (i) => items[i] ?? null,
        description: `Bars of P and Q over ${k} outcomes; below, each outcome's term of D(P‖Q) and of D(Q‖P), whose different sizes show the asymmetry.`,
      };
    },
  };
}

function perRowDivergencePlot(ctx: PlotContext, d: PanelDivergence): PlotDefinition {
  return {
    id: 'kl',
    title: 'Per-row KL',
    fileStem: 'kl-per-row',
    height: 240,
    draw(painter, theme) {
      const u = ctx.unit;
      drawTitle(painter, theme, `Per-row D(P‖Q) (bars) and D(Q‖P) (marks); means ${formatPanelNumber(fromNats(d.pqNats, u))} and ${formatPanelNumber(fromNats(d.qpNats, u))} ${u}`);
      const frame = frameOf(painter);
      const pq = aggregateBuckets(d.rowPqNats, Math.floor(frame.width));
      const qp = aggregateBuckets(d.rowQpNats, Math.floor(frame.width));
      const topValue = fromNats(Math.max(finiteMax(d.rowPqNats), finiteMax(d.rowQpNats)), u) * 1.05 || 1;
      const x = xScaleOf(frame, 0, Math.max(1, d.rowPqNats.length));
      const y = yScaleOf(frame, 0, topValue);
      drawAxes(painter, theme, frame, x, y, { xTitle: 'row', yTitle: `divergence (${u})` });
      const barWidth = frame.width / Math.max(1, pq.count);
      const base = frame.top + frame.height;
      for (let b = 0; b < pq.count; b++) {
        if (pq.maxRow[b]! < 0) continue;
        const left = frame.left + b * barWidth;
        const hiY = project(y, Math.min(topValue, fromNats(pq.max[b]!, u)));
        painter.rect(left, hiY, Math.max(1, barWidth - (barWidth > 4 ? 1 : 0)), base - hiY, theme.p, 0.8);
        if (qp.maxRow[b]! >= 0) painter.rect(left, project(y, Math.min(topValue, fromNats(qp.max[b]!, u))) - 1, Math.max(1, barWidth - 1), 2, theme.q);
      }
      const item = (b: number): PlotItem | null => {
        const row = pq.maxRow[b] ?? -1;
        if (row < 0) return null;
        return {
          x: frame.left + (b + 0.5) * barWidth,
          y: project(y, Math.min(topValue, fromNats(pq.max[b]!, u))),
          row,
          lines: [
            `row ${row + 1}`,
            `D(P‖Q) ${formatPanelNumber(fromNats(d.rowPqNats[row]!, u))} ${u}`,
            `D(Q‖P) ${formatPanelNumber(fromNats(d.rowQpNats[row]!, u))} ${u}`,
            ...(d.rowJsNats ? [`JS ${formatPanelNumber(fromNats(d.rowJsNats[row]!, u))} ${u}`] : []),
          ],
        };
      };
      return {
        hitTest: (mx) => item(bucketAt(mx, frame.left, frame.width, pq.count)),
        itemCount: pq.count,
        item,
        description: `Per-row KL divergence in both directions over ${formatCount(d.rowPqNats.length)} rows.`,
      };
    },
  };
}

export type { PlotResult };
