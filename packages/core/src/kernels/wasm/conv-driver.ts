/**
 * Convolutions in WebAssembly (float32; float64 goes to the fallback): per image, the input is
 * copied into the module's memory with its zero padding written out (`padCopy`), so that tap `kk`
 * of output position `s` reads at `origins[s] + table[kk]` (both tables computed here once per
 * call), and:
 * - forward: `convGemm`, an indirect gemm (as XNNPACK's igemm), reads the 4 output positions of
 *   each register block straight from the padded image through the tables, against the weight in
 *   the gemm's B panels, and adds the bias; no column matrix is written and read back (10% of the
 *   time of im2col + gemm on the BENCHMARKS convolution);
 * - input gradient: `cols = wᵀ @ g` per image on gemm.wat's gemm, added back into the padded
 *   image (`col2imRows`), whose interior is the gradient (`crop`);
 * - weight gradient: `gw += g @ colsᵀ` over the images (`im2colRows`, then the gemm),
 *   accumulated in the gemm's output.
 */
import type { TypedArray } from '../../dtype.js';
import type { ConvGeometry } from '../kernels.js';
import { align16, BASE, type WasmContext } from './context.js';
import { packT } from './gemm-driver.js';
import { GEMM_MR, GEMM_NR } from './module.js';

const KC = 256; // k steps per gemm call (as gemm-driver.ts)
const MC_PANELS = 16; // A panels per gemm call

/** The conv kernels' exports of the module (byte offsets in its memory). */
interface ConvExports {
  padCopy(
    src: number,
    dst: number,
    planes: number,
    h: number,
    w: number,
    hp: number,
    wp: number,
    top: number,
    left: number,
  ): void;
  crop(
    src: number,
    dst: number,
    planes: number,
    h: number,
    w: number,
    hp: number,
    wp: number,
    top: number,
    left: number,
  ): void;
  im2colRows(
    src: number,
    dst: number,
    table: number,
    k: number,
    origins: number,
    quads: number,
    l: number,
    ld: number,
  ): void;
  col2imRows(
    src: number,
    dst: number,
    table: number,
    k: number,
    origins: number,
    quads: number,
    l: number,
    ld: number,
  ): void;
}

const up = (n: number, m: number) => Math.ceil(n / m) * m;

/** The padded image's size: every tap of every output position reads inside it. */
function padded(geo: ConvGeometry): [number, number] {
  const hp = Math.max(geo.h + geo.ph, (geo.oh - 1) * geo.sh + (geo.kh - 1) * geo.dh + 1);
  const wp = Math.max(geo.w + geo.pw, (geo.ow - 1) * geo.sw + (geo.kw - 1) * geo.dw + 1);
  return [hp, wp];
}

/** Where the tables are and how long the columns are. */
interface Tables {
  readonly table: number;
  readonly origins: number;
  readonly quads: number;
  /** First free byte after the tables. */
  readonly end: number;
}

/**
 * Writes, from byte `at`, the tap offsets of one group's `cg` channels (`table`), the window
 * corner of each output position (`origins`, repeated to a multiple of 8) and the quad flags.
 */
function writeTables(
  ctx: WasmContext,
  at: number,
  geo: ConvGeometry,
  cg: number,
  hp: number,
  wp: number,
): Tables {
  const { kh, kw, oh, ow, sh, sw, dh, dw } = geo;
  const k = cg * kh * kw;
  const l = oh * ow;
  const l8 = up(Math.max(l, 1), 8);
  const table = at;
  const origins = align16(table + k * 4);
  const quads = align16(origins + l8 * 4);
  const end = align16(quads + l8 / 4);
  ctx.reserve(end);
  const i32 = new Int32Array(ctx.ex.memory.buffer);
  let kk = table >> 2;
  for (let ci = 0; ci < cg; ci++)
    for (let p = 0; p < kh; p++)
      for (let q = 0; q < kw; q++) i32[kk++] = ((ci * hp + p * dh) * wp + q * dw) * 4;
  const o = origins >> 2;
  let s = 0;
  for (let i = 0; i < oh; i++)
    for (let j = 0; j < ow; j++) i32[o + s++] = (i * sh * wp + j * sw) * 4;
  const last = l > 0 ? (i32[o + l - 1] as number) : 0;
  for (; s < l8; s++) i32[o + s] = last;
  const u8 = new Uint8Array(ctx.ex.memory.buffer);
  for (let qd = 0; qd < l8 / 4; qd++) {
    const b = o + 4 * qd;
    const first = i32[b] as number;
    u8[quads + qd] =
      4 * qd + 3 < l &&
      i32[b + 1] === first + 4 &&
      i32[b + 2] === first + 8 &&
      i32[b + 3] === first + 12
        ? 1
        : 0;
  }
  return { table, origins, quads, end };
}

