/**
 * Matrix products in WebAssembly: operands copied into the module's memory, packed into the
 * panels the gemm kernel reads (or read in place when already in that form), the product run in
 * blocks of k steps and rows, and the result copied out. Also `linear` and its backward.
 */
import type { TypedArray } from '../../dtype.js';
import { align16, BASE, f32, type WasmContext } from './context.js';
import { GEMM_MR, GEMM_NR } from './module.js';

const LOG_MR = Math.log2(GEMM_MR);
const LOG_NR = Math.log2(GEMM_NR);
const KC = 256; // k steps per gemm call: a 8-column B panel slice is 8 KB, stays in L1
const MC_PANELS = 16; // 64 rows of A per call: 64 KB, stays in L2
const RAW_PANEL_MAX = 4096; // operands of up to 16 KB are read unpacked when in panel form
const ORIGIN = [0];
const ROWS = [0];

export function packInto(
  ctx: WasmContext,
  src: number,
  dst: number,
  rows: number,
  k: number,
  rs: number,
  ps: number,
  lw: number,
): void {
  if (ps === 4 && rows % 4 === 0 && k % 4 === 0) {
    (lw === LOG_MR ? ctx.ex.packRows4 : ctx.ex.packRows8)(src, dst, rows, k, rs);
  } else if (rs === 4 && ps !== 4) packT(ctx, src, dst, rows, k, ps, lw);
  else ctx.ex.pack(src, dst, rows, k, rs, ps, lw);
}

/**
 * pack.wat's `packT` (rows contiguous in the source, k steps `ps` bytes apart): whole panels a
 * vector at a time (`packTv`), the last partial one, if any, a float at a time.
 */
export function packT(
  ctx: WasmContext,
  src: number,
  dst: number,
  rows: number,
  k: number,
  ps: number,
  lw: number,
): void {
  const whole = rows >>> lw;
  if (whole > 0) ctx.ex.packTv(src, dst, whole, k, ps, lw);
  const done = whole << lw;
  if (done < rows) ctx.ex.packT(src + done * 4, dst + done * k * 4, rows - done, k, ps, lw);
}

/** True when a float32 product is worth running in WebAssembly. */
export function inWasm(
  ctx: WasmContext,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
): boolean {
  return out instanceof Float32Array && k > 0 && m > 0 && n > 0 && m * n * k >= ctx.minMatmulMacs;
}

export function matmul(
  ctx: WasmContext,
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
  if (inWasm(ctx, out, m, k, n))
    product(ctx, a, aOffsets, b, bOffsets, out, m, k, n, transA, transB, null);
  else ctx.fallback.matmul(a, aOffsets, b, bOffsets, out, m, k, n, transA, transB);
}

export function linear(
  ctx: WasmContext,
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray | null,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
): void {
  if (inWasm(ctx, out, m, k, n) && (bias === null || bias instanceof Float32Array))
    product(ctx, x, ORIGIN, w, ORIGIN, out, m, k, n, false, true, bias);
  else ctx.fallback.linear(x, w, bias, out, m, k, n);
}

/** {@link Kernels.matmul} in WebAssembly, plus `bias` (length n, or null) added to every row. */
export function product(
  ctx: WasmContext,
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
  ctx.reserve(scratch);
  const batch = aOffsets.length;
  let lastA = -1;
  let lastB = -1;
  for (let t = 0; t < batch; t++) {
    const ao = aOffsets[t] as number;
    const bo = bOffsets[t] as number;
    if (ao !== lastA)
      ctx.heap.set(ao === 0 && a.length === m * k ? a : a.subarray(ao, ao + m * k), rawA / 4);
    if (bo !== lastB)
      ctx.heap.set(bo === 0 && b.length === k * n ? b : b.subarray(bo, bo + k * n), rawB / 4);
    const c = multiply(
      ctx,
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
    copyOut(ctx, c, out, t * m * n, m, n);
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
export function multiply(
  ctx: WasmContext,
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
  const mem = ctx.reserve(biasPtr + ldcF * 4);
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
    packInto(ctx, rawA, aPtr, m, k, ars, aps, LOG_MR);
  }
  if (newB && !rawPanelsB) {
    if (n % GEMM_NR !== 0) mem.fill(0, bPtr / 4, bPtr / 4 + bF);
    packInto(ctx, rawB, bPtr, n, k, brs, bps, LOG_NR);
  }
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let ic = 0; ic < mp; ic += MC_PANELS) {
      ctx.ex.gemm(
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
export function copyOut(
  ctx: WasmContext,
  cPtr: number,
  out: TypedArray,
  at: number,
  m: number,
  n: number,
): void {
  const ldcF = Math.ceil(n / GEMM_NR) * GEMM_NR;
  const c0 = cPtr / 4;
  if (n === ldcF) out.set(ctx.heap.subarray(c0, c0 + m * n), at);
  else
    for (let i = 0; i < m; i++)
      out.set(ctx.heap.subarray(c0 + i * ldcF, c0 + i * ldcF + n), at + i * n);
}

export function linearBackward(
  ctx: WasmContext,
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
    !inWasm(ctx, g, m, k, n)
  ) {
    ctx.fallback.linearBackward(g, x, w, gx, gw, gb, m, k, n);
    return;
  }
  // Memory: g | x | w | each product's scratch. g is copied in once for all three (so gx may
  // be g's own array).
  const gPtr = BASE;
  const xPtr = align16(gPtr + m * n * 4);
  const wPtr = align16(xPtr + m * k * 4);
  const scratch = align16(wPtr + n * k * 4);
  ctx.reserve(scratch + align16(n * 4));
  ctx.heap.set(g, gPtr / 4);
  // gb and gw first, gx (which may overwrite the array g) last.
  if (gb !== null) {
    if (n % 4 === 0) {
      ctx.heap.fill(0, scratch / 4, scratch / 4 + n);
      (ctx.ex.colsum as (x: number, out: number, rows: number, c4: number) => void)(
        gPtr,
        scratch,
        m,
        n >>> 2,
      );
      gb.set(ctx.heap.subarray(scratch / 4, scratch / 4 + n));
    } else ctx.fallback.reduce('sum', g, [m, n], ROWS, gb);
  }
  if (gw !== null) {
    ctx.heap.set(x, xPtr / 4);
    copyOut(
      ctx,
      multiply(ctx, gPtr, xPtr, scratch, n, m, k, true, false, null, true, true),
      gw,
      0,
      n,
      k,
    );
  }
  if (gx !== null) {
    ctx.heap.set(w, wPtr / 4);
    copyOut(
      ctx,
      multiply(ctx, gPtr, wPtr, scratch, m, n, k, false, false, null, true, true),
      gx,
      0,
      m,
      k,
    );
  }
}
