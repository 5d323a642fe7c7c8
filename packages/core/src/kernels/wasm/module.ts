/**
 * The gradscope WebAssembly SIMD kernels, emitted from TypeScript with `encoder.ts`:
 *
 * - `gemm(a, b, c, mp, np, kc, strideA, strideB, ldc, aStep, bStep, overwrite, bias)`:
 *   `C += A B` (`C = A B` when `overwrite` is 1, so the first k block needs no zeroed C; plus the
 *   row `bias`, 8 floats per B panel, added to every row when `bias` is not 0) on panels: A
 *   in panels of 4 rows (4 consecutive floats per k step, the next k step `aStep` bytes on), B in
 *   panels of 8 columns (8 consecutive floats per k step, `bStep` bytes on); panel `ip` of A
 *   starts `ip * strideA` bytes in, panel `jp` of B `jp * strideB`. Packed panels have steps 16
 *   and 32; a small row-major B (`k x n`, n a multiple of 8) or a transposed A (stored `k x m`)
 *   is already in this form with steps `4n` and `4m`, and needs no packing. For every B panel
 *   `jp < np` and A panel `ip < mp`, a 4 x 8 block of C is held in eight f32x4 registers over
 *   `kc` steps (per step: two B loads, four broadcast loads of A, eight multiplies and eight
 *   adds), then added into C (row stride `ldc` bytes). All pointers and strides are byte
 *   offsets; `mp`, `np`, `kc` must be >= 1.
 * - `pack(...)`: copies a matrix (any strides, so transposed reads are free) into that panel
 *   layout; `packT(...)` is the same for sources with contiguous rows (reads sequentially), and
 *   `packRows4` / `packRows8(...)` for sources with contiguous k steps, four rows by four k steps
 *   per 4 x 4 vector transpose.
 * - `<kind>U(x, out, n4)` for neg, abs, sqrt, square; `colsum(x, out, rows, c4)`: column sums.
 * - `tanhAccurate(src, dst, n4)`: float32 tanh rounded as `Math.fround(Math.tanh(x))`, computed
 *   in f64x2, over `n4` groups of four. It reads a 64-entry table that the module's data segment
 *   places in the first {@link KERNEL_DATA_BYTES} bytes of the memory; operands go after it.
 * - `tanhBackwardVV(g, y, out, n4)`: `g * (1 - y^2)` (0 where `1 - y^2` is 0), in f64x2.
 * - `axpy(x, y, out, n4, alpha)`: `y + alpha x`, in f64x2.
 * - `<kind>VV(a, b, out, n4)` and `<kind>VS(a, s, out, n4)` for add, sub, mul, div, max, min and
 *   the comparisons gt, ge, lt, le, eq, ne (as 1 / 0): `out[i] = a[i] op b[i]` (or `op s[0]`)
 *   over `n4` groups of four f32.
 */
import { code, encodeModule, F64, type FuncDef, I32, op, V128, type ValType } from './encoder.js';

/** Register-block size of {@link buildKernelModule}'s gemm: rows of A per panel. */
export const GEMM_MR = 4;
/** Columns of B per panel. */
export const GEMM_NR = 8;

/** `local += amount` (i32). */
function addTo(local: number, amount: readonly number[]): number[] {
  return code(op.get(local), amount, op.i32Add(), op.set(local));
}

/** `local = base + index * stride` (i32 locals). */
function setOffset(local: number, base: number, index: number, stride: number): number[] {
  return code(op.get(base), op.get(index), op.get(stride), op.i32Mul(), op.i32Add(), op.set(local));
}

/** Opens a block that is skipped (to its `end`) when local `a` or local `b` is 0. */
function skipIfZero(a: number, b: number): number[] {
  return code(op.block(), op.get(a), op.i32Eqz(), op.get(b), op.i32Eqz(), op.i32Or(), op.brIf(0));
}

/** `if (--local != 0) continue` the innermost loop. */
function countDown(local: number): number[] {
  return code(op.get(local), op.i32(1), op.i32Sub(), op.tee(local), op.brIf(0));
}

