/**
 * Uniform pooling windows: along each axis, every window the same number of consecutive input
 * indices, a fixed stride apart (no dilation, no window cut by the input's edge). The fast loops
 * (`pool-fast.ts`, `pool-fast-max.ts`, `pool-fast-avg.ts`, `pool-wasm.ts`) recognise them from
 * the windows `pool-geometry.ts` computes and need no per-window bounds there.
 */
import type { AxisWindows } from './pool-geometry.js';

export interface UniformWindows {
  readonly first: number;
  readonly stride: number;
  readonly size: number;
}

/**
 * The windows as {@link UniformWindows}, or null unless they are all `size >= 1` consecutive
 * indices (no dilation) starting a constant stride apart.
 */
export function uniformWindows(win: AxisWindows): UniformWindows | null {
  const { start, end } = win;
  const n = start.length;
  if (n === 0 || (win.step !== 1 && !allSingle(win))) return null;
  const first = start[0] as number;
  const size = (end[0] as number) - first;
  const stride = n > 1 ? (start[1] as number) - first : 1;
  if (size < 1 || stride < 1) return null;
  for (let i = 1; i < n; i++) {
    const s = start[i] as number;
    if (s !== first + i * stride || (end[i] as number) - s !== size) return null;
  }
  return { first, stride, size };
}

/** True when every window reads one index (then the step between its indices plays no part). */
function allSingle(win: AxisWindows): boolean {
  for (let i = 0; i < win.start.length; i++)
    if ((win.end[i] as number) - (win.start[i] as number) !== 1) return false;
  return true;
}

/** True when both factors of the window divisors are constant: the divisor is one number. */
export function constantDivisor(rows: AxisWindows, cols: AxisWindows): number | null {
  const rd = rows.div;
  const cd = cols.div;
  const d0 = rd[0] as number;
  const c0 = cd[0] as number;
  for (let i = 1; i < rd.length; i++) if (rd[i] !== d0) return null;
  for (let j = 1; j < cd.length; j++) if (cd[j] !== c0) return null;
  return d0 * c0;
}

/** The geometry of uniform windows, as the loops below take it. */
export interface Grid {
  /** Input planes, height, width; output height and width. */
  readonly planes: number;
  readonly h: number;
  readonly w: number;
  readonly oh: number;
  readonly ow: number;
  /** Flat index of the first window's first element in plane 0. */
  readonly origin: number;
  /** Window height and width. */
  readonly kh: number;
  readonly kw: number;
  /** Steps between windows, in rows and in columns. */
  readonly sh: number;
  readonly sw: number;
}

/** The {@link Grid} of uniform windows, or null. */
export function gridOf(
  planes: number,
  h: number,
  w: number,
  rows: AxisWindows,
  cols: AxisWindows,
): Grid | null {
  const r = uniformWindows(rows);
  const c = uniformWindows(cols);
  if (r === null || c === null) return null;
  return {
    planes,
    h,
    w,
    oh: rows.start.length,
    ow: cols.start.length,
    origin: r.first * w + c.first,
    kh: r.size,
    kw: c.size,
    sh: r.stride,
    sw: c.stride,
  };
}
