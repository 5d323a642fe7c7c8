/**
 * Elementwise kernels in WebAssembly SIMD: arithmetic and comparisons (same-shape, scalar and
 * row operands), the unary ops, axpy and column sums. Small or non-float32 operands, other
 * broadcasts, and the last 1..3 elements go to the fallback backend.
 */
import type { TypedArray } from '../../dtype.js';
import type { Shape } from '../../shape.js';
import { broadcastPattern } from '../broadcast.js';
import type { BinaryKind, ReduceKind, UnaryKind } from '../kernels.js';
import { align16, BASE, type Fn4, type WasmContext } from './context.js';
import { SIMD_UNARY, type SimdBinaryKind, type SimdUnaryKind } from './module.js';

const binaryToSimd: Partial<Record<BinaryKind, SimdBinaryKind>> = {
  add: 'add',
  sub: 'sub',
  mul: 'mul',
  div: 'div',
  maximum: 'max',
  minimum: 'min',
  gt: 'gt',
  ge: 'ge',
  lt: 'lt',
  le: 'le',
  eq: 'eq',
  ne: 'ne',
};

export function binary(
  ctx: WasmContext,
  kind: BinaryKind,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const n = out.length;
  // Small ops first: for them the copies cost more than SIMD saves.
  if (n < ctx.minElementwise) {
    ctx.fallback.binary(kind, a, aShape, b, bShape, out, outShape);
    return;
  }
  const simd = binaryToSimd[kind];
  if (simd === undefined || !(out instanceof Float32Array) || a.length !== n) {
    ctx.fallback.binary(kind, a, aShape, b, bShape, out, outShape);
    return;
  }
  const bn = b.length;
  // Same shape, a scalar b, or a row b (`[..., c] op [c]`, c a multiple of 4: bias adds).
  const row =
    bn !== n &&
    bn !== 1 &&
    bn % 4 === 0 &&
    n % bn === 0 &&
    broadcastPattern(bShape, outShape) === 'row';
  if (!(bn === n || bn === 1 || row)) {
    ctx.fallback.binary(kind, a, aShape, b, bShape, out, outShape);
    return;
  }
  const n4 = n >>> 2;
  const aPtr = BASE;
  const bPtr = aPtr + align16(n * 4);
  const oPtr = bPtr + align16(Math.max(bn, 4) * 4);
  const mem = ctx.reserve(oPtr + n * 4);
  mem.set(a, aPtr / 4);
  mem.set(b, bPtr / 4);
  if (row) {
    const fn = ctx.ex[`${simd}VV`] as Fn4;
    const rowBytes = bn * 4;
    for (let r = 0; r < n; r += bn) fn(aPtr + r * 4, bPtr, oPtr + r * 4, rowBytes >>> 4);
  } else {
    const fn = ctx.ex[`${simd}${bn === 1 ? 'VS' : 'VV'}`] as Fn4;
    fn(aPtr, bPtr, oPtr, n4);
  }
  const done = row ? n : n4 * 4;
  out.set(mem.subarray(oPtr / 4, oPtr / 4 + done));
  if (done < n) {
    // The last 1..3 elements: same kernel as the fallback, on a view of the tail.
    const rest = n - done;
    ctx.fallback.binary(
      kind,
      a.subarray(done),
      [rest],
      bn === 1 ? b : b.subarray(done),
      bn === 1 ? [] : [rest],
      out.subarray(done),
      [rest],
    );
  }
}

export function unary(ctx: WasmContext, kind: UnaryKind, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  const simd = kind in SIMD_UNARY;
  if (!simd || n < ctx.minElementwise || !(x instanceof Float32Array)) {
    ctx.fallback.unary(kind, x, out);
    return;
  }
  const n4 = n >>> 2;
  const oPtr = BASE + align16(n * 4);
  const mem = ctx.reserve(oPtr + n * 4);
  mem.set(x, BASE / 4);
  const name = `${kind as SimdUnaryKind}U`;
  (ctx.ex[name] as (x: number, out: number, n4: number) => void)(BASE, oPtr, n4);
  out.set(mem.subarray(oPtr / 4, oPtr / 4 + n4 * 4));
  if (n4 * 4 < n) ctx.fallback.unary(kind, x.subarray(n4 * 4), out.subarray(n4 * 4));
}

/**
 * Copies two same-length float32 operands into memory, runs `kernel(a, b, out, n4, s)` on their
 * whole groups of four and copies those back to `out`; returns how many elements that covered
 * (the caller finishes the last 0..3 on the fallback).
 */
export function pairwise(
  ctx: WasmContext,
  kernel: (a: number, b: number, out: number, n4: number, s: number) => void,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  s: number,
): number {
  const n = out.length;
  const n4 = n >>> 2;
  const bPtr = BASE + align16(n * 4);
  const oPtr = bPtr + align16(n * 4);
  const mem = ctx.reserve(oPtr + n * 4);
  mem.set(a, BASE / 4);
  mem.set(b, bPtr / 4);
  kernel(BASE, bPtr, oPtr, n4, s);
  out.set(mem.subarray(oPtr / 4, oPtr / 4 + n4 * 4));
  return n4 * 4;
}

/** Float32 arrays in f64x2 (identical results to the fallback's); anything else there. */
export function axpy(
  ctx: WasmContext,
  alpha: number,
  x: TypedArray,
  y: TypedArray,
  out: TypedArray,
): void {
  const n = out.length;
  if (
    n < ctx.minElementwise ||
    !(out instanceof Float32Array && x instanceof Float32Array && y instanceof Float32Array) ||
    x.length !== n ||
    y.length !== n
  ) {
    ctx.fallback.axpy(alpha, x, y, out);
    return;
  }
  const done = pairwise(ctx, ctx.ex.axpy, x, y, out, alpha);
  if (done < n) ctx.fallback.axpy(alpha, x.subarray(done), y.subarray(done), out.subarray(done));
}

export function reduce(
  ctx: WasmContext,
  kind: ReduceKind,
  x: TypedArray,
  shape: Shape,
  axes: readonly number[],
  out: TypedArray,
): void {
  // Sums over leading axes with a row length that is a multiple of 4: bias gradients.
  const cols = out.length;
  let leading = kind === 'sum' && x instanceof Float32Array && x.length >= ctx.minElementwise;
  for (let i = 0; i < axes.length && leading; i++) if (axes[i] !== i) leading = false;
  if (!leading || cols % 4 !== 0 || cols === 0 || axes.length === shape.length) {
    ctx.fallback.reduce(kind, x, shape, axes, out);
    return;
  }
  const rows = x.length / cols;
  const oPtr = BASE + align16(x.length * 4);
  const mem = ctx.reserve(oPtr + cols * 4);
  mem.set(x, BASE / 4);
  mem.fill(0, oPtr / 4, oPtr / 4 + cols);
  (ctx.ex.colsum as (x: number, out: number, rows: number, c4: number) => void)(
    BASE,
    oPtr,
    rows,
    cols >>> 2,
  );
  out.set(mem.subarray(oPtr / 4, oPtr / 4 + cols));
}