/** `if (++local < limit) continue` the innermost loop (unsigned). */
function countUpTo(local: number, limit: number): number[] {
  return code(
    op.get(local),
    op.i32(1),
    op.i32Add(),
    op.tee(local),
    op.get(limit),
    op.i32LtU(),
    op.brIf(0),
  );
}

function gemm(): FuncDef {
  // params
  const a = 0;
  const b = 1;
  const c = 2;
  const mp = 3;
  const np = 4;
  const kc = 5;
  const strideA = 6;
  const strideB = 7;
  const ldc = 8;
  const aStep = 9;
  const bStep = 10;
  const overwrite = 11;
  const bias = 12;
  // locals
  const jp = 13;
  const ip = 14;
  const ap = 15;
  const bp = 16;
  const p = 17;
  const cp = 18;
  const acc = (i: number) => 19 + i; // 8 accumulators
  const b0 = 27;
  const b1 = 28;
  const s = 29;
  const locals: ValType[] = [I32, I32, I32, I32, I32, I32, ...new Array<ValType>(11).fill(V128)];

  const kStep: number[][] = [
    code(op.get(bp), op.v128Load(0), op.set(b0)),
    code(op.get(bp), op.v128Load(16), op.set(b1)),
  ];
  for (let r = 0; r < GEMM_MR; r++) {
    kStep.push(
      code(
        op.get(acc(2 * r)),
        op.get(ap),
        op.v128Load32Splat(4 * r),
        op.tee(s),
        op.get(b0),
        op.f32x4Mul(),
        op.f32x4Add(),
        op.set(acc(2 * r)),
        op.get(acc(2 * r + 1)),
        op.get(s),
        op.get(b1),
        op.f32x4Mul(),
        op.f32x4Add(),
        op.set(acc(2 * r + 1)),
      ),
    );
  }
  // The 4 x 8 block goes into C: added to it, or (with `overwrite`, the first k block) stored,
  // so that C needs no zeroing first.
  const store = (add: boolean): number[] => {
    const out: number[] = [];
    for (let r = 0; r < GEMM_MR; r++) {
      for (let h = 0; h < 2; h++) {
        out.push(
          ...code(
            op.get(cp),
            add
              ? code(op.get(cp), op.v128Load(16 * h), op.get(acc(2 * r + h)), op.f32x4Add())
              : op.get(acc(2 * r + h)),
            op.v128Store(16 * h),
          ),
        );
      }
      out.push(...addTo(cp, op.get(ldc)));
    }
    return out;
  };
  // Accumulators start at zero, or at the bias row's 8 columns of this B panel (every row).
  const zero: number[][] = [];
  const fromBias: number[][] = [];
  for (let i = 0; i < 8; i++) {
    zero.push(code(op.v128Zero(), op.set(acc(i))));
    fromBias.push(
      code(
        op.get(bias),
        op.get(jp),
        op.i32(5),
        op.i32Shl(),
        op.i32Add(),
        op.v128Load(16 * (i % 2)),
        op.set(acc(i)),
      ),
    );
  }

  const body = code(
    op.i32(0),
    op.set(jp),
    op.loop(),
    op.i32(0),
    op.set(ip),
    op.loop(),
    setOffset(ap, a, ip, strideA),
    setOffset(bp, b, jp, strideB),
    op.get(bias),
    op.if(),
    ...fromBias,
    op.else(),
    ...zero,
    op.end(),
    op.get(kc),
    op.set(p),
    op.loop(),
    ...kStep,
    addTo(ap, op.get(aStep)),
    addTo(bp, op.get(bStep)),
    countDown(p),
    op.end(),
    // cp = c + ip * 4 * ldc + jp * 32
    op.get(c),
    op.get(ip),
    op.get(ldc),
    op.i32Mul(),
    op.i32(2),
    op.i32Shl(),
    op.i32Add(),
    op.get(jp),
    op.i32(5),
    op.i32Shl(),
    op.i32Add(),
    op.set(cp),
    op.get(overwrite),
    op.if(),
    store(false),
    op.else(),
    store(true),
    op.end(),
    countUpTo(ip, mp),
    op.end(),
    countUpTo(jp, np),
    op.end(),
  );
  return {
    name: 'gemm',
    params: new Array<ValType>(13).fill(I32),
    results: [],
    locals,
    body,
  };
}

