/**
 * A {@link Kernels} backend running float32 matmul, elementwise work (arithmetic, comparisons,
 * neg/abs/sqrt/square), column sums in WebAssembly SIMD (f32x4), and float32 tanh, its backward
 * and axpy in f64x2 lanes, with everything else (and every float64 call) on the tuned TypeScript
 * kernels.
 *
 * The module is generated at import time by `module.ts` (a few KB, so even browsers' main
 * threads may compile it synchronously) and needs no native build. Operands are packed into the
 * module's memory (which grows on demand), so transposed operands cost no extra copy.
 *
 * Numerics: products are summed in float32 in a different order than the reference kernels (which
 * sum in float64), within the bound `|c - c_ref| <= (k + 2) 2^-23 (|A||B|)_ij`; elementwise
 * results are identical except that `maximum`/`minimum` of +0 and -0 may return either zero, and
 * float32 tanh, which rounds like `Math.fround(Math.tanh(x))` but for inputs within 1e-13 of a
 * rounding boundary (one float32 ulp, about one input in a million; see `../tanh-f32.ts`).
 */
import type { TypedArray } from '../../dtype.js';
import { ArgumentError } from '../../errors.js';
import { describe, type Shape } from '../../shape.js';
import { fastKernels } from '../fast.js';
import type { BinaryKind, Kernels, ReduceKind, UnaryKind } from '../kernels.js';
import {
  buildKernelModule,
  GEMM_MR,
  GEMM_NR,
  KERNEL_DATA_BYTES,
  SIMD_UNARY,
  type SimdBinaryKind,
  type SimdUnaryKind,
} from './module.js';

type Fn4 = (a: number, b: number, out: number, n4: number) => void;
interface Exports {
  memory: WebAssembly.Memory;
  gemm(
    a: number,
    b: number,
    c: number,
    mp: number,
    np: number,
    kc: number,
    strideA: number,
    strideB: number,
    ldc: number,
    aStep: number,
    bStep: number,
    overwrite: number,
    bias: number,
  ): void;
  pack(src: number, dst: number, rows: number, k: number, rs: number, ps: number, lw: number): void;
  packT(src: number, dst: number, rows: number, k: number, ps: number, lw: number): void;
  packRows4(src: number, dst: number, rows: number, k: number, rs: number): void;
  packRows8(src: number, dst: number, rows: number, k: number, rs: number): void;
  axpy(x: number, y: number, out: number, n4: number, alpha: number): void;
  [name: string]: unknown;
}

const LOG_MR = Math.log2(GEMM_MR);
const LOG_NR = Math.log2(GEMM_NR);
/** First byte of the memory for operands (below it: the module's own constants). */
const BASE = KERNEL_DATA_BYTES;

/** True when `shape` (right-aligned, leading 1s ignored) equals the trailing axes of `outShape`. */
function isTrailingRow(shape: Shape, outShape: Shape): boolean {
  let first = 0;
  while (first < shape.length && shape[first] === 1) first++;
  const len = shape.length - first;
  const off = outShape.length - len;
  if (off < 0) return false;
  for (let i = 0; i < len; i++) if (shape[first + i] !== outShape[off + i]) return false;
  return true;
}

/** True for null or a Float32Array. */
function f32(t: TypedArray | null): boolean {
  return t === null || t instanceof Float32Array;
}

function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** The WebAssembly backend: the {@link Kernels} interface (no extra methods). */
export type WasmKernels = Kernels;

/** Options of {@link createWasmKernels}. */
export interface WasmKernelsOptions {
  /** Backend for everything not run in WebAssembly (default: the tuned TypeScript kernels). */
  readonly fallback?: Kernels;
  /**
   * Elementwise ops with fewer elements stay in TypeScript (default 128: below that the copies in
   * and out cost more than the SIMD loop saves; at 1024 elements f32x4 is ~4x faster).
   */
  readonly minElementwise?: number;
  /** Matmuls with fewer than this many multiply–adds stay in TypeScript (default 512). */
  readonly minMatmulMacs?: number;
}

const KC = 256; // k steps per gemm call: a 8-column B panel slice is 8 KB, stays in L1
const MC_PANELS = 16; // 64 rows of A per call: 64 KB, stays in L2
const RAW_PANEL_MAX = 4096; // operands of up to 16 KB are read unpacked when in panel form
const ORIGIN = [0];
const ROWS = [0];

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

