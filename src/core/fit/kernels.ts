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

/**
 * out[p·bRows + q] += Σ_{t<len} a[p·stride + t]·b[q·stride + t] for p < aRows, q < bRows: the
 * product of two row-stored blocks, A·Bᵀ. Blocks of 2 × 4 outputs share each load (8 accumulators
 * in registers, 6 loads per 8 multiply-adds); edges by single dot products.
 */
export function crossProducts(
  a: Float64Array,
  aRows: number,
  b: Float64Array,
  bRows: number,
  stride: number,
  len: number,
  out: Float64Array,
): void {
  let q = 0;
  for (; q + 4 <= bRows; q += 4) {
    const b0 = q * stride;
    const b1 = b0 + stride;
    const b2 = b1 + stride;
    const b3 = b2 + stride;
    let p = 0;
    for (; p + 2 <= aRows; p += 2) {
      const a0 = p * stride;
      const a1 = a0 + stride;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < len; t++) {
        const x0 = a[a0 + t] as number;
        const x1 = a[a1 + t] as number;
        const y0 = b[b0 + t] as number;
        s00 += x0 * y0;
        s10 += x1 * y0;
        const y1 = b[b1 + t] as number;
        s01 += x0 * y1;
        s11 += x1 * y1;
        const y2 = b[b2 + t] as number;
        s02 += x0 * y2;
        s12 += x1 * y2;
        const y3 = b[b3 + t] as number;
        s03 += x0 * y3;
        s13 += x1 * y3;
      }
      const o0 = p * bRows + q;
      const o1 = o0 + bRows;
      out[o0] = (out[o0] as number) + s00;
      out[o0 + 1] = (out[o0 + 1] as number) + s01;
      out[o0 + 2] = (out[o0 + 2] as number) + s02;
      out[o0 + 3] = (out[o0 + 3] as number) + s03;
      out[o1] = (out[o1] as number) + s10;
      out[o1 + 1] = (out[o1 + 1] as number) + s11;
      out[o1 + 2] = (out[o1 + 2] as number) + s12;
      out[o1 + 3] = (out[o1 + 3] as number) + s13;
    }
    for (; p < aRows; p++) {
      const o = p * bRows + q;
      for (let r = 0; r < 4; r++) out[o + r] = (out[o + r] as number) + dot(a, p * stride, b, (q + r) * stride, len);
    }
  }
  for (; q < bRows; q++) {
    for (let p = 0; p < aRows; p++) {
      const o = p * bRows + q;
      out[o] = (out[o] as number) + dot(a, p * stride, b, q * stride, len);
    }
  }
}
