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
export function dot4(v: Float64Array, z: Float64Array, c: number, stride: number, len: number, out: Float64Array, outOff: number): void {
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

/**
 * out[outOff + p·outStride + q] += Σ_{t<len} a[aOff + p·aStride + t]·b[bOff + q·bStride + t] for
 * p < aRows, q < bRows: the product A·Bᵀ of two row-stored blocks. Blocks of 2 × 4 outputs share
 * each load (8 accumulators in registers, 6 loads per 8 multiply-adds); edges by single dot
 * products. Every output is summed over t in order, as `dot` does.
 */
export function crossProducts(
  a: Float64Array,
  aOff: number,
  aStride: number,
  aRows: number,
  b: Float64Array,
  bOff: number,
  bStride: number,
  bRows: number,
  len: number,
  out: Float64Array,
  outOff: number,
  outStride: number,
): void {
  let q = 0;
  for (; q + 4 <= bRows; q += 4) {
    const b0 = bOff + q * bStride;
    const b1 = b0 + bStride;
    const b2 = b1 + bStride;
    const b3 = b2 + bStride;
    let p = 0;
    for (; p + 2 <= aRows; p += 2) {
      const a0 = aOff + p * aStride;
      const a1 = a0 + aStride;
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
      const o0 = outOff + p * outStride + q;
      const o1 = o0 + outStride;
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
      const o = outOff + p * outStride + q;
      for (let r = 0; r < 4; r++) out[o + r] = (out[o + r] as number) + dot(a, aOff + p * aStride, b, bOff + (q + r) * bStride, len);
    }
  }
  for (; q < bRows; q++) {
    for (let p = 0; p < aRows; p++) {
      const o = outOff + p * outStride + q;
      out[o] = (out[o] as number) + dot(a, aOff + p * aStride, b, bOff + q * bStride, len);
    }
  }
}

/**
 * out[outOff + k·outStride + t] = θ[k·width + m] + Σ_{j<m} θ[k·width + j]·z[zOff + j·zStride + t]
 * for k < rows, t < len (m = width − 1): affine scores of parameter rows [w_k, b_k] on
 * column-stored features, summed intercept first, then j in order (as successive axpys would).
 * Blocks of 2 rows × 4 t keep 8 sums in registers over the whole sum: 6 loads per 8 multiply-adds
 * and one store per score.
 */
export function affineScores(
  theta: Float64Array,
  rows: number,
  width: number,
  z: Float64Array,
  zOff: number,
  zStride: number,
  len: number,
  out: Float64Array,
  outOff: number,
  outStride: number,
): void {
  const m = width - 1;
  let k = 0;
  for (; k + 2 <= rows; k += 2) {
    const w0 = k * width;
    const w1 = w0 + width;
    const o0 = outOff + k * outStride;
    const o1 = o0 + outStride;
    const i0 = theta[w0 + m] as number;
    const i1 = theta[w1 + m] as number;
    let t = 0;
    for (; t + 4 <= len; t += 4) {
      let s00 = i0;
      let s01 = i0;
      let s02 = i0;
      let s03 = i0;
      let s10 = i1;
      let s11 = i1;
      let s12 = i1;
      let s13 = i1;
      for (let j = 0, c = zOff + t; j < m; j++, c += zStride) {
        const a0 = theta[w0 + j] as number;
        const a1 = theta[w1 + j] as number;
        const x0 = z[c] as number;
        const x1 = z[c + 1] as number;
        const x2 = z[c + 2] as number;
        const x3 = z[c + 3] as number;
        s00 += a0 * x0;
        s01 += a0 * x1;
        s02 += a0 * x2;
        s03 += a0 * x3;
        s10 += a1 * x0;
        s11 += a1 * x1;
        s12 += a1 * x2;
        s13 += a1 * x3;
      }
      out[o0 + t] = s00;
      out[o0 + t + 1] = s01;
      out[o0 + t + 2] = s02;
      out[o0 + t + 3] = s03;
      out[o1 + t] = s10;
      out[o1 + t + 1] = s11;
      out[o1 + t + 2] = s12;
      out[o1 + t + 3] = s13;
    }
    for (; t < len; t++) {
      let s0 = i0;
      let s1 = i1;
      for (let j = 0, c = zOff + t; j < m; j++, c += zStride) {
        const x = z[c] as number;
        s0 += (theta[w0 + j] as number) * x;
        s1 += (theta[w1 + j] as number) * x;
      }
      out[o0 + t] = s0;
      out[o1 + t] = s1;
    }
  }
  if (k < rows) {
    const w0 = k * width;
    const o0 = outOff + k * outStride;
    const i0 = theta[w0 + m] as number;
    let t = 0;
    for (; t + 4 <= len; t += 4) {
      let s0 = i0;
      let s1 = i0;
      let s2 = i0;
      let s3 = i0;
      for (let j = 0, c = zOff + t; j < m; j++, c += zStride) {
        const a0 = theta[w0 + j] as number;
        s0 += a0 * (z[c] as number);
        s1 += a0 * (z[c + 1] as number);
        s2 += a0 * (z[c + 2] as number);
        s3 += a0 * (z[c + 3] as number);
      }
      out[o0 + t] = s0;
      out[o0 + t + 1] = s1;
      out[o0 + t + 2] = s2;
      out[o0 + t + 3] = s3;
    }
    for (; t < len; t++) {
      let s0 = i0;
      for (let j = 0, c = zOff + t; j < m; j++, c += zStride) s0 += (theta[w0 + j] as number) * (z[c] as number);
      out[o0 + t] = s0;
    }
  }
}

/**
 * Upper triangle (and one diagonal below it) of Σ z̃ z̃ᵀ, z̃ = [z, 1], over rows start .. start+len
 * of the column-major features z (n rows, m columns), added into `into` (width × width, width = m + 1).
 */
export function gramSums(z: Float64Array, n: number, m: number, start: number, len: number, into: Float64Array): void {
  const width = m + 1;
  for (let a = 0; a < m; a += 2) {
    crossProducts(z, a * n + start, n, Math.min(2, m - a), z, a * n + start, n, m - a, len, into, a * width + a, width);
    into[a * width + m] = (into[a * width + m] as number) + sum(z, a * n + start, len);
    if (a + 1 < m) into[(a + 1) * width + m] = (into[(a + 1) * width + m] as number) + sum(z, (a + 1) * n + start, len);
  }
  into[m * width + m] = (into[m * width + m] as number) + len;
}

/** The full symmetric mean Gram matrix (1/n)·Σ z̃ z̃ᵀ of every row (width × width, row-major). */
export function meanGram(z: Float64Array, n: number, m: number, chunk: number): Float64Array {
  const width = m + 1;
  const gram = new Float64Array(width * width);
  for (let start = 0; start < n; start += chunk) gramSums(z, n, m, start, Math.min(chunk, n - start), gram);
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      const v = (gram[a * width + b] as number) / n;
      gram[a * width + b] = v;
      gram[b * width + a] = v;
    }
  }
  return gram;
}
