// Names of column groups: the shared prefix of a model's columns (`m1_p0, m1_p1` → `m1`), and a
// model as problem messages name it.
import type { ModelColumns } from '../protocol/analysis';

/**
 * The model name of a column group: the longest common prefix, cut back to its last separator
 * (`_`, `.`, `-`). Example: commonPrefix(['m1_p0', 'm1_p1']) === 'm1'; ['prob0', 'prob1'] → 'prob'.
 */
export function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0] as string;
  for (const name of names) {
    let k = 0;
    while (k < prefix.length && k < name.length && prefix[k] === name[k]) k++;
    prefix = prefix.slice(0, k);
  }
  if (/[_.-]$/.test(prefix)) return prefix.replace(/[_.-]+$/, '');
  const cut = Math.max(prefix.lastIndexOf('_'), prefix.lastIndexOf('.'), prefix.lastIndexOf('-'));
  return cut > 0 ? prefix.slice(0, cut) : prefix;
}

/** A model as users name it: `"probs"`, or `m1 (m1_p0, …)`. */
export function groupName(model: ModelColumns): string {
  if (model.columns.length === 1) return `"${model.columns[0]}"`;
  return `${model.name} (${model.columns.length > 3 ? `${model.columns[0]}, …, ${model.columns[model.columns.length - 1]}` : model.columns.join(', ')})`;
}
