/**
 * A packed, register-blocked matrix product in plain TypeScript.
 *
 * `C = op(A) @ op(B)` with `op(A)` of size `m x k` and `op(B)` of size `k x n`. Both operands are
 * first copied ("packed") into panels — A into panels of 4 rows, B into panels of 4 columns, each
 * laid out k-major — so the inner loop reads two short contiguous runs and keeps a 4 x 4 block of
 * C in local variables (registers). Packing reads through strides, so transposed operands cost
 * nothing extra and no transposed tensor is ever materialised. Panels are padded with zeros to a
 * multiple of 4; only the valid part of C is written.
 */
import type { TypedArray } from '../dtype.js';

const MR = 4;
const NR = 4;

let scratchA: Float64Array = new Float64Array(0);
let scratchB: Float64Array = new Float64Array(0);

function grow(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2));
}

/**
 * Packs `rows x k` of a matrix whose element `(r, p)` lives at `src[off + r * rs + p * ps]` into
 * panels of `width` rows: `dst[panel * width * k + p * width + r % width]`, zero padded.
 */
export function packPanels(
  src: TypedArray,
  off: number,
  rows: number,
  k: number,
  rs: number,
  ps: number,
  width: number,
  dst: Float64Array | Float32Array,
  dstOff: number,
): void {
  const panels = Math.ceil(rows / width);
  if (rs === 1) {
    // Rows are contiguous in the source (a transposed read): copy runs of `width` per k step.
    for (let q = 0; q < panels; q++) {
      const base = dstOff + q * width * k;
      const r0 = q * width;
      const w = Math.min(width, rows - r0);
      for (let p = 0; p < k; p++) {
        const s = off + r0 + p * ps;
        const d = base + p * width;
        let r = 0;
        for (; r < w; r++) dst[d + r] = src[s + r] as number;
        for (; r < width; r++) dst[d + r] = 0;
      }
    }
    return;
  }
  for (let q = 0; q < panels; q++) {
    const base = dstOff + q * width * k;
    const r0 = q * width;
    for (let r = 0; r < width; r++) {
      const row = r0 + r;
      if (row >= rows) {
        for (let p = 0; p < k; p++) dst[base + p * width + r] = 0;
        continue;
      }
      let s = off + row * rs;
      for (let p = 0; p < k; p++, s += ps) dst[base + p * width + r] = src[s] as number;
    }
  }
}

/** The batched matmul of the {@link Kernels} interface, register-blocked 4 x 4. */
export function fastMatmul(
  a: TypedArray,
  aOffsets: ArrayLike<number>,
  b: TypedArray,
  bOffsets: ArrayLike<number>,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): void {
  const batch = aOffsets.length;
  const mp = Math.ceil(m / MR);
  const np = Math.ceil(n / NR);
  if (k === 0) {
    out.fill(0, 0, batch * m * n);
    return;
  }
  scratchA = grow(scratchA, mp * MR * k);
  scratchB = grow(scratchB, np * NR * k);
  const pa = scratchA;
  const pb = scratchB;
  // Element (i, p) of op(A) and (j, p) of op(B)ᵀ, as strides into the stored arrays.
  const ars = transA ? 1 : k;
  const aps = transA ? m : 1;
  const brs = transB ? k : 1;
  const bps = transB ? 1 : n;
  let lastA = -1;
  let lastB = -1;
  for (let t = 0; t < batch; t++) {
    const ao = aOffsets[t] as number;
    const bo = bOffsets[t] as number;
    if (ao !== lastA) packPanels(a, ao, m, k, ars, aps, MR, pa, 0);
    if (bo !== lastB) packPanels(b, bo, n, k, brs, bps, NR, pb, 0);
    lastA = ao;
    lastB = bo;
    const oo = t * m * n;
    for (let jp = 0; jp < np; jp++) {
      const bBase = jp * NR * k;
      const j0 = jp * NR;
      for (let ip = 0; ip < mp; ip++) {
        const aBase = ip * MR * k;
        let c00 = 0;
        let c01 = 0;
        let c02 = 0;
        let c03 = 0;
        let c10 = 0;
        let c11 = 0;
        let c12 = 0;
        let c13 = 0;
        let c20 = 0;
        let c21 = 0;
        let c22 = 0;
        let c23 = 0;
        let c30 = 0;
        let c31 = 0;
        let c32 = 0;
        let c33 = 0;
        let ai = aBase;
        let bi = bBase;
        for (let p = 0; p < k; p++, ai += MR, bi += NR) {
          const a0 = pa[ai] as number;
          const a1 = pa[ai + 1] as number;
          const a2 = pa[ai + 2] as number;
          const a3 = pa[ai + 3] as number;
          const b0 = pb[bi] as number;
          const b1 = pb[bi + 1] as number;
          const b2 = pb[bi + 2] as number;
          const b3 = pb[bi + 3] as number;
          c00 += a0 * b0;
          c01 += a0 * b1;
          c02 += a0 * b2;
          c03 += a0 * b3;
          c10 += a1 * b0;
          c11 += a1 * b1;
          c12 += a1 * b2;
          c13 += a1 * b3;
          c20 += a2 * b0;
          c21 += a2 * b1;
          c22 += a2 * b2;
          c23 += a2 * b3;
          c30 += a3 * b0;
          c31 += a3 * b1;
          c32 += a3 * b2;
          c33 += a3 * b3;
        }
        const i0 = ip * MR;
        if (i0 + MR <= m && j0 + NR <= n) {
          let o = oo + i0 * n + j0;
          out[o] = c00;
          out[o + 1] = c01;
          out[o + 2] = c02;
          out[o + 3] = c03;
          o += n;
          out[o] = c10;
          out[o + 1] = c11;
          out[o + 2] = c12;
          out[o + 3] = c13;
          o += n;
          out[o] = c20;
          out[o + 1] = c21;
          out[o + 2] = c22;
          out[o + 3] = c23;
          o += n;
          out[o] = c30;
          out[o + 1] = c31;
          out[o + 2] = c32;
          out[o + 3] = c33;
        } else {
          const tile = [
            c00,
            c01,
            c02,
            c03,
            c10,
            c11,
            c12,
            c13,
            c20,
            c21,
            c22,
            c23,
            c30,
            c31,
            c32,
            c33,
          ];
          for (let r = 0; r < MR && i0 + r < m; r++) {
            for (let c = 0; c < NR && j0 + c < n; c++) {
              out[oo + (i0 + r) * n + j0 + c] = tile[r * NR + c] as number;
            }
          }
        }
      }
    }
  }
}