/**
 * `pack(src, dst, rows, k, rs, ps, lw)`: copies element `(row, p)` of a matrix stored at `src`
 * (byte strides `rs` per row, `ps` per k step) to panel `row >> lw`, lane `row & (2^lw - 1)` of
 * the k-major panel layout at `dst` (panels of `2^lw` rows, `2^lw * k` floats each). Lanes past
 * `rows` are left alone (the caller zeroes them).
 */
function pack(): FuncDef {
  const src = 0;
  const dst = 1;
  const rows = 2;
  const k = 3;
  const rs = 4;
  const ps = 5;
  const lw = 6;
  const row = 7;
  const p = 8;
  const sp = 9;
  const dp = 10;
  const step = 11;
  const body = code(
    skipIfZero(rows, k),
    // step = 4 << lw (bytes between k steps inside a panel)
    op.i32(4),
    op.get(lw),
    op.i32Shl(),
    op.set(step),
    op.i32(0),
    op.set(row),
    op.loop(),
    // dp = dst + (row >> lw) * (k << (lw + 2)) + ((row & ((1 << lw) - 1)) << 2)
    op.get(dst),
    op.get(row),
    op.get(lw),
    op.i32ShrU(),
    op.get(k),
    op.get(lw),
    op.i32(2),
    op.i32Add(),
    op.i32Shl(),
    op.i32Mul(),
    op.i32Add(),
    op.get(row),
    op.i32(1),
    op.get(lw),
    op.i32Shl(),
    op.i32(1),
    op.i32Sub(),
    op.i32And(),
    op.i32(2),
    op.i32Shl(),
    op.i32Add(),
    op.set(dp),
    setOffset(sp, src, row, rs),
    op.get(k),
    op.set(p),
    op.loop(),
    op.get(dp),
    op.get(sp),
    op.f32Load(0),
    op.f32Store(0),
    addTo(dp, op.get(step)),
    addTo(sp, op.get(ps)),
    countDown(p),
    op.end(),
    countUpTo(row, rows),
    op.end(),
    op.end(),
  );
  return {
    name: 'pack',
    params: [I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32],
    body,
  };
}

/** i8x16.shuffle lanes picking f32 lanes `lanes` (0-3 from the first vector, 4-7 the second). */
function f32Lanes(lanes: readonly number[]): number[] {
  return lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
}

/**
 * `packRows<w>(src, dst, rows, k, rs)`: {@link pack} into panels of `w` (4 or 8) rows for a
 * source whose k steps are contiguous (`ps` = 4 bytes, rows `rs` bytes apart), with `rows` and
 * `k` multiples of 4: four rows by four k steps at a time, as four vector loads, a 4 x 4
 * transpose in eight shuffles and four vector stores (a row-major A, or a B stored transposed, as
 * `nn.Linear`'s weight is).
 */
