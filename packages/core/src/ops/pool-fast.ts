/**
 * The fast TypeScript kernels of 2-D pooling, registered (in `pool.ts`) for every backend but the
 * reference: the same results as the reference loops of `pool-kernels.ts`, bit for bit, in less
 * time. On uniform windows (`pool-grid.ts`: every window the same consecutive indices a fixed
 * stride apart, inside the input) they run the loops of `pool-fast-max.ts` and
 * `pool-fast-avg.ts`, which need no per-window bounds; on any other windows (padding a window
 * reaches, dilation, ceil mode's cut last window) the reference loops. The scatter and gather of
 * max pooling's backward are written once per float type. `pool-fast.test.ts` checks all of them
 * against the reference.
 */
import type { TypedArray } from '../dtype.js';
import { avgBackwardUniform, avgUniform } from './pool-fast-avg.js';
import { maxUniform } from './pool-fast-max.js';
import type { AxisWindows } from './pool-geometry.js';
import { gridOf } from './pool-grid.js';
import {
  avgPool2dBackwardLoop,
  avgPool2dLoop,
  gatherAt,
  maxPool2dArgmax,
  maxPool2dLoop,
  scatterAt,
} from './pool-kernels.js';

export function maxPool2dFast(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
): void {
  const g = gridOf(planes, h, w, rows, cols);
  if (g === null || !maxUniform(x, g, out, null)) maxPool2dLoop(x, planes, h, w, rows, cols, out);
}

/** {@link maxPool2dArgmax} on uniform windows without per-window bounds; else the reference. */
export function maxPool2dArgmaxFast(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray | null,
  idx: Float64Array,
): void {
  const g = gridOf(planes, h, w, rows, cols);
  // Without `out` the values go to a scratch array of x's type (the loops keep them anyway).
  const n = idx.length;
  const vals = out ?? (x instanceof Float32Array ? new Float32Array(n) : new Float64Array(n));
  if (g === null || !maxUniform(x, g, vals, idx)) {
    maxPool2dArgmax(x, planes, h, w, rows, cols, out, idx);
  }
}

/** {@link avgPool2dLoop} on uniform windows without per-window bounds; else the reference. */
export function avgPool2dFast(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
): void {
  const g = gridOf(planes, h, w, rows, cols);
  if (g === null || !avgUniform(x, g, rows.div, cols.div, out))
    avgPool2dLoop(x, planes, h, w, rows, cols, out);
}

/** {@link avgPool2dBackwardLoop} on uniform windows without per-window bounds; else the reference. */
export function avgPool2dBackwardFast(
  gv: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  gx: TypedArray,
): void {
  const g = gridOf(planes, h, w, rows, cols);
  if (g === null || !avgBackwardUniform(gv, g, rows.div, cols.div, gx))
    avgPool2dBackwardLoop(gv, planes, h, w, rows, cols, gx);
}

// --- positions --------------------------------------------------------------------------------

/** {@link scatterAt}, float32 and float64 apart; other arrays go to the reference. */
export function scatterAtFast(g: TypedArray, idx: Float64Array, gx: TypedArray): void {
  if (g instanceof Float32Array && gx instanceof Float32Array) scatter32(g, idx, gx);
  else if (g instanceof Float64Array && gx instanceof Float64Array) scatter64(g, idx, gx);
  else scatterAt(g, idx, gx);
}

// A position is used when it is an integer in [0, n) (`k === at`; -0 is position 0); anything
// else is skipped, as the reference's typed-array access skips it.
function scatter32(g: Float32Array, idx: Float64Array, gx: Float32Array): void {
  const n = gx.length;
  for (let o = 0; o < idx.length; o++) {
    const at = idx[o] as number;
    const k = at | 0;
    if (k === at && k >= 0 && k < n) gx[k] = (gx[k] as number) + (g[o] as number);
  }
}

function scatter64(g: Float64Array, idx: Float64Array, gx: Float64Array): void {
  const n = gx.length;
  for (let o = 0; o < idx.length; o++) {
    const at = idx[o] as number;
    const k = at | 0;
    if (k === at && k >= 0 && k < n) gx[k] = (gx[k] as number) + (g[o] as number);
  }
}

/** {@link gatherAt}, float32 and float64 apart; other arrays go to the reference. */
export function gatherAtFast(src: TypedArray, idx: Float64Array, out: TypedArray): void {
  if (src instanceof Float32Array && out instanceof Float32Array) gather32(src, idx, out);
  else if (src instanceof Float64Array && out instanceof Float64Array) gather64(src, idx, out);
  else gatherAt(src, idx, out);
}

// A position that is not an integer but lies in [0, n) reads undefined in the reference: NaN.
function gather32(src: Float32Array, idx: Float64Array, out: Float32Array): void {
  const n = src.length;
  for (let o = 0; o < idx.length; o++) {
    const at = idx[o] as number;
    const k = at | 0;
    out[o] = k === at && k >= 0 && k < n ? (src[k] as number) : at >= 0 && at < n ? Number.NaN : 0;
  }
}

function gather64(src: Float64Array, idx: Float64Array, out: Float64Array): void {
  const n = src.length;
  for (let o = 0; o < idx.length; o++) {
    const at = idx[o] as number;
    const k = at | 0;
    out[o] = k === at && k >= 0 && k < n ? (src[k] as number) : at >= 0 && at < n ? Number.NaN : 0;
  }
}
