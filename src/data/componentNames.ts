// The names of a model's columns, one per class: a group of scalar columns keeps its names, and a
// vector column (`"probs": [0.2, 0.7, 0.1]`) names its components probs[0], probs[1], … — the one
// spelling every message, mapping and report uses.

/** Component k's name: columns[k] for scalar columns, `probs[k]` for a vector column. */
export function componentName(columns: readonly string[], k: number, vector: boolean): string {
  return vector ? `${columns[0]}[${k}]` : (columns[k] as string);
}

/** Every component's name, for `width` components (a vector when there are fewer columns than that). */
export function componentNames(columns: readonly string[], width: number): string[] {
  return columns.length === width ? [...columns] : Array.from({ length: width }, (_, k) => componentName(columns, k, true));
}
