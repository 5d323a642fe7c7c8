/**
 * Max pooling's fast loops on uniform windows (`pool-grid.ts`), with or without the positions of
 * the maxima, written once per float type so that V8 sees one array type at each element access,
 * with unrolled bodies for 2 x 2 and 3 x 3 windows. Same results as `maxPool2dLoop` and
 * `maxPool2dArgmax` (`pool-kernels.ts`), bit for bit.
 */
import type { TypedArray } from '../dtype.js';
import type { Grid } from './pool-grid.js';

// m starts at the window's first element: the reference starts at -Infinity, which the first
// element replaces unless it is -Infinity itself (the same value). Then each element replaces
// the maximum when it is greater or NaN.

function max32(x: Float32Array, g: Grid, out: Float32Array, idx: Float64Array | null): void {
  const { w, oh, ow, kh, kw, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let m = x[s] as number;
        let at = s;
        for (let a = 0, r = s; a < kh; a++, r += w) {
          for (let b = a === 0 ? 1 : 0; b < kw; b++) {
            const v = x[r + b] as number;
            if (v > m || Number.isNaN(v)) {
              m = v;
              at = r + b;
            }
          }
        }
        out[o] = m;
        if (idx !== null) idx[o] = at;
        o++;
      }
    }
  }
}

function max64(x: Float64Array, g: Grid, out: Float64Array, idx: Float64Array | null): void {
  const { w, oh, ow, kh, kw, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let m = x[s] as number;
        let at = s;
        for (let a = 0, r = s; a < kh; a++, r += w) {
          for (let b = a === 0 ? 1 : 0; b < kw; b++) {
            const v = x[r + b] as number;
            if (v > m || Number.isNaN(v)) {
              m = v;
              at = r + b;
            }
          }
        }
        out[o] = m;
        if (idx !== null) idx[o] = at;
        o++;
      }
    }
  }
}

/** 2 x 2 windows, values only (the most common pooling: LeNet, VGG). */
function max2x2x32(x: Float32Array, g: Grid, out: Float32Array): void {
  const { w, oh, ow, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let m = x[s] as number;
        let v = x[s + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[s + w] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[s + w + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        out[o++] = m;
      }
    }
  }
}

function max2x2x64(x: Float64Array, g: Grid, out: Float64Array): void {
  const { w, oh, ow, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let m = x[s] as number;
        let v = x[s + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[s + w] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[s + w + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        out[o++] = m;
      }
    }
  }
}

/** 3 x 3 windows, values only. */
function max3x3x32(x: Float32Array, g: Grid, out: Float32Array): void {
  const { w, oh, ow, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let m = x[s] as number;
        let v = x[s + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[s + 2] as number;
        if (v > m || Number.isNaN(v)) m = v;
        const t = s + w;
        v = x[t] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[t + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[t + 2] as number;
        if (v > m || Number.isNaN(v)) m = v;
        const u = t + w;
        v = x[u] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[u + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[u + 2] as number;
        if (v > m || Number.isNaN(v)) m = v;
        out[o++] = m;
      }
    }
  }
}

function max3x3x64(x: Float64Array, g: Grid, out: Float64Array): void {
  const { w, oh, ow, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let m = x[s] as number;
        let v = x[s + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[s + 2] as number;
        if (v > m || Number.isNaN(v)) m = v;
        const t = s + w;
        v = x[t] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[t + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[t + 2] as number;
        if (v > m || Number.isNaN(v)) m = v;
        const u = t + w;
        v = x[u] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[u + 1] as number;
        if (v > m || Number.isNaN(v)) m = v;
        v = x[u + 2] as number;
        if (v > m || Number.isNaN(v)) m = v;
        out[o++] = m;
      }
    }
  }
}

/**
 * Max pooling with the positions of the maxima on uniform windows (`idx` written unless null);
 * false when `x` and `out` are not of one float type (the caller then runs the reference).
 */
export function maxUniform(
  x: TypedArray,
  g: Grid,
  out: TypedArray,
  idx: Float64Array | null,
): boolean {
  const f32 = x instanceof Float32Array && out instanceof Float32Array;
  if (!f32 && !(x instanceof Float64Array && out instanceof Float64Array)) return false;
  if (idx === null && g.kh === 2 && g.kw === 2) {
    if (f32) max2x2x32(x, g, out);
    else max2x2x64(x as Float64Array, g, out as Float64Array);
  } else if (idx === null && g.kh === 3 && g.kw === 3) {
    if (f32) max3x3x32(x, g, out);
    else max3x3x64(x as Float64Array, g, out as Float64Array);
  } else if (f32) max32(x, g, out, idx);
  else max64(x as Float64Array, g, out as Float64Array, idx);
  return true;
}

/** {@link maxPool2dLoop} on uniform windows without per-window bounds; else the reference. */
