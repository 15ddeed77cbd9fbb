// What the host keeps of a closed document's analysis so that reopening the unchanged file brings
// its results back: the text's fingerprint, the request (recipe and quick-fix overrides), the
// settings it ran with and, within a memory budget, the result itself. Pure (no vscode).
import type { AnalysisResult } from '../protocol/analysis';
import type { AnalysisOverrides } from './analysisOptions';
import type { AnalysisRecipe } from './documentState';
import { sameFingerprint } from './textFingerprint';
import type { TextFingerprint } from './textFingerprint';

export interface ClosedAnalysis {
  fingerprint: TextFingerprint;
  recipe: AnalysisRecipe;
  overrides: AnalysisOverrides;
  /** The resolved analysis options the result was computed with, as JSON (settings may change while closed). */
  optionsKey: string;
  /** The result, or undefined when it did not fit the budget (the recipe is then run again). */
  result: AnalysisResult | undefined;
}

/** What to do when a remembered document is reopened. */
export type ReopenAction = 'restore' | 'rerun' | 'none';

/**
 * `restore` the kept result when the text is the one analysed and the settings are the same;
 * `rerun` the recipe when the text is the same but the result was not kept or the settings changed;
 * `none` when the text differs (the file changed while closed).
 */
export function reopenAction(entry: ClosedAnalysis, fingerprint: TextFingerprint, optionsKey: string): ReopenAction {
  if (!sameFingerprint(entry.fingerprint, fingerprint)) return 'none';
  return entry.result !== undefined && entry.optionsKey === optionsKey ? 'restore' : 'rerun';
}

/** Bytes a result holds: its typed arrays, plus an estimate for its per-row strings. */
export function resultBytes(result: AnalysisResult): number {
  const buffers = new Set<ArrayBufferLike>();
  const add = (view: ArrayBufferView | null | undefined): void => void (view && buffers.add(view.buffer));
  const rows = result.rows;
  [rows.firstLine, rows.lastLine, rows.startCharacter, rows.endCharacter, rows.status, rows.trueClass, rows.labelCodes].forEach(add);
  for (const model of result.models) [model.lossNats, model.trueClassProbability, model.predictedClass].forEach(add);
  if (result.kl) [result.kl.rowPqNats, result.kl.rowQpNats, result.kl.rowJsNats].forEach(add);
  if (result.fit) [result.fit.fittedTrueClassProbability, result.fit.margin, result.fit.lossNats].forEach(add);
  if (result.rowLoss) [result.rowLoss.lossNats, result.rowLoss.rank, result.rowLoss.worstFirst].forEach(add);
  let bytes = 0;
  for (const buffer of buffers) bytes += buffer.byteLength;
  // A short string costs a header and its characters; ids and labels are short per row.
  const STRING_BYTES = 40;
  return bytes + (rows.labels.length + rows.ids.length) * STRING_BYTES;
}

/**
 * Remembered closed analyses by URI, least recently closed dropped first: at most `maxEntries`,
 * and kept results together within `budgetBytes` (an entry whose result does not fit keeps only
 * its recipe). O(entries) per change.
 */
export class ClosedAnalyses {
  private readonly entries = new Map<string, { entry: ClosedAnalysis; bytes: number }>();

  constructor(
    private readonly budgetBytes: number,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Remembers `entry` for `key` (replacing an older one), then trims to the limits. */
  put(key: string, entry: ClosedAnalysis): void {
    this.entries.delete(key);
    const bytes = entry.result ? resultBytes(entry.result) : 0;
    const kept = bytes <= this.budgetBytes ? { entry, bytes } : { entry: { ...entry, result: undefined }, bytes: 0 };
    this.entries.set(key, kept);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    let total = 0;
    for (const value of this.entries.values()) total += value.bytes;
    // Oldest results go first; their recipes stay.
    for (const [oldKey, value] of this.entries) {
      if (total <= this.budgetBytes) break;
      if (value.bytes === 0 || oldKey === key) continue;
      total -= value.bytes;
      this.entries.set(oldKey, { entry: { ...value.entry, result: undefined }, bytes: 0 });
    }
  }

  /** Removes and returns the entry of `key`. */
  take(key: string): ClosedAnalysis | undefined {
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value?.entry;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
