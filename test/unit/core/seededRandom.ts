// A small seeded generator for tests that build random problems, so every run sees the same ones.

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random symmetric positive-definite matrix B·Bᵀ + ridge·I (row-major), B uniform in [−½, ½). */
export function randomSpd(size: number, seed: number, ridge: number): Float64Array {
  const rnd = seededRandom(seed);
  const b = Float64Array.from({ length: size * size }, () => rnd() - 0.5);
  const a = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let s = i === j ? ridge : 0;
      for (let k = 0; k < size; k++) s += b[i * size + k]! * b[j * size + k]!;
      a[i * size + j] = s;
    }
  }
  return a;
}
