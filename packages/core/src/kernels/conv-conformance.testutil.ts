/**
 * The convolution kernels' conformance check, shared by `conv-kernels.test.ts` (every backend) and
 * `wasm/fma-conformance.testutil.ts` (the fused multiply–add backend): a kernel against the
 * reference loops in float64, within the matmul bound `(k + 2) u (|A| |B|)` of each output's dot
 * product (computed by the reference kernel on absolute values), plus one rounding for the bias.
 */
import { expect } from 'vitest';
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { randomArray } from './conformance.testutil.js';
import type { ConvGeometry, Kernels } from './kernels.js';
import { referenceKernels } from './reference.js';

/** A geometry from the input, kernel and options (output size natural unless given). */
export function geometry(
  [n, c, h, w]: number[],
  [o, kh, kw]: number[],
  { s = [1, 1], p = [0, 0], d = [1, 1], groups = 1, shrink = [0, 0] } = {},
): ConvGeometry {
  const size = (len: number, k: number, a: 0 | 1) =>
    Math.floor((len + 2 * (p[a] as number) - (d[a] as number) * (k - 1) - 1) / (s[a] as number)) +
    1 -
    (shrink[a] as number);
  return {
    n: n as number,
    c: c as number,
    h: h as number,
    w: w as number,
    o: o as number,
    kh: kh as number,
    kw: kw as number,
    oh: size(h as number, kh as number, 0),
    ow: size(w as number, kw as number, 1),
    sh: s[0] as number,
    sw: s[1] as number,
    ph: p[0] as number,
    pw: p[1] as number,
    dh: d[0] as number,
    dw: d[1] as number,
    groups,
  };
}

/** Geometries covering strides, padding, dilation, groups, odd sizes and the im2col chunking. */
export const GEOMETRIES: Array<[string, ConvGeometry]> = [
  ['3x3 same', geometry([2, 3, 8, 8], [4, 3, 3], { p: [1, 1] })],
  ['1x1', geometry([3, 5, 4, 6], [7, 1, 1])],
  ['stride 2, asymmetric kernel', geometry([2, 4, 9, 7], [6, 3, 2], { s: [2, 2], p: [1, 0] })],
  [
    'stride 3x1, dilation 2x1',
    geometry([1, 2, 11, 9], [3, 3, 3], { s: [3, 1], d: [2, 1], p: [2, 1] }),
  ],
  ['dilation 3, padding 4', geometry([2, 2, 7, 7], [2, 3, 3], { d: [3, 3], p: [4, 4] })],
  ['groups 2', geometry([2, 4, 6, 5], [6, 3, 3], { groups: 2, p: [1, 1] })],
  ['depthwise x2', geometry([2, 3, 7, 7], [6, 3, 3], { groups: 3, s: [2, 2], p: [1, 1] })],
  ['kernel = input', geometry([2, 3, 5, 4], [2, 5, 4])],
  ['padding wider than the kernel', geometry([1, 2, 3, 3], [2, 2, 2], { p: [3, 3] })],
  // A transposed convolution's geometry with output padding: fewer outputs than natural.
  ['output one short', geometry([2, 2, 7, 7], [3, 3, 3], { d: [2, 2], shrink: [1, 1] })],
  ['LeNet conv1', geometry([4, 1, 28, 28], [6, 5, 5])],
  ['LeNet conv2', geometry([4, 6, 14, 14], [16, 5, 5])],
  // Columns of 9 images pass the im2col chunk (4M elements): two chunks.
  ['two chunks', geometry([9, 16, 64, 64], [2, 3, 3], { p: [1, 1] })],
  ['empty batch', geometry([0, 3, 5, 5], [2, 3, 3])],
];

/** One of the three convolution kernels. */
export type Kernel = 'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad';

/** Runs `kind` of `k` on the operands (first operand, second operand, bias) into a new array. */
function run(
  k: Kernels,
  kind: Kernel,
  geo: ConvGeometry,
  a: TypedArray,
  b: TypedArray,
  bias: TypedArray | null,
  dtype: DType,
): TypedArray {
  const { n, c, h, w, o, kh, kw, oh, ow, groups } = geo;
  const len =
    kind === 'conv2d'
      ? n * o * oh * ow
      : kind === 'conv2dInputGrad'
        ? n * c * h * w
        : o * (c / groups) * kh * kw;
  const out = allocate(dtype, len);
  out.fill(7); // kernels must overwrite
  if (kind === 'conv2d') k.conv2d(a, b, bias, out, geo);
  else if (kind === 'conv2dInputGrad') k.conv2dInputGrad(a, b, out, geo);
  else k.conv2dWeightGrad(a, b, out, geo);
  return out;
}

/** Operand sizes of each kernel: conv2d (x, w), input grad (g, w), weight grad (g, x). */
function operands(kind: Kernel, geo: ConvGeometry): [number, number] {
  const { n, c, h, w, o, kh, kw, oh, ow, groups } = geo;
  const xs = n * c * h * w;
  const ws = o * (c / groups) * kh * kw;
  const gs = n * o * oh * ow;
  return kind === 'conv2d' ? [xs, ws] : kind === 'conv2dInputGrad' ? [gs, ws] : [gs, xs];
}

/** The dot-product length behind each output of `kind`. */
function dotLength(kind: Kernel, geo: ConvGeometry): number {
  const { n, c, o, kh, kw, oh, ow, groups } = geo;
  if (kind === 'conv2d') return (c / groups) * kh * kw;
  if (kind === 'conv2dInputGrad') return (o / groups) * kh * kw;
  return n * oh * ow;
}

/**
 * `kind` of `k` on seeded operands (with NaN, ±Inf and ±0 sprinkled in when `special`) against the
 * reference in float64: within `(k + 3) u |A||B|`, non-finite results identical.
 */
export function check(
  k: Kernels,
  kind: Kernel,
  geo: ConvGeometry,
  dtype: DType,
  withBias: boolean,
  what: string,
  special = false,
) {
  const [na, nb] = operands(kind, geo);
  const a = randomArray(dtype, na, special);
  const b = randomArray(dtype, nb, special);
  const bias = kind === 'conv2d' && withBias ? randomArray(dtype, geo.o) : null;
  const f64 = (t: TypedArray | null) => (t === null ? null : Float64Array.from(t));
  const abs = (t: TypedArray | null) => (t === null ? null : Float64Array.from(t, Math.abs));
  const want = run(
    referenceKernels,
    kind,
    geo,
    f64(a) as Float64Array,
    f64(b) as Float64Array,
    f64(bias),
    'float64',
  );
  const bound = run(
    referenceKernels,
    kind,
    geo,
    abs(a) as Float64Array,
    abs(b) as Float64Array,
    abs(bias),
    'float64',
  );
  const got = run(k, kind, geo, a, b, bias, dtype);
  const u = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const factor = (dotLength(kind, geo) + 3) * u;
  expect(got.length).toBe(want.length);
  let worst = -1;
  for (let i = 0; i < want.length; i++) {
    const wv = want[i] as number;
    const gv = got[i] as number;
    // Non-finite results (a NaN or Inf operand, 0 · Inf in the padding) must match exactly.
    const ok = Number.isFinite(wv)
      ? Math.abs(gv - wv) <= factor * (bound[i] as number)
      : Object.is(gv, wv) || (Number.isNaN(gv) && Number.isNaN(wv));
    if (!ok) {
      worst = i;
      break;
    }
  }
  expect(worst, `${what}: first violation at ${worst}: ${got[worst]} vs ${want[worst]}`).toBe(-1);
}