/** Copies image `b` of `x` (`planes x h x w`) in at `raw` and pads it into `pad` (unless `pad === raw`). */
function imageIn(
  ctx: WasmContext,
  x: TypedArray,
  b: number,
  geo: ConvGeometry,
  planes: number,
  hp: number,
  wp: number,
  raw: number,
  pad: number,
): void {
  const size = planes * geo.h * geo.w;
  ctx.heap.set(x.subarray(b * size, (b + 1) * size), raw >> 2);
  if (pad !== raw)
    (ctx.ex as unknown as ConvExports).padCopy(
      raw,
      pad,
      planes,
      geo.h,
      geo.w,
      hp,
      wp,
      geo.ph,
      geo.pw,
    );
}

/** `C (+)= A B` over `kc`-blocks of k and `MC_PANELS` blocks of A's panels (packed A, B panels). */
function gemm(
  ctx: WasmContext,
  a: number,
  b: number,
  c: number,
  mp: number,
  np: number,
  k: number,
  ldcFloats: number,
  overwrite: boolean,
  bStride = GEMM_NR * k * 4,
  bStep = GEMM_NR * 4,
): void {
  const strideA = GEMM_MR * k * 4;
  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let ic = 0; ic < mp; ic += MC_PANELS) {
      ctx.ex.gemm(
        a + ic * strideA + pc * GEMM_MR * 4,
        b + pc * bStep,
        c + ic * GEMM_MR * ldcFloats * 4,
        Math.min(MC_PANELS, mp - ic),
        np,
        kc,
        strideA,
        bStride,
        ldcFloats * 4,
        GEMM_MR * 4,
        bStep,
        overwrite && pc === 0 ? 1 : 0,
        0,
      );
    }
  }
}

/** Copies `rows x n` of C (rows `ldc` floats apart, from byte `c`) to `out` from index `at`. */
function copyRows(
  ctx: WasmContext,
  c: number,
  ldc: number,
  rows: number,
  n: number,
  out: TypedArray,
  at: number,
): void {
  const c0 = c >> 2;
  if (ldc === n) out.set(ctx.heap.subarray(c0, c0 + rows * n), at);
  else
    for (let r = 0; r < rows; r++)
      out.set(ctx.heap.subarray(c0 + r * ldc, c0 + r * ldc + n), at + r * n);
}

