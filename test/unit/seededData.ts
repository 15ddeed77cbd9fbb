// Deterministic test data shared by the data and worker tests: a seeded generator and the rounded
// probability rows their generated prediction files are made of.

/** Park–Miller "minimal standard" generator on (0, 1): the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
}

/**
 * Three probabilities with six decimals that sum to 1 (the third is what is left, rounded the same
 * way), drawing two numbers from `random`. Six decimals keep generated files small.
 */
export function probabilityTriple(random: () => number): [number, number, number] {
  const a = Math.round(random() * 1e6) / 1e6;
  const b = Math.round(random() * (1 - a) * 1e6) / 1e6;
  const c = Math.round((1 - a - b) * 1e6) / 1e6;
  return [a, b, c];
}