function packRows(w: 4 | 8): FuncDef {
  const src = 0;
  const dst = 1;
  const rows = 2;
  const k = 3;
  const rs = 4;
  const row = 5;
  const sp = 6;
  const dp = 7;
  const p4 = 8;
  const rs2 = 9;
  const rs3 = 10;
  const t = (i: number) => 11 + i; // v128 t0..t3: rows interleaved pairwise
  const v0 = 15;
  const v1 = 16;
  const lw = Math.log2(w);
  // Addresses of rows r, r+1, r+2, r+3 at the current k step.
  const rowAt = [
    op.get(sp),
    code(op.get(sp), op.get(rs), op.i32Add()),
    code(op.get(sp), op.get(rs2), op.i32Add()),
    code(op.get(sp), op.get(rs3), op.i32Add()),
  ];
  const body = code(
    skipIfZero(rows, k),
    op.get(rs),
    op.i32(1),
    op.i32Shl(),
    op.tee(rs2),
    op.get(rs),
    op.i32Add(),
    op.set(rs3),
    op.i32(0),
    op.set(row),
    op.loop(),
    setOffset(sp, src, row, rs),
    // dp = dst + (row >> lw) * (k << (lw + 2)) + ((row & (w - 1)) << 2)
    op.get(dst),
    op.get(row),
    op.i32(lw),
    op.i32ShrU(),
    op.get(k),
    op.i32(lw + 2),
    op.i32Shl(),
    op.i32Mul(),
    op.i32Add(),
    op.get(row),
    op.i32(w - 1),
    op.i32And(),
    op.i32(2),
    op.i32Shl(),
    op.i32Add(),
    op.set(dp),
    op.get(k),
    op.i32(2),
    op.i32ShrU(),
    op.set(p4),
    op.loop(),
    // Rows r..r+3 at k steps p..p+3; t0 = (r p, r+1 p, r p+1, r+1 p+1), t1 the same for p+2 and
    // p+3, t2 and t3 for rows r+2 and r+3 ...
    ...[0, 1].map((pair) =>
      code(
        rowAt[2 * pair] as number[],
        op.v128Load(0),
        op.tee(v0),
        rowAt[2 * pair + 1] as number[],
        op.v128Load(0),
        op.tee(v1),
        op.i8x16Shuffle(f32Lanes([0, 4, 1, 5])),
        op.set(t(2 * pair)),
        op.get(v0),
        op.get(v1),
        op.i8x16Shuffle(f32Lanes([2, 6, 3, 7])),
        op.set(t(2 * pair + 1)),
      ),
    ),
    // ... then one vector of four rows per k step, stored 4w bytes apart
    ...[0, 1, 2, 3].map((q) =>
      code(
        op.get(dp),
        op.get(t(q < 2 ? 0 : 1)),
        op.get(t(q < 2 ? 2 : 3)),
        op.i8x16Shuffle(f32Lanes(q % 2 === 0 ? [0, 1, 4, 5] : [2, 3, 6, 7])),
        op.v128Store(q * 4 * w),
      ),
    ),
    addTo(sp, op.i32(16)),
    addTo(dp, op.i32(16 * w)),
    countDown(p4),
    op.end(),
    op.get(row),
    op.i32(4),
    op.i32Add(),
    op.tee(row),
    op.get(rows),
    op.i32LtU(),
    op.brIf(0),
    op.end(),
    op.end(),
  );
  return {
    name: `packRows${w}`,
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, I32, ...new Array<ValType>(6).fill(V128)],
    body,
  };
}

/**
 * `packT(src, dst, rows, k, ps, lw)`: {@link pack} for a source whose rows are contiguous (row
 * stride 4 bytes, k stride `ps`): walks k outermost so reads are sequential.
 */
function packT(): FuncDef {
  const src = 0;
  const dst = 1;
  const rows = 2;
  const k = 3;
  const ps = 4;
  const lw = 5;
  const row = 6;
  const p = 7;
  const sp = 8;
  const dp = 9;
  const panel = 10;
  const mask = 11;
  const body = code(
    skipIfZero(rows, k),
    // panel = k << (lw + 2) (bytes per panel); mask = (1 << lw) - 1
    op.get(k),
    op.get(lw),
    op.i32(2),
    op.i32Add(),
    op.i32Shl(),
    op.set(panel),
    op.i32(1),
    op.get(lw),
    op.i32Shl(),
    op.i32(1),
    op.i32Sub(),
    op.set(mask),
    op.i32(0),
    op.set(p),
    op.loop(),
    setOffset(sp, src, p, ps),
    op.i32(0),
    op.set(row),
    op.loop(),
    // dst + (row >> lw) * panel + ((p << lw) + (row & mask)) * 4
    op.get(dst),
    op.get(row),
    op.get(lw),
    op.i32ShrU(),
    op.get(panel),
    op.i32Mul(),
    op.i32Add(),
    op.get(p),
    op.get(lw),
    op.i32Shl(),
    op.get(row),
    op.get(mask),
    op.i32And(),
    op.i32Add(),
    op.i32(2),
    op.i32Shl(),
    op.i32Add(),
    op.set(dp),
    op.get(dp),
    op.get(sp),
    op.f32Load(0),
    op.f32Store(0),
    addTo(sp, op.i32(4)),
    countUpTo(row, rows),
    op.end(),
    countUpTo(p, k),
    op.end(),
    op.end(),
  );
  return {
    name: 'packT',
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    locals: [I32, I32, I32, I32, I32, I32],
    body,
  };
}