export function conv2d(
  ctx: WasmContext,
  x: TypedArray,
  w: TypedArray,
  bias: TypedArray | null,
  out: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, c, h, w: wd, o, kh, kw, oh, ow, groups } = geo;
  const cg = c / groups;
  const og = o / groups;
  const k = cg * kh * kw;
  const l = oh * ow;
  if (n === 0 || l === 0 || o === 0) return;
  const [hp, wp] = padded(geo);
  const np = Math.ceil(og / GEMM_NR);
  const tiles = Math.ceil(l / 4);
  const ldc = tiles * 4;
  const t = writeTables(ctx, BASE, geo, cg, hp, wp);
  // Memory: tables | weight panels of every group | bias panels | raw image | padded image | C.
  const wPtr = t.end;
  const wGroup = np * GEMM_NR * k * 4;
  const bPtr = align16(wPtr + groups * wGroup);
  const raw = align16(bPtr + (bias === null ? 0 : groups * np * GEMM_NR * 4));
  const noPad = hp === h && wp === wd;
  const pad = noPad ? raw : align16(raw + c * h * wd * 4);
  const cPtr = align16(pad + c * hp * wp * 4);
  ctx.reserve(cPtr + np * GEMM_NR * ldc * 4);
  // Each group's [og x k] weight as B panels of 8 channels (per tap the 8 channels' floats side
  // by side, zero channels after og), and its bias as 8 floats per panel.
  const heap = ctx.heap;
  heap.fill(0, wPtr >> 2, raw >> 2);
  for (let g = 0; g < groups; g++) {
    const base = (wPtr + g * wGroup) >> 2;
    for (let r = 0; r < og; r++) {
      const row = (g * og + r) * k;
      const d = base + (r >> 3) * GEMM_NR * k + (r & 7);
      for (let p = 0; p < k; p++) heap[d + p * GEMM_NR] = w[row + p] as number;
      if (bias !== null) heap[(bPtr >> 2) + g * np * GEMM_NR + r] = bias[g * og + r] as number;
    }
  }
  for (let b = 0; b < n; b++) {
    imageIn(ctx, x, b, geo, c, hp, wp, raw, pad);
    for (let g = 0; g < groups; g++) {
      ctx.ex.convGemm(
        pad + g * cg * hp * wp * 4,
        wPtr + g * wGroup,
        cPtr,
        t.table,
        k,
        t.origins,
        t.quads,
        tiles,
        np,
        ldc * 4,
        bias === null ? 0 : bPtr + g * np * GEMM_NR * 4,
      );
      copyRows(ctx, cPtr, ldc, og, l, out, (b * o + g * og) * l);
    }
  }
}

export function conv2dInputGrad(
  ctx: WasmContext,
  gy: TypedArray,
  w: TypedArray,
  gx: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, c, h, w: wd, o, kh, kw, oh, ow, groups } = geo;
  const cg = c / groups;
  const og = o / groups;
  const k = cg * kh * kw;
  const l = oh * ow;
  if (n === 0 || c === 0 || h === 0 || wd === 0) return;
  if (l === 0 || o === 0) {
    gx.fill(0, 0, n * c * h * wd);
    return;
  }
  const [hp, wp] = padded(geo);
  const mp = Math.ceil(k / GEMM_MR);
  const np = Math.ceil(l / GEMM_NR);
  const ldc = np * GEMM_NR;
  const inPlaceB = l % GEMM_NR === 0;
  const t = writeTables(ctx, BASE, geo, cg, hp, wp);
  // Memory: tables | A = wᵀ panels per group | g's image | B panels | C = cols | padded gx | gx.
  const aPtr = t.end;
  const aGroup = mp * GEMM_MR * og * 4;
  const gRaw = align16(aPtr + groups * aGroup);
  const bPtr = align16(gRaw + o * l * 4);
  const cPtr = align16(bPtr + (inPlaceB ? 0 : np * GEMM_NR * og * 4));
  const pad = align16(cPtr + mp * GEMM_MR * ldc * 4);
  const compact = align16(pad + c * hp * wp * 4);
  ctx.reserve(compact + c * h * wd * 4);
  // A: each group's wᵀ ([k x og]) in panels of 4 rows (taps), zero rows after k.
  const heap = ctx.heap;
  heap.fill(0, aPtr >> 2, (aPtr + groups * aGroup) >> 2);
  for (let g = 0; g < groups; g++) {
    const base = (aPtr + g * aGroup) >> 2;
    for (let r = 0; r < og; r++) {
      const row = (g * og + r) * k;
      for (let p = 0; p < k; p++)
        heap[base + (p >> 2) * GEMM_MR * og + r * GEMM_MR + (p & 3)] = w[row + p] as number;
    }
  }
  if (!inPlaceB) heap.fill(0, bPtr >> 2, (bPtr >> 2) + np * GEMM_NR * og);
  const ex = ctx.ex as unknown as ConvExports;
  for (let b = 0; b < n; b++) {
    heap.set(gy.subarray(b * o * l, (b + 1) * o * l), gRaw >> 2);
    heap.fill(0, pad >> 2, (pad >> 2) + c * hp * wp);
    for (let g = 0; g < groups; g++) {
      const gSrc = gRaw + g * og * l * 4;
      // B = g's rows of this group ([og x l], k x n): read in place when l fills whole panels.
      if (inPlaceB)
        gemm(ctx, aPtr + g * aGroup, gSrc, cPtr, mp, np, og, ldc, true, GEMM_NR * 4, l * 4);
      else {
        packT(ctx, gSrc, bPtr, l, og, l * 4, 3);
        gemm(ctx, aPtr + g * aGroup, bPtr, cPtr, mp, np, og, ldc, true);
      }
      ex.col2imRows(cPtr, pad + g * cg * hp * wp * 4, t.table, k, t.origins, t.quads, l, ldc);
    }
    ex.crop(pad, compact, c, h, wd, hp, wp, geo.ph, geo.pw);
    gx.set(ctx.heap.subarray(compact >> 2, (compact >> 2) + c * h * wd), b * c * h * wd);
  }
}

