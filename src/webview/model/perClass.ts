// The per-class section's model: the order of the classes for a sort, and the rows of a confusion
// cell (pure functions of the snapshot, no DOM).
import type { PanelClassReport, PanelModel, PanelSnapshot } from '../../protocol/panel';

export type ClassSortKey = 'class' | 'support' | 'loss' | 'precision' | 'recall' | 'f1';

/** The classes in the order asked for (class order for 'class'; a class without rows sorts last by loss). */
export function sortedClasses(perClass: readonly PanelClassReport[], key: ClassSortKey, descending: boolean): number[] {
  const value = (r: PanelClassReport): number => {
    switch (key) {
      case 'class':
        return 0;
      case 'support':
        return r.support;
      case 'loss':
        return Number.isNaN(r.meanLossNats) ? -Infinity : r.meanLossNats;
      default:
        return r[key];
    }
  };
  const order = perClass.map((_, k) => k);
  if (key === 'class') return descending ? order.reverse() : order;
  // Stable: equal values keep the class order.
  return order.sort((a, b) => (descending ? value(perClass[b]!) - value(perClass[a]!) : value(perClass[a]!) - value(perClass[b]!)) || a - b);
}

/** The rows of the snapshot whose label is class `truth` and whose prediction is class `predicted`. */
export function cellRows(snapshot: PanelSnapshot, model: PanelModel, truth: number, predicted: number): number[] {
  const rows: number[] = [];
  for (let row = 0; row < snapshot.rowCount; row++) {
    if (snapshot.labelIndex[row] === truth && model.predictedClass[row] === predicted && !Number.isNaN(model.rowLossNats[row] ?? NaN)) rows.push(row);
  }
  return rows;
}