/**
 * The loop every elementwise kernel runs: `body` once per group of four floats, `n4` times (none
 * when `n4` is 0), each pointer local in `pointers` advanced by 16 bytes after every group.
 */
function groupsOfFour(n4: number, pointers: readonly number[], body: readonly number[]): number[] {
  return code(
    op.block(),
    op.get(n4),
    op.i32Eqz(),
    op.brIf(0),
    op.loop(),
    body,
    ...pointers.map((ptr) => addTo(ptr, op.i32(16))),
    countDown(n4),
    op.end(),
    op.end(),
  );
}

const LOW_HALF = [0, 1, 2, 3, 4, 5, 6, 7];
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15];
/** i8x16.shuffle lanes: the high two f32 lanes of a vector moved to the low two. */
const HIGH_TO_LOW = [...HIGH_HALF, ...HIGH_HALF];
/** i8x16.shuffle lanes: the low two lanes of the first vector, then the low two of the second. */
const JOIN_LOWS = [...LOW_HALF, ...LOW_HALF.map((i) => i + 16)];

/** Bytes at the start of the memory that hold {@link TANH_TABLE}; callers' operands start here. */
export const KERNEL_DATA_BYTES = 512;

/**
 * `2^(j/64) - 1` for j = 0..63, each correctly rounded to about an ulp: from `expm1` of
 * `j ln2 / 64` split in a part that is exact (`ln2_hi`, 32 bits) and a correction.
 */
export const TANH_TABLE = Float64Array.from({ length: 64 }, (_, j) => {
  const hi = (j * 0.6931471803691238) / 64;
  const lo = (j * 1.9082149292705877e-10) / 64;
  return Math.expm1(hi) + Math.exp(hi) * lo;
});

/** 1.5 2^52: a double below 2^51 plus this rounds to an integer, held in the low mantissa bits. */
const ROUNDER = 1.5 * 2 ** 52;

/**
 * `tanhAccurate(src, dst, n4)`: float32 tanh of `n4` groups of four, rounded like
 * `Math.fround(Math.tanh(x))`, computed in f64x2 lanes (relative error about 1e-15) as
 * `tanh|x| = m / (m + 2)` with `m = expm1(2|x|)`: `2|x| = (64 e + j) ln2/64 + r`, |r| <= ln2/128,
 * `expm1(2|x|) = 2^e ((T_j + 1) p + T_j) + (2^e - 1)` with `T_j = 2^(j/64) - 1` from
 * {@link TANH_TABLE} (two lane loads), `p = expm1(r)` by its degree-6 Taylor polynomial, and `2^e`
 * built in the exponent bits. No term cancels (so no separate small-|x| branch; subnormals come
 * out exact). 2|x| is clamped at 18.2, where tanh rounds to ±1 in float32 (±Inf too); NaN
 * propagates; the sign is copied from x (so tanh(-0) = -0). Same results as `../tanh-f32.ts`
 * (which differs in how it reaches them).
 */
