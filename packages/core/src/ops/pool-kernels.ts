/**
 * The loops of 2-D pooling over typed arrays. Every kernel walks `planes` planes of `h x w`
 * inputs (row-major, plane after plane) and an `rows.start.length x cols.start.length` output per
 * plane; the windows (`pool-geometry.ts`) say which input rows and columns each output reads.
 * They allocate nothing per element. `pool.ts` registers them with `registerKernel`, so a backend
 * may bring its own.
 */
import type { TypedArray } from '../dtype.js';
import type { AxisWindows } from './pool-geometry.js';

/** A pooling loop: input, planes, H, W, row and column windows, output. */
export type PoolKernel = (
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
) => void;
/**
 * Max pooling with the position of each maximum: `idx` as {@link PoolKernel}'s `out`, and the
 * maxima in `out` unless it is null.
 */
export type ArgmaxKernel = (
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray | null,
  idx: Float64Array,
) => void;
/** A loop that moves values by the positions of {@link ArgmaxKernel}: source, positions, result. */
export type IndexKernel = (src: TypedArray, idx: Float64Array, out: TypedArray) => void;

/** `out` = the maximum of each window; NaN wins (PyTorch: `val > max || isnan(val)`). */
export function maxPool2dLoop(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
): void {
  const oh = rows.start.length;
  const ow = cols.start.length;
  const rs = rows.start;
  const re = rows.end;
  const cs = cols.start;
  const ce = cols.end;
  const dh = rows.step;
  const dw = cols.step;
  const hw = h * w;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * hw;
    for (let i = 0; i < oh; i++) {
      const r0 = base + (rs[i] as number) * w;
      const r1 = base + (re[i] as number) * w;
      for (let j = 0; j < ow; j++) {
        const c0 = cs[j] as number;
        const c1 = ce[j] as number;
        let m = Number.NEGATIVE_INFINITY;
        for (let r = r0; r < r1; r += dh * w) {
          for (let c = r + c0; c < r + c1; c += dw) {
            const v = x[c] as number;
            if (v > m || Number.isNaN(v)) m = v;
          }
        }
        out[o++] = m;
      }
    }
  }
}

/**
 * `idx` = the position in `x` of each window's maximum (as a flat index into `x`): the first in
 * row-major order among equals, the last NaN if there is one (PyTorch's CPU kernel), -1 for a
 * window that reads no input (possible with dilation); `out` (unless null) = the maxima.
 */
export function maxPool2dArgmax(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray | null,
  idx: Float64Array,
): void {
  const oh = rows.start.length;
  const ow = cols.start.length;
  const rs = rows.start;
  const re = rows.end;
  const cs = cols.start;
  const ce = cols.end;
  const dh = rows.step;
  const dw = cols.step;
  const hw = h * w;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * hw;
    for (let i = 0; i < oh; i++) {
      const r0 = base + (rs[i] as number) * w;
      const r1 = base + (re[i] as number) * w;
      for (let j = 0; j < ow; j++) {
        const c0 = cs[j] as number;
        const c1 = ce[j] as number;
        let m = Number.NEGATIVE_INFINITY;
        let at = r0 < r1 && c0 < c1 ? r0 + c0 : -1;
        for (let r = r0; r < r1; r += dh * w) {
          for (let c = r + c0; c < r + c1; c += dw) {
            const v = x[c] as number;
            if (v > m || Number.isNaN(v)) {
              m = v;
              at = c;
            }
          }
        }
        if (out !== null) out[o] = m;
        idx[o++] = at;
      }
    }
  }
}

/**
 * `gx[idx[o]] += g[o]` for every output `o` (max pooling's backward; `gx` starts at zero;
 * positions outside `gx`, such as -1, are skipped).
 */
export function scatterAt(g: TypedArray, idx: Float64Array, gx: TypedArray): void {
  const n = gx.length;
  for (let o = 0; o < idx.length; o++) {
    const at = idx[o] as number;
    if (at >= 0 && at < n) gx[at] = (gx[at] as number) + (g[o] as number);
  }
}

/** `out[o] = src[idx[o]]` (0 where the position is outside `src`): the adjoint of {@link scatterAt}. */
export function gatherAt(src: TypedArray, idx: Float64Array, out: TypedArray): void {
  const n = src.length;
  for (let o = 0; o < idx.length; o++) {
    const at = idx[o] as number;
    out[o] = at >= 0 && at < n ? (src[at] as number) : 0;
  }
}

/** `out` = each window's sum divided by `rows.div[i] · cols.div[j]` (average pooling). */
export function avgPool2dLoop(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
): void {
  const oh = rows.start.length;
  const ow = cols.start.length;
  const rs = rows.start;
  const re = rows.end;
  const rd = rows.div;
  const cs = cols.start;
  const ce = cols.end;
  const cd = cols.div;
  const hw = h * w;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * hw;
    for (let i = 0; i < oh; i++) {
      const r0 = base + (rs[i] as number) * w;
      const r1 = base + (re[i] as number) * w;
      const di = rd[i] as number;
      for (let j = 0; j < ow; j++) {
        const c0 = cs[j] as number;
        const c1 = ce[j] as number;
        let s = 0;
        for (let r = r0; r < r1; r += w) {
          for (let c = r + c0; c < r + c1; c++) s += x[c] as number;
        }
        out[o++] = s / (di * (cd[j] as number));
      }
    }
  }
}

/**
 * The adjoint of {@link avgPool2dLoop}: each `g[o]`, divided by its window's divisor, added to
 * every input of the window (`gx` starts at zero).
 */
export function avgPool2dBackwardLoop(
  g: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  gx: TypedArray,
): void {
  const oh = rows.start.length;
  const ow = cols.start.length;
  const rs = rows.start;
  const re = rows.end;
  const rd = rows.div;
  const cs = cols.start;
  const ce = cols.end;
  const cd = cols.div;
  const hw = h * w;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * hw;
    for (let i = 0; i < oh; i++) {
      const r0 = base + (rs[i] as number) * w;
      const r1 = base + (re[i] as number) * w;
      const di = rd[i] as number;
      for (let j = 0; j < ow; j++) {
        const c0 = cs[j] as number;
        const c1 = ce[j] as number;
        const v = (g[o++] as number) / (di * (cd[j] as number));
        for (let r = r0; r < r1; r += w) {
          for (let c = r + c0; c < r + c1; c++) gx[c] = (gx[c] as number) + v;
        }
      }
    }
  }
}
