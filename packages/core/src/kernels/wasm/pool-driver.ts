/**
 * 2-D pooling in WebAssembly SIMD (`wat/pool.wat`), float32: max pooling (with or without the
 * positions of the maxima) and average pooling with its backward, on 2 x 2 windows two columns
 * apart, every window inside the input; and max pooling's backward scatter. The operands are
 * copied into the module's memory, the results out. The callers (core's `ops/pool-wasm.ts`)
 * choose when these apply and run the TypeScript loops otherwise.
 */
import { align16, BASE, type WasmContext } from './context.js';

/** Where 2 x 2 windows lie: `oh x ow` windows per plane, rows `sh` apart, columns 2 apart. */
export interface Pool2x2Geometry {
  /** Input planes, height and width. */
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  /** Windows per column and per row. */
  readonly oh: number;
  readonly ow: number;
  /** Flat index of the first window's top-left element in plane 0. */
  readonly origin: number;
  /** Rows between one window row and the next. */
  readonly sh: number;
}

/** pool.wat's exports (byte offsets in the module's memory). */
interface PoolExports {
  maxPool2x2(
    x: number,
    out: number,
    planes: number,
    oh: number,
    ow: number,
    planeBytes: number,
    rowBytes: number,
    w4: number,
  ): void;
  maxPool2x2Arg(
    x: number,
    out: number,
    idx: number,
    planes: number,
    oh: number,
    ow: number,
    planeBytes: number,
    rowBytes: number,
    w4: number,
    first: number,
  ): void;
  avgPool2x2(
    x: number,
    out: number,
    planes: number,
    oh: number,
    ow: number,
    planeBytes: number,
    rowBytes: number,
    w4: number,
    divisor: number,
  ): void;
  avgPool2x2Backward(
    g: number,
    gx: number,
    planes: number,
    oh: number,
    ow: number,
    planeBytes: number,
    rowBytes: number,
    w4: number,
    divisor: number,
  ): void;
  scatterAt(g: number, idx: number, gx: number, n: number, size: number): void;
}

const exportsOf = (ctx: WasmContext) => ctx.ex as unknown as PoolExports;

/**
 * Bytes the max pooling kernels may read past the input and write past the outputs (a row's
 * last group of four outputs: pool.wat), left free after each operand.
 */
const SPARE = 32;

/**
 * Each window's maximum into `out` (NaN wins, the first of equals stays) and, unless `idx` is
 * null, its position in `x` (a flat index, as float64).
 */
export function maxPool2x2(
  ctx: WasmContext,
  x: Float32Array,
  g: Pool2x2Geometry,
  out: Float32Array,
  idx: Float64Array | null,
): void {
  const n = g.planes * g.oh * g.ow;
  const oPtr = BASE + align16(x.length * 4 + SPARE);
  const iPtr = oPtr + align16(n * 4 + SPARE);
  const mem = ctx.reserve((idx === null ? oPtr + n * 4 : iPtr + n * 8) + 2 * SPARE);
  mem.set(x, BASE / 4);
  const ex = exportsOf(ctx);
  const src = BASE + g.origin * 4;
  const planeBytes = g.h * g.w * 4;
  const rowBytes = g.sh * g.w * 4;
  if (idx === null) {
    ex.maxPool2x2(src, oPtr, g.planes, g.oh, g.ow, planeBytes, rowBytes, g.w * 4);
  } else {
    ex.maxPool2x2Arg(src, oPtr, iPtr, g.planes, g.oh, g.ow, planeBytes, rowBytes, g.w * 4, BASE);
    idx.set(new Float64Array(mem.buffer, iPtr, n));
  }
  out.set(mem.subarray(oPtr / 4, oPtr / 4 + n));
}

/** Each window's float64 sum `0 + a + b + c + d` divided by `divisor`, rounded to float32. */
export function avgPool2x2(
  ctx: WasmContext,
  x: Float32Array,
  g: Pool2x2Geometry,
  divisor: number,
  out: Float32Array,
): void {
  const n = g.planes * g.oh * g.ow;
  const oPtr = BASE + align16(x.length * 4);
  const mem = ctx.reserve(oPtr + n * 4);
  mem.set(x, BASE / 4);
  exportsOf(ctx).avgPool2x2(
    BASE + g.origin * 4,
    oPtr,
    g.planes,
    g.oh,
    g.ow,
    g.h * g.w * 4,
    g.sh * g.w * 4,
    g.w * 4,
    divisor,
  );
  out.set(mem.subarray(oPtr / 4, oPtr / 4 + n));
}

/**
 * The adjoint of {@link avgPool2x2} for windows that do not overlap (`sh >= 2`): every element
 * of a window gets `0 + g / divisor` (float64, rounded to float32), every other element 0.
 */
export function avgPool2x2Backward(
  ctx: WasmContext,
  gv: Float32Array,
  g: Pool2x2Geometry,
  divisor: number,
  gx: Float32Array,
): void {
  const size = g.planes * g.h * g.w;
  const xPtr = BASE + align16(gv.length * 4);
  const mem = ctx.reserve(xPtr + size * 4);
  mem.set(gv, BASE / 4);
  // Elements no window covers (a last odd row or column, rows between windows) are zeros.
  const covered = g.origin === 0 && g.sh === 2 && g.h === 2 * g.oh && g.w === 2 * g.ow;
  if (!covered) mem.fill(0, xPtr / 4, xPtr / 4 + size);
  exportsOf(ctx).avgPool2x2Backward(
    BASE,
    xPtr + g.origin * 4,
    g.planes,
    g.oh,
    g.ow,
    g.h * g.w * 4,
    g.sh * g.w * 4,
    g.w * 4,
    divisor,
  );
  gx.set(mem.subarray(xPtr / 4, xPtr / 4 + size));
}

/**
 * `gx[idx[o]] += g[o]` (gx starts at zero) for every position that is an integer inside gx;
 * others are skipped. float32 additions, which round as the TypeScript loop's double sums
 * rounded to float32 (a double holds the exact sum of two floats to more than twice their
 * precision, so rounding twice gives the once-rounded result).
 */
export function scatterAt(
  ctx: WasmContext,
  gv: Float32Array,
  idx: Float64Array,
  gx: Float32Array,
): void {
  const n = idx.length;
  const size = gx.length;
  const iPtr = BASE + align16(gv.length * 4);
  const xPtr = iPtr + align16(n * 8);
  // One spare element past gx takes what the positions outside it would add.
  const mem = ctx.reserve(xPtr + (size + 1) * 4);
  mem.set(gv, BASE / 4);
  new Float64Array(mem.buffer, iPtr, n).set(idx);
  mem.fill(0, xPtr / 4, xPtr / 4 + size);
  exportsOf(ctx).scatterAt(BASE, iPtr, xPtr, n, size);
  gx.set(mem.subarray(xPtr / 4, xPtr / 4 + size));
}