function tanhAccurate(): FuncDef {
  const src = 0;
  const dst = 1;
  const n4 = 2;
  const x4 = 3;
  const x = 4;
  const t = 5;
  const kf = 6;
  const r = 7;
  const r2 = 8;
  const k = 9;
  const tj = 10;
  const lo = 11;
  const f64 = (v: number): number[] => op.f64x2Const(v);
  // expm1(r) = r + r^2 (1/2 + r/6 + r^2 (1/24 + r/120 + r^2/720)); truncation below 1e-17 relative.
  const rc = (c1: number, c0: number) =>
    code(op.get(r), f64(c1), op.f64x2Mul(), f64(c0), op.f64x2Add());
  // tanh of the f64x2 in local `x`, left on the stack.
  const tanh2 = code(
    // t = min(2|x|, 18.2); k = nearest(t 64/ln2), as the integer in the low bits of `k` (t 64/ln2
    // plus 1.5 2^52 rounds at units) and as the double `kf`; r = t - kf ln2/64 (ln2 split so
    // kf * hi is exact)
    op.get(x),
    op.f64x2Abs(),
    op.tee(t),
    op.get(t),
    op.f64x2Add(),
    f64(18.2),
    op.f64x2Pmin(),
    op.tee(t),
    f64(64 / Math.LN2),
    op.f64x2Mul(),
    f64(ROUNDER),
    op.f64x2Add(),
    op.tee(k),
    f64(ROUNDER),
    op.f64x2Sub(),
    op.set(kf),
    op.get(t),
    op.get(kf),
    f64(0.6931471803691238 / 64),
    op.f64x2Mul(),
    op.f64x2Sub(),
    op.get(kf),
    f64(1.9082149292705877e-10 / 64),
    op.f64x2Mul(),
    op.f64x2Sub(),
    op.tee(r),
    op.get(r),
    op.f64x2Mul(),
    op.set(r2),
    // T_j for both lanes: byte offsets (k & 63) * 8 (in i32 lanes 0 and 2), loaded lane by lane.
    op.get(k),
    op.i32x4Const(63),
    op.v128And(),
    op.i32(3),
    op.i32x4Shl(),
    op.tee(tj),
    op.i32x4ExtractLane(2),
    op.get(tj),
    op.i32x4ExtractLane(0),
    op.v128Load64Zero(0),
    op.v128Load64Lane(1, 0),
    op.tee(tj),
    // (T_j + 1) p + T_j, p = expm1(r)
    f64(1),
    op.f64x2Add(),
    op.get(r),
    op.get(r2),
    rc(1 / 6, 1 / 2),
    rc(1 / 120, 1 / 24),
    op.get(r2),
    f64(1 / 720),
    op.f64x2Mul(),
    op.f64x2Add(),
    op.get(r2),
    op.f64x2Mul(),
    op.f64x2Add(),
    op.f64x2Mul(),
    op.f64x2Add(),
    op.f64x2Mul(),
    op.get(tj),
    op.f64x2Add(),
    // times 2^e, e = k >> 6 (k < 2^12), from the bits: (e << 52) + the bits of 1.0 (exponent bias)
    op.get(k),
    op.i32(6),
    op.i64x2ShrU(),
    op.i32(52),
    op.i64x2Shl(),
    f64(1),
    op.i64x2Add(),
    op.tee(kf),
    op.f64x2Mul(),
    op.get(kf),
    f64(1),
    op.f64x2Sub(),
    op.f64x2Add(),
    // y = m / (m + 2), then the sign of x
    op.tee(t),
    op.get(t),
    f64(2),
    op.f64x2Add(),
    op.f64x2Div(),
    op.get(x),
    f64(-0),
    op.v128And(),
    op.v128Or(),
  );
  const body = groupsOfFour(
    n4,
    [src, dst],
    code(
      op.get(src),
      op.v128Load(0),
      op.tee(x4),
      op.f64x2PromoteLowF32x4(),
      op.set(x),
      tanh2,
      op.f32x4DemoteF64x2Zero(),
      op.set(lo),
      op.get(x4),
      op.get(x4),
      op.i8x16Shuffle(HIGH_TO_LOW),
      op.f64x2PromoteLowF32x4(),
      op.set(x),
      op.get(dst),
      op.get(lo),
      tanh2,
      op.f32x4DemoteF64x2Zero(),
      op.i8x16Shuffle(JOIN_LOWS),
      op.v128Store(0),
    ),
  );
  return {
    name: 'tanhAccurate',
    params: [I32, I32, I32],
    results: [],
    locals: new Array<ValType>(9).fill(V128),
    body,
  };
}

/**
 * `tanhBackwardVV(g, y, out, n4)`: `out = g * (1 - y^2)`, 0 where `1 - y^2` is 0, over `n4`
 * groups of four f32, computed in f64x2 as the TypeScript kernels compute it in doubles (so the
 * float32 results are identical).
 */