export function conv2dWeightGrad(
  ctx: WasmContext,
  gy: TypedArray,
  x: TypedArray,
  gw: TypedArray,
  geo: ConvGeometry,
): void {
  const { n, c, h, w: wd, o, kh, kw, oh, ow, groups } = geo;
  const cg = c / groups;
  const og = o / groups;
  const k = cg * kh * kw;
  const l = oh * ow;
  if (n === 0 || l === 0 || k === 0 || og === 0) {
    gw.fill(0, 0, o * k);
    return;
  }
  const [hp, wp] = padded(geo);
  const mp = Math.ceil(og / GEMM_MR);
  const np = Math.ceil(k / GEMM_NR);
  const ldc = np * GEMM_NR;
  const ld = up(l, 4);
  const t = writeTables(ctx, BASE, geo, cg, hp, wp);
  // Memory: tables | raw image | padded image | g's image | A panels | cols | B panels | C per group.
  const raw = t.end;
  const noPad = hp === h && wp === wd;
  const pad = noPad ? raw : align16(raw + c * h * wd * 4);
  const gRaw = align16(pad + c * hp * wp * 4);
  // (room for up to 3 rows past g's and the columns' last, which the 4-row packs read).
  const aPtr = align16(gRaw + (o + GEMM_MR) * l * 4);
  const cols = align16(aPtr + mp * GEMM_MR * l * 4);
  const bPtr = align16(cols + up(k, 4) * ld * 4);
  const cPtr = align16(bPtr + np * GEMM_NR * l * 4);
  const cGroup = mp * GEMM_MR * ldc * 4;
  ctx.reserve(cPtr + groups * cGroup);
  const heap = ctx.heap;
  const ex = ctx.ex as unknown as ConvExports;
  // With l a multiple of 4 both operands are packed by the vector packs, a whole number of
  // 4-row blocks: rows past og (A) and k (B) are whatever follows in memory, and only feed rows
  // and columns of C that are not copied out. Else the scalar pack, onto zeroed panels.
  const fast = l % 4 === 0;
  if (!fast) {
    heap.fill(0, aPtr >> 2, (aPtr >> 2) + mp * GEMM_MR * l);
    heap.fill(0, bPtr >> 2, (bPtr >> 2) + np * GEMM_NR * l);
  }
  for (let b = 0; b < n; b++) {
    imageIn(ctx, x, b, geo, c, hp, wp, raw, pad);
    heap.set(gy.subarray(b * o * l, (b + 1) * o * l), gRaw >> 2);
    for (let g = 0; g < groups; g++) {
      // A = g's rows of this group ([og x l]); B = colsᵀ, from the columns as rows ([k x l]).
      const gSrc = gRaw + g * og * l * 4;
      if (fast) ctx.ex.packRows4(gSrc, aPtr, up(og, 4), l, l * 4);
      else ctx.ex.pack(gSrc, aPtr, og, l, l * 4, 4, 2);
      ex.im2colRows(pad + g * cg * hp * wp * 4, cols, t.table, k, t.origins, t.quads, l, ld);
      if (fast) ctx.ex.packRows8(cols, bPtr, up(k, 4), l, ld * 4);
      else ctx.ex.pack(cols, bPtr, k, l, ld * 4, 4, 3);
      gemm(ctx, aPtr, bPtr, cPtr + g * cGroup, mp, np, l, ldc, b === 0);
    }
  }
  for (let g = 0; g < groups; g++) copyRows(ctx, cPtr + g * cGroup, ldc, og, k, gw, g * og * k);
}
