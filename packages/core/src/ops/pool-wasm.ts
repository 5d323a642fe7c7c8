/**
 * The pooling kernels of the `wasm-simd` backend (registered in `pool.ts`): float32 max and
 * average pooling on 2 x 2 windows two columns apart, every window inside the input (LeNet's and
 * VGG's pooling), and max pooling's backward scatter, in the active backend's WebAssembly module
 * (`kernels/wasm/pool-driver.ts`, `wat/pool.wat`); everything else, and small inputs whose
 * copies would cost more than the loop, on the TypeScript loops of `pool-fast.ts`. The results
 * are the reference loops' bit for bit (`pool-fast.test.ts`).
 */
import type { TypedArray } from '../dtype.js';
import { getKernels } from '../kernels/index.js';
import type { WasmContext } from '../kernels/wasm/context.js';
import * as driver from '../kernels/wasm/pool-driver.js';
import { wasmContextOf } from '../kernels/wasm/wasm-kernels.js';
import {
  avgPool2dBackwardFast,
  avgPool2dFast,
  maxPool2dArgmaxFast,
  maxPool2dFast,
  scatterAtFast,
} from './pool-fast.js';
import type { AxisWindows } from './pool-geometry.js';
import { constantDivisor, gridOf } from './pool-grid.js';

/** Inputs with fewer elements stay in TypeScript. */
const MIN_WASM = 256;

/** The active backend's module when `a` (and `b`) are float32 and large enough, else undefined. */
function contextFor(a: TypedArray, b: TypedArray | null, n: number): WasmContext | undefined {
  if (n < MIN_WASM || !(a instanceof Float32Array) || !(b === null || b instanceof Float32Array))
    return undefined;
  return wasmContextOf(getKernels());
}

/** The geometry when the windows are 2 x 2, two columns apart, inside the input; else null. */
function twoByTwo(
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
): driver.Pool2x2Geometry | null {
  const g = gridOf(planes, h, w, rows, cols);
  return g !== null && g.kh === 2 && g.kw === 2 && g.sw === 2 ? g : null;
}

/** `maxPool2d`'s kernel on wasm-simd: {@link maxPool2dFast} unless the SIMD kernel applies. */
export function maxPool2dWasm(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
): void {
  const ctx = contextFor(x, out, x.length);
  const g = ctx === undefined ? null : twoByTwo(planes, h, w, rows, cols);
  if (g === null) maxPool2dFast(x, planes, h, w, rows, cols, out);
  else driver.maxPool2x2(ctx as WasmContext, x as Float32Array, g, out as Float32Array, null);
}

/**
 * `maxPool2dIndices`'s kernel (and the forward's when x needs a gradient) on wasm-simd:
 * {@link maxPool2dArgmaxFast} unless the SIMD kernel applies.
 */
export function maxPool2dArgmaxWasm(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray | null,
  idx: Float64Array,
): void {
  const ctx = contextFor(x, out, x.length);
  const g = ctx === undefined ? null : twoByTwo(planes, h, w, rows, cols);
  if (g === null) maxPool2dArgmaxFast(x, planes, h, w, rows, cols, out, idx);
  else {
    const vals = (out as Float32Array | null) ?? new Float32Array(idx.length);
    driver.maxPool2x2(ctx as WasmContext, x as Float32Array, g, vals, idx);
  }
}

/** `avgPool2d`'s kernel on wasm-simd (one divisor for every window): else {@link avgPool2dFast}. */
export function avgPool2dWasm(
  x: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  out: TypedArray,
): void {
  const ctx = contextFor(x, out, x.length);
  const g = ctx === undefined ? null : twoByTwo(planes, h, w, rows, cols);
  const d = g === null ? null : constantDivisor(rows, cols);
  if (g === null || d === null) avgPool2dFast(x, planes, h, w, rows, cols, out);
  else driver.avgPool2x2(ctx as WasmContext, x as Float32Array, g, d, out as Float32Array);
}

/**
 * `avgPool2dBackward`'s kernel on wasm-simd (windows that do not overlap, one divisor): else
 * {@link avgPool2dBackwardFast}.
 */
export function avgPool2dBackwardWasm(
  gv: TypedArray,
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
  gx: TypedArray,
): void {
  const ctx = contextFor(gv, gx, gx.length);
  let g = ctx === undefined ? null : twoByTwo(planes, h, w, rows, cols);
  // Overlapping window rows add into the same elements: left to the loop, which rounds each sum.
  if (g !== null && g.sh < 2) g = null;
  const d = g === null ? null : constantDivisor(rows, cols);
  if (g === null || d === null) avgPool2dBackwardFast(gv, planes, h, w, rows, cols, gx);
  else driver.avgPool2x2Backward(ctx as WasmContext, gv as Float32Array, g, d, gx as Float32Array);
}

/** `maxPool2dBackward`'s scatter on wasm-simd for float32: else {@link scatterAtFast}. */
export function scatterAtWasm(gv: TypedArray, idx: Float64Array, gx: TypedArray): void {
  const ctx = contextFor(gv, gx, gx.length);
  if (ctx === undefined || gv.length < idx.length) scatterAtFast(gv, idx, gx);
  else driver.scatterAt(ctx, gv as Float32Array, idx, gx as Float32Array);
}