function tanhBackward(): FuncDef {
  const g = 0;
  const y = 1;
  const out = 2;
  const n4 = 3;
  const gv = 4;
  const yv = 5;
  const d = 6;
  const lo = 7;
  const one = 8;
  const zero = 9;
  // g2 * d masked to 0 where d == 0, for the f64x2 halves on the stack as [g2, y2].
  const half = code(
    op.set(d),
    op.get(one),
    op.get(d),
    op.get(d),
    op.f64x2Mul(),
    op.f64x2Sub(),
    op.tee(d),
    op.f64x2Mul(),
    op.get(d),
    op.get(zero),
    op.f64x2Ne(),
    op.v128And(),
    op.f32x4DemoteF64x2Zero(),
  );
  const body = code(
    op.f64x2Const(1),
    op.set(one),
    op.v128Zero(),
    op.set(zero),
    groupsOfFour(
      n4,
      [g, y, out],
      code(
        op.get(g),
        op.v128Load(0),
        op.tee(gv),
        op.f64x2PromoteLowF32x4(),
        op.get(y),
        op.v128Load(0),
        op.tee(yv),
        op.f64x2PromoteLowF32x4(),
        half,
        op.set(lo),
        op.get(out),
        op.get(lo),
        op.get(gv),
        op.get(gv),
        op.i8x16Shuffle(HIGH_TO_LOW),
        op.f64x2PromoteLowF32x4(),
        op.get(yv),
        op.get(yv),
        op.i8x16Shuffle(HIGH_TO_LOW),
        op.f64x2PromoteLowF32x4(),
        half,
        op.i8x16Shuffle(JOIN_LOWS),
        op.v128Store(0),
      ),
    ),
  );
  return {
    name: 'tanhBackwardVV',
    params: [I32, I32, I32, I32],
    results: [],
    locals: new Array<ValType>(6).fill(V128),
    body,
  };
}

/**
 * `axpy(x, y, out, n4, alpha)`: `out = y + alpha x` over `n4` groups of four f32, computed in
 * f64x2 and rounded once (as the TypeScript kernels compute it in doubles, so the float32 results
 * are identical).
 */
function axpy(): FuncDef {
  const x = 0;
  const y = 1;
  const out = 2;
  const n4 = 3;
  const alpha = 4;
  const a2 = 5;
  const xv = 6;
  const yv = 7;
  const lo = 8;
  // y2 + alpha x2 for the f64x2 halves on the stack as [x2, y2].
  const half = code(op.get(a2), op.f64x2Mul(), op.f64x2Add(), op.f32x4DemoteF64x2Zero());
  const high = (v: number) =>
    code(op.get(v), op.get(v), op.i8x16Shuffle(HIGH_TO_LOW), op.f64x2PromoteLowF32x4());
  const body = code(
    op.get(alpha),
    op.f64x2Splat(),
    op.set(a2),
    groupsOfFour(
      n4,
      [x, y, out],
      code(
        op.get(y),
        op.v128Load(0),
        op.tee(yv),
        op.f64x2PromoteLowF32x4(),
        op.get(x),
        op.v128Load(0),
        op.tee(xv),
        op.f64x2PromoteLowF32x4(),
        half,
        op.set(lo),
        op.get(out),
        op.get(lo),
        high(yv),
        high(xv),
        half,
        op.i8x16Shuffle(JOIN_LOWS),
        op.v128Store(0),
      ),
    ),
  );
  return {
    name: 'axpy',
    params: [I32, I32, I32, I32, F64],
    results: [],
    locals: [V128, V128, V128, V128],
    body,
  };
}

/** A comparison as 1.0 / 0.0: the all-ones / all-zeros lane mask AND the bits of 1.0 (branchless). */
const asOneZero = (cmp: () => number[]) => (): number[] =>
  code(cmp(), op.f32x4Const(1), op.v128And());

/** The elementwise kinds with a SIMD loop (comparisons give 1 or 0; false when a NaN is involved, except ne). */
export const SIMD_BINARY = {
  add: op.f32x4Add,
  sub: op.f32x4Sub,
  mul: op.f32x4Mul,
  div: op.f32x4Div,
  max: op.f32x4Max,
  min: op.f32x4Min,
  gt: asOneZero(op.f32x4Gt),
  ge: asOneZero(op.f32x4Ge),
  lt: asOneZero(op.f32x4Lt),
  le: asOneZero(op.f32x4Le),
  eq: asOneZero(op.f32x4Eq),
  ne: asOneZero(op.f32x4Ne),
} as const;
export type SimdBinaryKind = keyof typeof SIMD_BINARY;