/** True when this runtime can compile WebAssembly with fixed-width SIMD. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(buildKernelModule(1));
  } catch {
    return false;
  }
}

/**
 * Creates the WebAssembly SIMD backend (select it with `setKernels`). Returns null when the
 * runtime has no WebAssembly SIMD, so callers can keep the TypeScript kernels.
 */
export function createWasmKernels(options: WasmKernelsOptions = {}): WasmKernels | null {
  if (options === null || typeof options !== 'object') {
    throw new ArgumentError(
      `createWasmKernels: expected an options object, got ${describe(options)}`,
    );
  }
  if (!wasmSimdSupported()) return null;
  const fallback = options.fallback ?? fastKernels;
  const minElementwise = options.minElementwise ?? 128;
  const minMatmulMacs = options.minMatmulMacs ?? 512;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(buildKernelModule()), {});
  const ex = instance.exports as unknown as Exports;
  const memory = ex.memory;
  let heap = new Float32Array(memory.buffer);
  // Only reserve() grows the memory, so the view's length is the memory's (reading
  // memory.buffer on every call was a measurable part of a small op).
  let capacity = heap.byteLength;

  /** Makes the memory at least `bytes` long; returns the current f32 view. */
  function reserve(bytes: number): Float32Array {
    if (bytes > capacity) {
      memory.grow(Math.ceil((bytes - capacity) / 65536));
      heap = new Float32Array(memory.buffer);
      capacity = heap.byteLength;
    }
    return heap;
  }

  function packInto(
    src: number,
    dst: number,
    rows: number,
    k: number,
    rs: number,
    ps: number,
    lw: number,
  ): void {
    if (ps === 4 && rows % 4 === 0 && k % 4 === 0) {
      (lw === LOG_MR ? ex.packRows4 : ex.packRows8)(src, dst, rows, k, rs);
    } else if (rs === 4 && ps !== 4) ex.packT(src, dst, rows, k, ps, lw);
    else ex.pack(src, dst, rows, k, rs, ps, lw);
  }

  /** True when a float32 product is worth running in WebAssembly. */
  function inWasm(out: TypedArray, m: number, k: number, n: number): boolean {
    return out instanceof Float32Array && k > 0 && m > 0 && n > 0 && m * n * k >= minMatmulMacs;
  }

  function matmul(
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
    if (inWasm(out, m, k, n)) product(a, aOffsets, b, bOffsets, out, m, k, n, transA, transB, null);
    else fallback.matmul(a, aOffsets, b, bOffsets, out, m, k, n, transA, transB);
  }

  function linear(
    x: TypedArray,
    w: TypedArray,
    bias: TypedArray | null,
    out: TypedArray,
    m: number,
    k: number,
    n: number,
  ): void {
    if (inWasm(out, m, k, n) && (bias === null || bias instanceof Float32Array))
      product(x, ORIGIN, w, ORIGIN, out, m, k, n, false, true, bias);
    else fallback.linear(x, w, bias, out, m, k, n);
  }

  /** {@link Kernels.matmul} in WebAssembly, plus `bias` (length n, or null) added to every row. */
  function product(
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
    bias: TypedArray | null,
  ): void {
    // Memory: raw A | raw B | the product's scratch (byte offsets, 16-byte aligned).
    const rawA = BASE;
    const rawB = align16(rawA + m * k * 4);
    const scratch = align16(rawB + k * n * 4);
    reserve(scratch);
    const batch = aOffsets.length;
    let lastA = -1;
    let lastB = -1;
    for (let t = 0; t < batch; t++) {
      const ao = aOffsets[t] as number;
      const bo = bOffsets[t] as number;
      if (ao !== lastA)
        heap.set(ao === 0 && a.length === m * k ? a : a.subarray(ao, ao + m * k), rawA / 4);
      if (bo !== lastB)
        heap.set(bo === 0 && b.length === k * n ? b : b.subarray(bo, bo + k * n), rawB / 4);
      const c = multiply(
        rawA,
        rawB,
        scratch,
        m,
        k,
        n,
        transA,
        transB,
        bias,
        ao !== lastA,
        bo !== lastB,
      );
      copyOut(c, out, t * m * n, m, n);
      lastA = ao;
      lastB = bo;
    }
  }

  /**
   * `C = op(A) op(B)` (plus the row `bias` unless null) for raw operands already in memory at
   * byte offsets `rawA` and `rawB` (stored as {@link Kernels.matmul} says); packs what is not in
   * panel form (only when `newA` / `newB`: else the last call's panels are reused) and lays out
   * packed A | packed B | C | bias from `scratch`. Returns C's byte offset (rows
   * `ceil(n / 8) * 8` floats apart).
   */
  function multiply(
    rawA: number,
    rawB: number,
    scratch: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    bias: TypedArray | null,
    newA: boolean,
    newB: boolean,
  ): number {
    const mp = Math.ceil(m / GEMM_MR);
    const np = Math.ceil(n / GEMM_NR);
    const ldcF = np * GEMM_NR;
    const aF = mp * GEMM_MR * k;
    const bF = np * GEMM_NR * k;
    const cF = mp * GEMM_MR * ldcF;
    const aPtr = scratch;
    const bPtr = aPtr + aF * 4;
    const cPtr = bPtr + bF * 4;
    const biasPtr = cPtr + cF * 4;
    const mem = reserve(biasPtr + ldcF * 4);
    if (bias !== null) mem.set(bias, biasPtr / 4);
    // Byte strides of element (i, p) of op(A) and (j, p) of op(B)ᵀ in the raw copies.
    const ars = (transA ? 1 : k) * 4;
    const aps = (transA ? m : 1) * 4;
    const brs = (transB ? k : 1) * 4;
    const bps = (transB ? 1 : n) * 4;
    // Small operands already in panel form are read in place instead of packed (packing is
    // most of the cost of a 32 x 32 product; large ones are packed for locality).
    const rawPanelsA = transA && m % GEMM_MR === 0 && m * k <= RAW_PANEL_MAX;
    const rawPanelsB = !transB && n % GEMM_NR === 0 && k * n <= RAW_PANEL_MAX;
    const panelsA = rawPanelsA ? rawA : aPtr;
    const panelsB = rawPanelsB ? rawB : bPtr;
    const strideA = rawPanelsA ? GEMM_MR * 4 : GEMM_MR * k * 4;
    const strideB = rawPanelsB ? GEMM_NR * 4 : GEMM_NR * k * 4;
    const aStep = rawPanelsA ? m * 4 : GEMM_MR * 4;
    const bStep = rawPanelsB ? n * 4 : GEMM_NR * 4;
    const ldc = ldcF * 4;
    if (newA && !rawPanelsA) {
      if (m % GEMM_MR !== 0) mem.fill(0, aPtr / 4, aPtr / 4 + aF);
      packInto(rawA, aPtr, m, k, ars, aps, LOG_MR);
    }
    if (newB && !rawPanelsB) {
      if (n % GEMM_NR !== 0) mem.fill(0, bPtr / 4, bPtr / 4 + bF);
      packInto(rawB, bPtr, n, k, brs, bps, LOG_NR);
    }
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      for (let ic = 0; ic < mp; ic += MC_PANELS) {
        ex.gemm(
          panelsA + ic * strideA + pc * aStep,
          panelsB + pc * bStep,
          cPtr + ic * GEMM_MR * ldc,
          Math.min(MC_PANELS, mp - ic),
          np,
          kc,
          strideA,
          strideB,
          ldc,
          aStep,
          bStep,
          pc === 0 ? 1 : 0,
          pc === 0 && bias !== null ? biasPtr : 0,
        );
      }
    }
    return cPtr;
  }

  /**
   * Copies the `m x n` product at byte offset `cPtr` (rows padded to whole B panels) into `out`
   * from index `at`.
   */
  function copyOut(cPtr: number, out: TypedArray, at: number, m: number, n: number): void {
    const ldcF = Math.ceil(n / GEMM_NR) * GEMM_NR;
    const c0 = cPtr / 4;
    if (n === ldcF) out.set(heap.subarray(c0, c0 + m * n), at);
    else
      for (let i = 0; i < m; i++)
        out.set(heap.subarray(c0 + i * ldcF, c0 + i * ldcF + n), at + i * n);
  }

  function linearBackward(
    g: TypedArray,
    x: TypedArray,
    w: TypedArray,
    gx: TypedArray | null,
    gw: TypedArray | null,
    gb: TypedArray | null,
    m: number,
    k: number,
    n: number,
  ): void {
    if (
      !(g instanceof Float32Array && f32(x) && f32(w) && f32(gx) && f32(gw) && f32(gb)) ||
      g.length !== m * n ||
      x.length !== m * k ||
      w.length !== n * k ||
      !inWasm(g, m, k, n)
    ) {
      fallback.linearBackward(g, x, w, gx, gw, gb, m, k, n);
      return;
    }
    // Memory: g | x | w | each product's scratch. g is copied in once for all three (so gx may
    // be g's own array).
    const gPtr = BASE;
    const xPtr = align16(gPtr + m * n * 4);
    const wPtr = align16(xPtr + m * k * 4);
    const scratch = align16(wPtr + n * k * 4);
    reserve(scratch + align16(n * 4));
    heap.set(g, gPtr / 4);
    // gb and gw first, gx (which may overwrite the array g) last.
    if (gb !== null) {
      if (n % 4 === 0) {
        heap.fill(0, scratch / 4, scratch / 4 + n);
        (ex.colsum as (x: number, out: number, rows: number, c4: number) => void)(
          gPtr,
          scratch,
          m,
          n >>> 2,
        );
        gb.set(heap.subarray(scratch / 4, scratch / 4 + n));
      } else fallback.reduce('sum', g, [m, n], ROWS, gb);
    }
    if (gw !== null) {
      heap.set(x, xPtr / 4);
      copyOut(multiply(gPtr, xPtr, scratch, n, m, k, true, false, null, true, true), gw, 0, n, k);
    }
    if (gx !== null) {
      heap.set(w, wPtr / 4);
      copyOut(multiply(gPtr, wPtr, scratch, m, n, k, false, false, null, true, true), gx, 0, m, k);
    }
  }

  function binary(
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
    if (n < minElementwise) {
      fallback.binary(kind, a, aShape, b, bShape, out, outShape);
      return;
    }
    if (kind === 'tanhBackward') {
      tanhBackward(a, b, out, () => fallback.binary(kind, a, aShape, b, bShape, out, outShape));
      return;
    }
    const simd = binaryToSimd[kind];
    if (
      simd === undefined ||
      n < minElementwise ||
      !(out instanceof Float32Array) ||
      a.length !== n
    ) {
      fallback.binary(kind, a, aShape, b, bShape, out, outShape);
      return;
    }
    const bn = b.length;
    // Same shape, a scalar b, or a row b (`[..., c] op [c]`, c a multiple of 4: bias adds).
    const row =
      bn !== n && bn !== 1 && bn % 4 === 0 && n % bn === 0 && isTrailingRow(bShape, outShape);
    if (!(bn === n || bn === 1 || row)) {
      fallback.binary(kind, a, aShape, b, bShape, out, outShape);
      return;
    }
    const n4 = n >>> 2;
    const aPtr = BASE;
    const bPtr = aPtr + align16(n * 4);
    const oPtr = bPtr + align16(Math.max(bn, 4) * 4);
    const mem = reserve(oPtr + n * 4);
    mem.set(a, aPtr / 4);
    mem.set(b, bPtr / 4);
    if (row) {
      const fn = ex[`${simd}VV`] as Fn4;
      const rowBytes = bn * 4;
      for (let r = 0; r < n; r += bn) fn(aPtr + r * 4, bPtr, oPtr + r * 4, rowBytes >>> 4);
    } else {
      const fn = ex[`${simd}${bn === 1 ? 'VS' : 'VV'}`] as Fn4;
      fn(aPtr, bPtr, oPtr, n4);
    }
    const done = row ? n : n4 * 4;
    out.set(mem.subarray(oPtr / 4, oPtr / 4 + done));
    if (done < n) {
      // The last 1..3 elements: same kernel as the fallback, on a view of the tail.
      const rest = n - done;
      fallback.binary(
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

  function unary(kind: UnaryKind, x: TypedArray, out: TypedArray): void {
    const n = x.length;
    const simd = kind === 'tanh' || kind in SIMD_UNARY;
    if (!simd || n < minElementwise || !(x instanceof Float32Array)) {
      fallback.unary(kind, x, out);
      return;
    }
    const n4 = n >>> 2;
    const oPtr = BASE + align16(n * 4);
    const mem = reserve(oPtr + n * 4);
    mem.set(x, BASE / 4);
    const name = kind === 'tanh' ? 'tanhAccurate' : `${kind as SimdUnaryKind}U`;
    (ex[name] as (x: number, out: number, n4: number) => void)(BASE, oPtr, n4);
    out.set(mem.subarray(oPtr / 4, oPtr / 4 + n4 * 4));
    if (n4 * 4 < n) fallback.unary(kind, x.subarray(n4 * 4), out.subarray(n4 * 4));
  }

  /**
   * Copies two same-length float32 operands into memory, runs `kernel(a, b, out, n4, s)` on their
   * whole groups of four and copies those back to `out`; returns how many elements that covered
   * (the caller finishes the last 0..3 on the fallback).
   */
  function pairwise(
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
    const mem = reserve(oPtr + n * 4);
    mem.set(a, BASE / 4);
    mem.set(b, bPtr / 4);
    kernel(BASE, bPtr, oPtr, n4, s);
    out.set(mem.subarray(oPtr / 4, oPtr / 4 + n4 * 4));
    return n4 * 4;
  }

  /** Float32 arrays in f64x2 (identical results to the fallback's); anything else there. */
  function axpy(alpha: number, x: TypedArray, y: TypedArray, out: TypedArray): void {
    const n = out.length;
    if (
      n < minElementwise ||
      !(out instanceof Float32Array && x instanceof Float32Array && y instanceof Float32Array) ||
      x.length !== n ||
      y.length !== n
    ) {
      fallback.axpy(alpha, x, y, out);
      return;
    }
    const done = pairwise(ex.axpy, x, y, out, alpha);
    if (done < n) fallback.axpy(alpha, x.subarray(done), y.subarray(done), out.subarray(done));
  }

  /** Same-shape float32 operands in f64x2 (identical results); anything else via `other`. */
  function tanhBackward(g: TypedArray, y: TypedArray, out: TypedArray, other: () => void): void {
    const n = out.length;
    if (
      !(out instanceof Float32Array && g instanceof Float32Array && y instanceof Float32Array) ||
      n < minElementwise ||
      g.length !== n ||
      y.length !== n
    ) {
      other();
      return;
    }
    const done = pairwise(ex.tanhBackwardVV as Fn4, g, y, out, 0);
    if (done < n) {
      const rest = [n - done];
      fallback.binary(
        'tanhBackward',
        g.subarray(done),
        rest,
        y.subarray(done),
        rest,
        out.subarray(done),
        rest,
      );
    }
  }

  function reduce(
    kind: ReduceKind,
    x: TypedArray,
    shape: Shape,
    axes: readonly number[],
    out: TypedArray,
  ): void {
    // Sums over leading axes with a row length that is a multiple of 4: bias gradients.
    const cols = out.length;
    let leading = kind === 'sum' && x instanceof Float32Array && x.length >= minElementwise;
    for (let i = 0; i < axes.length && leading; i++) if (axes[i] !== i) leading = false;
    if (!leading || cols % 4 !== 0 || cols === 0 || axes.length === shape.length) {
      fallback.reduce(kind, x, shape, axes, out);
      return;
    }
    const rows = x.length / cols;
    const oPtr = BASE + align16(x.length * 4);
    const mem = reserve(oPtr + cols * 4);
    mem.set(x, BASE / 4);
    mem.fill(0, oPtr / 4, oPtr / 4 + cols);
    (ex.colsum as (x: number, out: number, rows: number, c4: number) => void)(
      BASE,
      oPtr,
      rows,
      cols >>> 2,
    );
    out.set(mem.subarray(oPtr / 4, oPtr / 4 + cols));
  }

  return {
    name: 'wasm-simd',
    unary,
    binary,
    reduce,
    matmul,
    linear,
    linearBackward,
    axpy,
    permute: fallback.permute,
    gatherStrided: fallback.gatherStrided,
    scatterStrided: fallback.scatterStrided,
  };
}
