// One class → colour map per result, keyed by class name, so a class has the same colour in every
// plot: the per-row bars and points (which index the analysis' classes), the class distribution
// (whose counts may come in another order) and the sigmoid fit (which names its two classes).
import type { PanelSnapshot } from '../../protocol/panel';

export interface ClassColours {
  /** Class names in palette order: the analysis' classes (the model's column order), then the others any plot names. */
  readonly names: readonly string[];
  /** The palette slot of a class name (slots cycle through the theme's class colours), or −1 for none. */
  slotOf(name: string | undefined): number;
}

/**
 * The colour map of a snapshot: slot k for `classes[k]`, then the next slots for class names only
 * the label counts or the fit know, in their order. O(number of classes).
 * Example: classes [zinfandel, barolo, chianti], counts [barolo, chianti, zinfandel] → barolo is
 * slot 1 in every plot.
 */
export function classColours(snapshot: Pick<PanelSnapshot, 'classes' | 'labels' | 'fit'>): ClassColours {
  const slots = new Map<string, number>();
  const add = (name: string): void => {
    if (!slots.has(name)) slots.set(name, slots.size);
  };
  snapshot.classes.forEach(add);
  snapshot.labels?.counts.forEach((c) => add(c.label));
  snapshot.fit?.classes.forEach(add);
  return {
    names: [...slots.keys()],
    slotOf: (name) => (name === undefined ? -1 : (slots.get(name) ?? -1)),
  };
}
