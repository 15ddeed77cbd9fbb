// Groups chosen prediction columns into models for Choose Columns…: columns sharing a prefix are
// one model (`m1_p0, m1_p1` → m1), a vector column is a model by itself. Pure (no vscode).
import type { ModelColumns } from '../protocol/analysis';

/**
 * The model prefix of a column name: the text before the last `_` (or `.` for dotted paths),
 * else the name without trailing digits, else the name itself.
 * Example: modelPrefix('m1_p0') === 'm1'; modelPrefix('prob2') === 'prob'; modelPrefix('p') === 'p'.
 */
export function modelPrefix(name: string): string {
  const cut = Math.max(name.lastIndexOf('_'), name.lastIndexOf('.'));
  if (cut > 0) return name.slice(0, cut);
  const stripped = name.replace(/\d+$/, '');
  return stripped === '' ? name : stripped;
}

/**
 * Columns in the given order split into models by prefix, keeping first-seen order; vector
 * columns (`vectors`) each form their own model. Example: ['m1_p0','m1_p1','m2_p0','m2_p1'] →
 * [{name: 'm1', columns: ['m1_p0','m1_p1']}, {name: 'm2', ...}].
 */
export function groupModelColumns(columns: readonly string[], kind: ModelColumns['kind'], vectors: ReadonlySet<string> = new Set()): ModelColumns[] {
  const groups = new Map<string, string[]>();
  for (const column of columns) {
    const key = vectors.has(column) ? `\u0000${column}` : modelPrefix(column);
    const list = groups.get(key);
    if (list) list.push(column);
    else groups.set(key, [column]);
  }
  return [...groups.entries()].map(([key, names]) => ({
    name: key.startsWith('\u0000') || names.length === 1 ? (names[0] as string) : key,
    kind,
    columns: names,
  }));
}
