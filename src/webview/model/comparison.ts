// The panel's sentence for a model against the first one: which is better by how much, with the
// paired bootstrap interval, or no clear difference when the interval includes 0.
import type { InformationUnit, PanelModel } from '../../protocol/panel';
import { formatPanelNumber } from './format';
import { fromNats } from './units';

/**
 * Example: a model 0.0149 nats worse than m1 with interval 0.004 – 0.026 → "m1 is better by
 * 0.01490 nats (95 % CI 0.004000 – 0.02600)"; an interval through 0 → "no clear difference …".
 */
export function comparisonSentence(model: PanelModel, unit: InformationUnit): string | null {
  const c = model.comparison;
  if (!c) return null;
  const diff = fromNats(c.meanDiffNats, unit);
  const [lo, hi] = [fromNats(c.ci[0], unit), fromNats(c.ci[1], unit)];
  const percent = `${Math.round(c.level * 100)} % CI`;
  // The interval is of this model minus the first: below 0, this one is better.
  if (lo <= 0 && hi >= 0) return `no clear difference from ${c.against}: ${formatPanelNumber(diff)} ${unit} (${percent} ${formatPanelNumber(lo)} – ${formatPanelNumber(hi)}, includes 0)`;
  const [better, worse] = diff < 0 ? [model.name, c.against] : [c.against, model.name];
  const span = diff < 0 ? [-hi, -lo] : [lo, hi];
  return `${better} is better than ${worse} by ${formatPanelNumber(Math.abs(diff))} ${unit} (${percent} ${formatPanelNumber(span[0]!)} – ${formatPanelNumber(span[1]!)})`;
}
