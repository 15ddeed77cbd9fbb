// Converts the host's analysis result into the panel's self-contained snapshot (losses in nats,
// per-row arrays as typed arrays). The only place that knows the analysis result's shape.
import type { PanelSnapshot } from '../../protocol/panel';
import type { PanelInput } from './types';

/** Result of conversion: a snapshot, or a hint explaining why there is nothing to show. */
export type SnapshotOutcome =
  | { readonly snapshot: PanelSnapshot; readonly hint: string }
  | { readonly snapshot: null; readonly hint: string };

/**
 * Turn the active document's analysis into a panel snapshot. Until the analysis type is
 * published this returns a hint; it never throws on unexpected input.
 */
export function toSnapshot(input: PanelInput | undefined): SnapshotOutcome {
  if (!input) return { snapshot: null, hint: 'Open a CSV, TSV, JSON or JSON Lines file and run “Entropy Lens: Analyze”.' };
  return { snapshot: null, hint: 'This analysis cannot be shown yet.' };
}
