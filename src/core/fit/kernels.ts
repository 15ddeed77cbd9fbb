// Small top-level loops shared by the fused passes. Hot loops live in small functions called once
// per chunk: V8 optimises them after a few chunks, instead of after a whole pass when the loops sit
// inside one long call (measured: the first two Hessian passes ran ~4× slower that way).

/** Σ_t a[aOff + t]·b[bOff + t]. */
export function dot(a: Float64Array, aOff: number, b: Float64Array, bOff: number, len: number): number {
  let s = 0;
  for (let t = 0; t < len; t++) s += (a[aOff + t] as number) * (b[bOff + t] as number);
  return s;
}

/** Σ_t a[aOff + t]. */
export function sum(a: Float64Array, aOff: number, len: number): number {
  let s = 0;
  for (let t = 0; t < len; t++) s += a[aOff + t] as number;
  return s;
}

/** y[yOff + t] += alpha·x[xOff + t]. */
export function axpy(alpha: number, x: Float64Array, xOff: number, y: Float64Array, yOff: number, len: number): void {
  for (let t = 0; t < len; t++) y[yOff + t] = (y[yOff + t] as number) + alpha * (x[xOff + t] as number);
}

/**
 * out[outOff + q] += Σ_t v[t]·z[c + q·stride + t] for q = 0..3: four dot products sharing each load
 * of v (register blocking).
 */
export function dot4(
  v: Float64Array,
  z: Float64Array,
  c: number,
  stride: number,
  len: number,
  out: Float64Array,
  outOff: number,
): void {
  const c1 = c + stride;
  const c2 = c1 + stride;
  const c3 = c2 + stride;
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  for (let t = 0; t < len; t++) {
    const x = v[t] as number;
    h0 += x * (z[c + t] as number);
    h1 += x * (z[c1 + t] as number);
    h2 += x * (z[c2 + t] as number);
    h3 += x * (z[c3 + t] as number);
  }
  out[outOff] = (out[outOff] as number) + h0;
  out[outOff + 1] = (out[outOff + 1] as number) + h1;
  out[outOff + 2] = (out[outOff + 2] as number) + h2;
  out[outOff + 3] = (out[outOff + 3] as number) + h3;
}

/** out[outOff + q·outStride] += Σ_t z[c + t]·r[rOff + q·rStride + t] for q = 0..3 (one z, four residual rows). */
export function dot4Shared(
  z: Float64Array,
  c: number,
  r: Float64Array,
  rOff: number,
  rStride: number,
  len: number,
  out: Float64Array,
  outOff: number,
  outStride: number,
): void {
  const r1 = rOff + rStride;
  const r2 = r1 + rStride;
  const r3 = r2 + rStride;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = 0; t < len; t++) {
    const x = z[c + t] as number;
    s0 += (r[rOff + t] as number) * x;
    s1 += (r[r1 + t] as number) * x;
    s2 += (r[r2 + t] as number) * x;
    s3 += (r[r3 + t] as number) * x;
  }
  out[outOff] = (out[outOff] as number) + s0;
  out[outOff + outStride] = (out[outOff + outStride] as number) + s1;
  out[outOff + 2 * outStride] = (out[outOff + 2 * outStride] as number) + s2;
  out[outOff + 3 * outStride] = (out[outOff + 3 * outStride] as number) + s3;
}

/** y_q[t] += w_q·z[c + t] for four outputs at yOff + q·yStride (one z load, four updates). */
export function axpy4(
  w0: number,
  w1: number,
  w2: number,
  w3: number,
  z: Float64Array,
  c: number,
  y: Float64Array,
  yOff: number,
  yStride: number,
  len: number,
): void {
  const o1 = yOff + yStride;
  const o2 = o1 + yStride;
  const o3 = o2 + yStride;
  for (let t = 0; t < len; t++) {
    const x = z[c + t] as number;
    y[yOff + t] = (y[yOff + t] as number) + w0 * x;
    y[o1 + t] = (y[o1 + t] as number) + w1 * x;
    y[o2 + t] = (y[o2 + t] as number) + w2 * x;
    y[o3 + t] = (y[o3 + t] as number) + w3 * x;
  }
}
