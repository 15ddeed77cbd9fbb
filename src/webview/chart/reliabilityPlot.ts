// The reliability diagram: per bin of confidence, the share of hits (positives for one column,
// correct top labels for class rows) as a bar spanning the bin, the diagonal of a calibrated
// model, each bin's mean confidence marked on its bar, rows per bin above it; ECE and MCE in the
// title; the Brier decomposition and temperature scaling in words beneath.
import type { PanelCalibration, PanelModel } from '../../protocol/panel';
import { calibrationNotes } from '../model/calibrationText';
import { formatCount, formatPanelNumber } from '../model/format';
import { invert, project } from '../model/scale';
import { drawAxes, drawTitle, frameOf, xScaleOf, yScaleOf } from './axes';
import type { PlotContext, PlotDefinition, PlotItem } from './plotTypes';

export function reliabilityPlot(ctx: PlotContext, model: PanelModel, calibration: PanelCalibration): PlotDefinition {
  const binary = calibration.mode === 'binary';
  const what = binary ? `share of ${calibration.positive ?? 'positives'}` : 'accuracy of the top label';
  return {
    id: 'reliability',
    title: 'Reliability diagram',
    fileStem: 'reliability',
    height: 260,
    notes: calibrationNotes(calibration, ctx.unit),
    draw(painter, theme) {
      drawTitle(painter, theme, `Reliability (${model.name}): ECE ${formatPanelNumber(calibration.ece)}, MCE ${formatPanelNumber(calibration.mce)}`);
      const frame = frameOf(painter);
      const x = xScaleOf(frame, 0, 1);
      const y = yScaleOf(frame, 0, 1.08);
      drawAxes(painter, theme, frame, x, y, { xTitle: binary ? `P(${calibration.positive ?? 'positive'})` : 'confidence (largest probability)', yTitle: what });
      // A calibrated model: accuracy equals confidence.
      painter.line(project(x, 0), project(y, 0), project(x, 1), project(y, 1), theme.muted, 1, [4, 3]);
      const bottom = frame.top + frame.height;
      const items: PlotItem[] = [];
      for (const bin of calibration.bins) {
        const left = project(x, bin.lower);
        const right = project(x, bin.upper);
        const mid = (left + right) / 2;
        if (bin.count === 0) {
          items.push({ x: mid, y: bottom, row: null, lines: [`${formatPanelNumber(bin.lower)} – ${formatPanelNumber(bin.upper)}`, 'no rows'] });
          continue;
        }
        const top = project(y, bin.accuracy);
        painter.rect(left + 0.5, top, Math.max(1, right - left - 1), bottom - top, theme.accent, 0.6);
        // The bin's mean confidence: where its bar should end for a calibrated model.
        const at = project(x, bin.confidence);
        const expected = project(y, bin.confidence);
        painter.line(at, expected, at, top, theme.foreground, 1.5);
        painter.circle(at, expected, 2.5, theme.foreground);
        painter.text(mid, top - 3, formatCount(bin.count), { color: theme.muted, align: 'center', baseline: 'bottom', size: 9 });
        items.push({
          x: mid,
          y: top,
          row: null,
          lines: [
            `${formatPanelNumber(bin.lower)} – ${formatPanelNumber(bin.upper)}: ${formatCount(bin.count)} rows`,
            `mean confidence ${formatPanelNumber(bin.confidence)}, ${what} ${formatPanelNumber(bin.accuracy)}`,
            `gap ${formatPanelNumber(bin.accuracy - bin.confidence)} (${bin.accuracy < bin.confidence ? 'over-confident' : 'under-confident'})`,
          ],
        });
      }
      return {
        hitTest: (mx) => {
          const v = invert(x, mx);
          const k = calibration.bins.findIndex((bin) => v >= bin.lower && v <= bin.upper);
          return k >= 0 ? (items[k] ?? null) : null;
        },
        itemCount: items.length,
        item: (i) => items[i] ?? null,
        description: `Reliability diagram of ${model.name}: ${calibration.bins.length} bins of confidence against the ${what}; ECE ${formatPanelNumber(calibration.ece)}, MCE ${formatPanelNumber(calibration.mce)}.`,
      };
    },
  };
}