function elementwise(kind: SimdBinaryKind, scalar: boolean): FuncDef {
  const a = 0;
  const b = 1;
  const out = 2;
  const n4 = 3;
  const bv = 4;
  const body = code(
    scalar ? code(op.get(b), op.v128Load32Splat(0), op.set(bv)) : [],
    groupsOfFour(
      n4,
      scalar ? [a, out] : [a, b, out],
      code(
        op.get(out),
        op.get(a),
        op.v128Load(0),
        scalar ? op.get(bv) : code(op.get(b), op.v128Load(0)),
        SIMD_BINARY[kind](),
        op.v128Store(0),
      ),
    ),
  );
  return {
    name: `${kind}${scalar ? 'VS' : 'VV'}`,
    params: [I32, I32, I32, I32],
    results: [],
    locals: [V128],
    body,
  };
}

/** Unary kinds with a SIMD loop; each maps the v128 in local 3 to the result on the stack. */
export const SIMD_UNARY = {
  neg: () => code(op.get(3), op.f32x4Neg()),
  abs: () => code(op.get(3), op.f32x4Abs()),
  sqrt: () => code(op.get(3), op.f32x4Sqrt()),
  square: () => code(op.get(3), op.get(3), op.f32x4Mul()),
} as const;
export type SimdUnaryKind = keyof typeof SIMD_UNARY;

/** `<kind>U(x, out, n4)`: `out[i] = f(x[i])` over `n4` groups of four f32. */
function unaryLoop(kind: SimdUnaryKind): FuncDef {
  const x = 0;
  const out = 1;
  const n4 = 2;
  const v = 3;
  const body = groupsOfFour(
    n4,
    [x, out],
    code(op.get(x), op.v128Load(0), op.set(v), op.get(out), SIMD_UNARY[kind](), op.v128Store(0)),
  );
  return { name: `${kind}U`, params: [I32, I32, I32], results: [], locals: [V128], body };
}

/**
 * `colsum(x, out, rows, c4)`: `out[j] += x[i * 4 c4 + j]` for every row `i < rows`, `j < 4 c4`:
 * the column sums of a row-major `rows x 4 c4` matrix (a bias gradient), accumulated row by row
 * in float32 into `out` (which the caller zeroes).
 */
function colsum(): FuncDef {
  const x = 0;
  const out = 1;
  const rows = 2;
  const c4 = 3;
  const j = 4;
  const o = 5;
  const body = code(
    skipIfZero(rows, c4),
    op.loop(),
    op.get(c4),
    op.set(j),
    op.get(out),
    op.set(o),
    op.loop(),
    op.get(o),
    op.get(o),
    op.v128Load(0),
    op.get(x),
    op.v128Load(0),
    op.f32x4Add(),
    op.v128Store(0),
    addTo(o, op.i32(16)),
    addTo(x, op.i32(16)),
    countDown(j),
    op.end(),
    countDown(rows),
    op.end(),
    op.end(),
  );
  return { name: 'colsum', params: [I32, I32, I32, I32], results: [], locals: [I32, I32], body };
}

/** The bytes of the kernel module (one exported memory of `pages` 64 KiB pages). */
export function buildKernelModule(pages = 16): Uint8Array<ArrayBuffer> {
  const funcs: FuncDef[] = [
    gemm(),
    pack(),
    packT(),
    colsum(),
    tanhAccurate(),
    tanhBackward(),
    packRows(4),
    packRows(8),
    axpy(),
  ];
  for (const kind of Object.keys(SIMD_UNARY) as SimdUnaryKind[]) funcs.push(unaryLoop(kind));
  for (const kind of Object.keys(SIMD_BINARY) as SimdBinaryKind[]) {
    funcs.push(elementwise(kind, false), elementwise(kind, true));
  }
  return encodeModule(funcs, pages, [{ offset: 0, bytes: new Uint8Array(TANH_TABLE.buffer) }]);
}
