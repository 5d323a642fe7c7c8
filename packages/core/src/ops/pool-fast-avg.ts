/**
 * Average pooling's fast loops on uniform windows (`pool-grid.ts`), forward and backward, written
 * once per float type (one array type at each element access for V8), with an unrolled body for
 * 2 x 2 windows. Same results as `avgPool2dLoop` and `avgPool2dBackwardLoop` (`pool-kernels.ts`),
 * bit for bit.
 */
import type { TypedArray } from '../dtype.js';
import type { Grid } from './pool-grid.js';

// The sum starts at 0 and adds the window in row-major order, as the reference, and is divided
// by the same product of the two divisor factors: every operation the reference does, in order.

function avg32(x: Float32Array, g: Grid, rd: Float64Array, cd: Float64Array, out: Float32Array) {
  const { w, oh, ow, kh, kw, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      const di = rd[i] as number;
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let sum = 0;
        for (let a = 0, r = s; a < kh; a++, r += w) {
          for (let b = 0; b < kw; b++) sum += x[r + b] as number;
        }
        out[o++] = sum / (di * (cd[j] as number));
      }
    }
  }
}

function avg64(x: Float64Array, g: Grid, rd: Float64Array, cd: Float64Array, out: Float64Array) {
  const { w, oh, ow, kh, kw, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      const di = rd[i] as number;
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        let sum = 0;
        for (let a = 0, r = s; a < kh; a++, r += w) {
          for (let b = 0; b < kw; b++) sum += x[r + b] as number;
        }
        out[o++] = sum / (di * (cd[j] as number));
      }
    }
  }
}

function avg2x2x32(
  x: Float32Array,
  g: Grid,
  rd: Float64Array,
  cd: Float64Array,
  out: Float32Array,
) {
  const { w, oh, ow, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      const di = rd[i] as number;
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        const sum =
          0 +
          (x[s] as number) +
          (x[s + 1] as number) +
          (x[s + w] as number) +
          (x[s + w + 1] as number);
        out[o++] = sum / (di * (cd[j] as number));
      }
    }
  }
}

function avg2x2x64(
  x: Float64Array,
  g: Grid,
  rd: Float64Array,
  cd: Float64Array,
  out: Float64Array,
) {
  const { w, oh, ow, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      const di = rd[i] as number;
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        const sum =
          0 +
          (x[s] as number) +
          (x[s + 1] as number) +
          (x[s + w] as number) +
          (x[s + w + 1] as number);
        out[o++] = sum / (di * (cd[j] as number));
      }
    }
  }
}

/** {@link avgPool2dLoop} on uniform windows without per-window bounds; else the reference. */

/**
 * Average pooling on uniform windows, divisors `rd[i] · cd[j]`; false when `x` and `out` are not
 * of one float type (the caller then runs the reference).
 */
export function avgUniform(
  x: TypedArray,
  g: Grid,
  rd: Float64Array,
  cd: Float64Array,
  out: TypedArray,
): boolean {
  const two = g.kh === 2 && g.kw === 2;
  if (x instanceof Float32Array && out instanceof Float32Array) {
    if (two) avg2x2x32(x, g, rd, cd, out);
    else avg32(x, g, rd, cd, out);
  } else if (x instanceof Float64Array && out instanceof Float64Array) {
    if (two) avg2x2x64(x, g, rd, cd, out);
    else avg64(x, g, rd, cd, out);
  } else return false;
  return true;
}

// The backward adds `v` of each window to its inputs in the reference's order (windows in
// output order), so that elements in several windows round alike.

function avgBackward32(
  gv: Float32Array,
  g: Grid,
  rd: Float64Array,
  cd: Float64Array,
  gx: Float32Array,
): void {
  const { w, oh, ow, kh, kw, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      const di = rd[i] as number;
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        const v = (gv[o++] as number) / (di * (cd[j] as number));
        for (let a = 0, r = s; a < kh; a++, r += w) {
          for (let b = 0; b < kw; b++) gx[r + b] = (gx[r + b] as number) + v;
        }
      }
    }
  }
}

function avgBackward64(
  gv: Float64Array,
  g: Grid,
  rd: Float64Array,
  cd: Float64Array,
  gx: Float64Array,
): void {
  const { w, oh, ow, kh, kw, sh, sw } = g;
  const hw = g.h * w;
  const rowStep = sh * w;
  let o = 0;
  for (let p = 0; p < g.planes; p++) {
    let row = p * hw + g.origin;
    for (let i = 0; i < oh; i++, row += rowStep) {
      const di = rd[i] as number;
      for (let j = 0, s = row; j < ow; j++, s += sw) {
        const v = (gv[o++] as number) / (di * (cd[j] as number));
        for (let a = 0, r = s; a < kh; a++, r += w) {
          for (let b = 0; b < kw; b++) gx[r + b] = (gx[r + b] as number) + v;
        }
      }
    }
  }
}

/** {@link avgPool2dBackwardLoop} on uniform windows without per-window bounds; else the reference. */

/** The adjoint of {@link avgUniform} into `gx` (zeros to start with); false as avgUniform. */
export function avgBackwardUniform(
  gv: TypedArray,
  g: Grid,
  rd: Float64Array,
  cd: Float64Array,
  gx: TypedArray,
): boolean {
  if (gv instanceof Float32Array && gx instanceof Float32Array) avgBackward32(gv, g, rd, cd, gx);
  else if (gv instanceof Float64Array && gx instanceof Float64Array)
    avgBackward64(gv, g, rd, cd, gx);
  else return false;
  return true;
}
