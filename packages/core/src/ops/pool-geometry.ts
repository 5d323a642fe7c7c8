/**
 * The geometry of 2-D pooling, as PyTorch computes it: reading the options (an integer or a pair
 * per hyper-parameter), the output size (`pooling_output_shape` with its ceil-mode rule), the
 * checks with their error messages, and, per output row or column, the input indices its window
 * reads. The kernels (`pool-kernels.ts`) take these windows and know no option.
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { describe, formatShape, type Shape, sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** A hyper-parameter given for both spatial axes (`2`) or per axis (`[height, width]`). */
export type IntOrPair = number | readonly [number, number];

/** A pair read from {@link IntOrPair}: `[height, width]`. */
export type Pair = readonly [number, number];

/** Throws unless `keys` of `options` are all in `known` (a misspelt `ceil_mode` is an error). */
export function checkOptionKeys(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ArgumentError(`${where}: expected an options object, got ${describe(options)}`);
  }
  for (const k of Object.keys(options)) {
    if (!known.includes(k)) {
      throw new ArgumentError(`${where}: unknown option '${k}' (known: ${known.join(', ')})`);
    }
  }
}

/**
 * `v` as a `[height, width]` pair of integers at least `min`: `2` is `[2, 2]`. Throws an
 * ArgumentError naming the op, the option and what came.
 */
