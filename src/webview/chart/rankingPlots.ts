// ROC and precision–recall curves of the model shown: one curve per class (one-vs-rest; one column:
// the positive class) in the class's colour, the chance line (ROC) or the base rate (PR), the
// areas in the title and in each curve's tooltip.
import type { PanelClassification, PanelModel } from '../../protocol/panel';
import { formatPanelNumber } from '../model/format';
import { project } from '../model/scale';
import { drawAxes, drawTitle, frameOf, xScaleOf, yScaleOf } from './axes';
import type { PlotContext, PlotDefinition, PlotItem } from './plotTypes';
import { colourOfClass } from './theme';

type Which = 'roc' | 'pr';

export function rankingPlot(ctx: PlotContext, model: PanelModel, classification: PanelClassification, which: Which): PlotDefinition {
  const roc = which === 'roc';
  const area = roc ? classification.rocAuc : classification.averagePrecision;
  const what = roc ? 'ROC AUC' : 'average precision';
  const oneVsRest = classification.curves.length > 1 ? ' (one-vs-rest macro mean)' : '';
  return {
    id: roc ? 'roc' : 'pr',
    title: roc ? 'ROC curve' : 'Precision–recall curve',
    fileStem: roc ? 'roc-curve' : 'precision-recall-curve',
    height: 260,
    draw(painter, theme) {
      drawTitle(painter, theme, `${roc ? 'ROC' : 'Precision–recall'} (${model.name}): ${what} ${area === null ? '—' : formatPanelNumber(area)}${oneVsRest}`);
      const frame = frameOf(painter);
      const x = xScaleOf(frame, 0, 1);
      const y = yScaleOf(frame, 0, 1.02);
      drawAxes(painter, theme, frame, x, y, { xTitle: roc ? 'false-positive rate' : 'recall', yTitle: roc ? 'true-positive rate' : 'precision' });
      if (roc) painter.line(project(x, 0), project(y, 0), project(x, 1), project(y, 1), theme.muted, 1, [4, 3]);
      const items: PlotItem[] = [];
      for (const curve of classification.curves) {
        const points = roc ? curve.roc : curve.pr;
        if (points.x.length === 0) continue;
        const colour = classification.curves.length === 1 ? theme.accent : colourOfClass(theme, ctx.classColours, curve.class);
        painter.polyline(
          points.x.map((v) => project(x, v)),
          points.y.map((v) => project(y, v)),
          colour,
          1.5,
        );
        const mid = Math.floor(points.x.length / 2);
        items.push({
          x: project(x, points.x[mid]!),
          y: project(y, points.y[mid]!),
          row: null,
          lines: [
            `class ${curve.class}${classification.curves.length > 1 ? ' against the rest' : ''}`,
            `ROC AUC ${formatPanelNumber(curve.rocAuc)}, average precision ${formatPanelNumber(curve.averagePrecision)}`,
          ],
        });
      }
      return {
        hitTest: (mx, my) => {
          let best: PlotItem | null = null;
          let distance = 24;
          for (const item of items) {
            const d = Math.hypot(item.x - mx, item.y - my);
            if (d < distance) {
              distance = d;
              best = item;
            }
          }
          return best;
        },
        itemCount: items.length,
        item: (i) => items[i] ?? null,
        description: `${roc ? 'ROC' : 'Precision–recall'} curves of ${model.name}, ${classification.curves.length} ${classification.curves.length === 1 ? 'curve' : 'classes one-vs-rest'}; ${what} ${area === null ? 'not computed' : formatPanelNumber(area)}.`,
      };
    },
  };
}