export function readPair(where: string, name: string, v: unknown, min: number): Pair {
  const what = min === 1 ? 'a positive integer' : 'a non-negative integer';
  const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= min;
  if (ok(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && ok(v[0]) && ok(v[1])) return [v[0], v[1]];
  throw new ArgumentError(
    `${where}: ${name} must be ${what} or a pair of them, got ${describe(v)}`,
  );
}

/** Throws unless `v` is a boolean. */
export function readBool(where: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean')
    throw new ArgumentError(`${where}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

/** The window attributes of a 2-D pooling op (shown in graph exports); no dilation means 1. */
export interface Pool2dAttrs {
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation?: Pair;
  readonly ceilMode: boolean;
  [k: string]: unknown;
}

const ONE: Pair = [1, 1];

/**
 * PyTorch's `pooling_output_shape`: `floor((size + 2·pad − dilation·(k − 1) − 1 + (ceil ? stride −
 * 1 : 0)) / stride) + 1`, less one in ceil mode when the last window would start past the input
 * and its left padding (`(out − 1)·stride ≥ size + pad`).
 */
export function pooledSize(
  size: number,
  k: number,
  stride: number,
  pad: number,
  dilation: number,
  ceilMode: boolean,
): number {
  let out =
    Math.floor((size + 2 * pad - dilation * (k - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) +
    1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * Checks an input of `[N, C, H, W]` or `[C, H, W]` (H and W at least 1) and returns its
 * number of planes (`N·C`, or `C`), H and W.
 */
export function planesOf(where: string, shape: Shape): [number, number, number] {
  const r = shape.length;
  if (r !== 3 && r !== 4) {
    throw new ShapeError(
      `${where}: expected an input of shape [N, C, H, W] or [C, H, W], got ${formatShape(shape)} (rank ${r})`,
    );
  }
  const h = shape[r - 2] as number;
  const w = shape[r - 1] as number;
  if (h < 1 || w < 1 || (shape[r - 3] as number) < 1) {
    throw new ShapeError(
      `${where}: expected non-empty channel, height and width axes, got ${formatShape(shape)}`,
    );
  }
  return [r === 4 ? (shape[0] as number) * (shape[1] as number) : (shape[0] as number), h, w];
}

/**
 * The pooled output's `[height, width]` for an input `shape` and `attrs`, after PyTorch's checks:
 * padding at most half the kernel, and at least one window (the kernel fits the padded input).
 */
export function pooledShape(where: string, shape: Shape, a: Pool2dAttrs): [number, number] {
  const [, h, w] = planesOf(where, shape);
  const [kh, kw] = a.kernelSize;
  const [ph, pw] = a.padding;
  if (ph > Math.floor(kh / 2) || pw > Math.floor(kw / 2)) {
    throw new ArgumentError(
      `${where}: padding must be at most half the kernel size: kernelSize ${formatShape(a.kernelSize)} allows padding up to ${formatShape([Math.floor(kh / 2), Math.floor(kw / 2)])}, got ${formatShape(a.padding)}`,
    );
  }
  const [sh, sw] = a.stride;
  const [dh, dw] = a.dilation ?? ONE;
  const oh = pooledSize(h, kh, sh, ph, dh, a.ceilMode);
  const ow = pooledSize(w, kw, sw, pw, dw, a.ceilMode);
  if (oh < 1 || ow < 1) {
    const eff = [dh * (kh - 1) + 1, dw * (kw - 1) + 1];
    throw new ShapeError(
      `${where}: the kernel is larger than the padded input: kernel ${formatShape(eff)} (kernelSize ${formatShape(a.kernelSize)}, dilation ${formatShape([dh, dw])}) against input ${formatShape([h, w])} padded to ${formatShape([h + 2 * ph, w + 2 * pw])}, for input shape ${formatShape(shape)} (output size would be ${formatShape([oh, ow])})`,
    );
  }
  return [oh, ow];
}

/** Throws unless `t` has `shape` (the backward ops' operands, when applied by hand). */
export function expectShape(where: string, what: string, t: Tensor, shape: Shape): void {
  if (!sameShape(t.shape, shape)) {
    throw new ShapeError(
      `${where}: expected ${what} of shape ${formatShape(shape)}, got ${formatShape(t.shape)}`,
    );
  }
}

/** The output shape: the input's with the last two axes pooled. */
export function withSpatial(shape: Shape, oh: number, ow: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length - 2; i++) out.push(shape[i] as number);
  out.push(oh, ow);
  return out;
}

/**
 * Where each output index along one axis reads: input indices `start[i]`, `start[i] + step`, ...
 * below `end[i]` (only indices inside the input; padding is left out), and for average pooling
 * the factor `div[i]` whose product over both axes is the window's divisor.
 */
export interface AxisWindows {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly step: number;
  readonly div: Float64Array;
}

/** Max pooling's windows along an axis (PyTorch's CPU kernel: the first index inside the input). */
export function maxWindows(
  size: number,
  out: number,
  k: number,
  stride: number,
  pad: number,
  dilation: number,
): AxisWindows {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  for (let i = 0; i < out; i++) {
    let s = i * stride - pad;
    const e = Math.min(s + (k - 1) * dilation + 1, size);
    if (s < 0) s += Math.ceil(-s / dilation) * dilation;
    start[i] = s;
    end[i] = e;
  }
  return { start, end, step: dilation, div: new Float64Array(0) };
}

/**
 * Average pooling's windows along an axis, as PyTorch's CPU kernel: the window is cut at the end
 * of the right padding (in ceil mode a window may overhang it), its size there is its
 * `countIncludePad` divisor; cut at the input, the size is the divisor otherwise.
 */
export function avgWindows(
  size: number,
  out: number,
  k: number,
  stride: number,
  pad: number,
  countIncludePad: boolean,
): AxisWindows {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  const div = new Float64Array(out);
  for (let i = 0; i < out; i++) {
    const s = i * stride - pad;
    const e = Math.min(s + k, size + pad);
    const s0 = Math.max(s, 0);
    const e0 = Math.min(e, size);
    start[i] = s0;
    end[i] = e0;
    div[i] = countIncludePad ? e - s : e0 - s0;
  }
  return { start, end, step: 1, div };
}

/**
 * Adaptive average pooling's windows along an axis (PyTorch): output `i` of `out` averages input
 * indices `floor(i·size/out)` to `ceil((i+1)·size/out)` (exclusive).
 */
export function adaptiveWindows(size: number, out: number): AxisWindows {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  const div = new Float64Array(out);
  for (let i = 0; i < out; i++) {
    const s = Math.floor((i * size) / out);
    const e = Math.ceil(((i + 1) * size) / out);
    start[i] = s;
    end[i] = e;
    div[i] = e - s;
  }
  return { start, end, step: 1, div };
}
