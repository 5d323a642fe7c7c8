/**
 * Shared checks that run a kernel backend and the reference kernels on the same seeded inputs
 * and compare. Tolerances:
 * - elementwise kinds: bit-identical (both round one IEEE operation to the output dtype);
 * - matmul: the standard forward-error bound of a length-k dot product,
 *   `|c - c_ref| <= (k + 2) * u * (|A| |B|)_ij` with `u` = 2^-23 (float32) or 2^-52 (float64),
 *   since backends may sum in another order or precision;
 * - sums: `|s - s_ref| <= (len + 2) * u * sum |x|`; max and min are exact.
 */
import { expect } from 'vitest';
import { allocate, type DType, type TypedArray } from '../dtype.js';
import { createRng } from '../rng.js';
import { type Shape, sizeOf } from '../shape.js';
import type { BinaryKind, Kernels, ReduceKind, UnaryKind } from './kernels.js';
import { referenceKernels } from './reference.js';

const rng = createRng(1234);

/** Seeded normal values, with a few special values sprinkled in when `special`. */
export function randomArray(dtype: DType, n: number, special = false): TypedArray {
  const a = allocate(dtype, n);
  for (let i = 0; i < n; i++) a[i] = rng.normal();
  if (special && n > 8) {
    a[1] = Number.NaN;
    a[3] = 0;
    a[4] = -0;
    a[5] = Number.POSITIVE_INFINITY;
    a[7] = a[6] as number;
  }
  return a;
}

function same(x: number, y: number): boolean {
  return Object.is(x, y) || (x === 0 && y === 0) || (Number.isNaN(x) && Number.isNaN(y));
}

/** Expects two arrays to be identical (NaN equals NaN; +0 equals -0). */
export function expectIdentical(got: TypedArray, want: TypedArray, what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!same(got[i] as number, want[i] as number)) {
      expect(got[i], `${what} at ${i}`).toBe(want[i]);
    }
  }
}

/** Every binary kind of the Kernels interface. */
export const BINARY_KINDS: readonly BinaryKind[] = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'gt',
  'ge',
  'lt',
  'le',
  'eq',
  'ne',
];

/**
 * `axpy` against the reference, bit for bit (both evaluate in float64 and round once), with
 * special values, a negative, zero and non-finite alpha, and in place (`out` aliasing `y`).
 */
export function checkAxpy(k: Kernels, dtype: DType, n: number): void {
  const x = randomArray(dtype, n, true);
  const y = randomArray(dtype, n, true);
  for (const alpha of [-0.01, 3, 0, Number.POSITIVE_INFINITY]) {
    const what = `${k.name} axpy ${dtype} n=${n} alpha=${alpha}`;
    const want = allocate(dtype, n);
    referenceKernels.axpy(alpha, x, y, want);
    const got = allocate(dtype, n);
    got.fill(7);
    k.axpy(alpha, x, y, got);
    expectIdentical(got, want, what);
    const inPlace = y.slice();
    k.axpy(alpha, x, inPlace, inPlace);
    expectIdentical(inPlace, want, `${what} in place`);
  }
}

/**
 * `adam` against the update written out per element (PyTorch's order, in float64), bit for bit:
 * three steps in a row (so the moments carry over), for Adam and AdamW, with and without
 * AMSGrad, weight decay and special values in the gradient (NaN, ±0, Infinity).
 */
export function checkAdam(k: Kernels, dtype: DType, n: number): void {
  const w0 = randomArray(dtype, n);
  const grads = [randomArray(dtype, n, true), randomArray(dtype, n), randomArray(dtype, n, true)];
  for (const [decoupled, amsgrad, weightDecay] of [
    [false, false, 0],
    [false, true, 0.1],
    [true, false, 0.01],
    [true, true, 0.5],
  ] as const) {
    const what = `${k.name} adam ${dtype} n=${n} decoupled=${decoupled} amsgrad=${amsgrad}`;
    const w = w0.slice();
    const m = new Float64Array(n);
    const v = new Float64Array(n);
    const vmax = amsgrad ? new Float64Array(n) : null;
    const want = Array.from(w0, (x) => ({ w: x as number, m: 0, v: 0, vmax: 0 }));
    const round = dtype === 'float32' ? Math.fround : (x: number) => x;
    const update = { lr: 0.013, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, decoupled };
    grads.forEach((g, t) => {
      k.adam(w, g, m, v, vmax, { ...update, step: t + 1 });
      const stepSize = 0.013 / (1 - 0.9 ** (t + 1));
      const bc2Sqrt = Math.sqrt(1 - 0.999 ** (t + 1));
      want.forEach((e, i) => {
        let wi = e.w;
        let gi = g[i] as number;
        if (decoupled) wi *= 1 - 0.013 * weightDecay;
        else gi += weightDecay * wi;
        e.m = 0.9 * e.m + (1 - 0.9) * gi;
        e.v = 0.999 * e.v + (1 - 0.999) * gi * gi;
        e.vmax = Math.max(e.vmax, e.v);
        const vHat = amsgrad ? e.vmax : e.v;
        e.w = round(wi - stepSize * (e.m / (Math.sqrt(vHat) / bc2Sqrt + 1e-8)));
      });
      const step = `${what} step ${t + 1}`;
      expectIdentical(
        w,
        Float64Array.from(want, (e) => e.w),
        `${step} w`,
      );
      expectIdentical(
        m,
        Float64Array.from(want, (e) => e.m),
        `${step} m`,
      );
      expectIdentical(
        v,
        Float64Array.from(want, (e) => e.v),
        `${step} v`,
      );
      if (vmax !== null)
        expectIdentical(
          vmax,
          Float64Array.from(want, (e) => e.vmax),
          `${step} vmax`,
        );
    });
  }
}

export function checkUnary(k: Kernels, kind: UnaryKind, dtype: DType, n: number): void {
  const x = randomArray(dtype, n, true);
  if (kind === 'log' || kind === 'sqrt' || kind === 'log1p')
    for (let i = 0; i < n; i++) x[i] = Math.abs(x[i] as number);
  const want = allocate(dtype, n);
  const got = allocate(dtype, n);
  referenceKernels.unary(kind, x, want);
  k.unary(kind, x, got);
  expectIdentical(got, want, `${k.name} unary ${kind} ${dtype} n=${n}`);
}

export function checkBinary(
  k: Kernels,
  kind: BinaryKind,
  dtype: DType,
  aShape: Shape,
  bShape: Shape,
  outShape: Shape,
): void {
  const a = randomArray(dtype, sizeOf(aShape), true);
  const b = randomArray(dtype, sizeOf(bShape), true);
  // Shared values so that ties (eq, maximum at ties) are exercised.
  if (a.length === b.length && a.length > 10) b[9] = a[9] as number;
  const n = sizeOf(outShape);
  const want = allocate(dtype, n);
  const got = allocate(dtype, n);
  referenceKernels.binary(kind, a, aShape, b, bShape, want, outShape);
  k.binary(kind, a, aShape, b, bShape, got, outShape);
  expectIdentical(
    got,
    want,
    `${k.name} binary ${kind} ${dtype} [${aShape}] op [${bShape}] -> [${outShape}]`,
  );
}

export function checkReduce(
  k: Kernels,
  kind: ReduceKind,
  dtype: DType,
  shape: Shape,
  axes: readonly number[],
  special: boolean,
): void {
  const x = randomArray(dtype, sizeOf(shape), special);
  const kept = shape.filter((_, i) => !axes.includes(i));
  const n = sizeOf(kept);
  const want = allocate(dtype, n);
  const got = allocate(dtype, n);
  referenceKernels.reduce(kind, x, shape, axes, want);
  k.reduce(kind, x, shape, axes, got);
  const what = `${k.name} reduce ${kind} ${dtype} [${shape}] axes [${axes}]`;
  if (kind !== 'sum') {
    expectIdentical(got, want, what);
    return;
  }
  const absx = allocate('float64', x.length);
  for (let i = 0; i < x.length; i++) absx[i] = Math.abs(x[i] as number);
  const bound = allocate('float64', n);
  referenceKernels.reduce('sum', absx, shape, axes, bound);
  const len = x.length / Math.max(n, 1);
  const u = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  for (let i = 0; i < n; i++) {
    const w = want[i] as number;
    const g = got[i] as number;
    if (!Number.isFinite(w)) {
      expect(same(g, w), `${what} at ${i}: ${g} vs ${w}`).toBe(true);
      continue;
    }
    const tol = (len + 2) * u * (bound[i] as number);
    expect(Math.abs(g - w), `${what} at ${i}: ${g} vs ${w}`).toBeLessThanOrEqual(tol);
  }
}

/** Batched matmul against the reference, with the (k + 2) u |A||B| bound. */
export function checkMatmul(
  k: Kernels,
  dtype: DType,
  batch: number,
  m: number,
  kk: number,
  n: number,
  transA: boolean,
  transB: boolean,
  broadcastB = false,
): void {
  const a = randomArray(dtype, batch * m * kk);
  const b = randomArray(dtype, (broadcastB ? 1 : batch) * kk * n);
  const aOff = Int32Array.from({ length: batch }, (_, t) => t * m * kk);
  const bOff = Int32Array.from({ length: batch }, (_, t) => (broadcastB ? 0 : t * kk * n));
  const want = allocate(dtype, batch * m * n);
  const got = allocate(dtype, batch * m * n);
  // Pre-fill with garbage: kernels must overwrite, not accumulate into, `out`.
  got.fill(7);
  referenceKernels.matmul(a, aOff, b, bOff, want, m, kk, n, transA, transB);
  k.matmul(a, aOff, b, bOff, got, m, kk, n, transA, transB);
  const absA = Float64Array.from(a, Math.abs);
  const absB = Float64Array.from(b, Math.abs);
  const bound = new Float64Array(batch * m * n);
  referenceKernels.matmul(absA, aOff, absB, bOff, bound, m, kk, n, transA, transB);
  const u = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const what = `${k.name} matmul ${dtype} batch=${batch} ${m}x${kk}x${n} tA=${transA} tB=${transB}`;
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < want.length; i++) {
    const excess =
      Math.abs((got[i] as number) - (want[i] as number)) - (kk + 2) * u * (bound[i] as number);
    if (!(excess <= worst)) {
      worst = excess;
      worstAt = i;
    }
  }
  expect(
    worstAt,
    `${what}: first violation at ${worstAt}: ${got[worstAt]} vs ${want[worstAt]}`,
  ).toBe(-1);
}

/**
 * `linear` (x @ wᵀ + bias) against the reference in float64, within the matmul bound plus the
 * bias: `(k + 3) u (|x| |w|ᵀ + |bias|)`.
 */
export function checkLinear(
  k: Kernels,
  dtype: DType,
  m: number,
  kk: number,
  n: number,
  withBias: boolean,
): void {
  const x = randomArray(dtype, m * kk);
  const w = randomArray(dtype, n * kk);
  const bias = withBias ? randomArray(dtype, n) : null;
  const want = new Float64Array(m * n);
  referenceKernels.linear(
    Float64Array.from(x),
    Float64Array.from(w),
    bias === null ? null : Float64Array.from(bias),
    want,
    m,
    kk,
    n,
  );
  const bound = new Float64Array(m * n);
  const absBias = bias === null ? null : Float64Array.from(bias, Math.abs);
  referenceKernels.linear(
    Float64Array.from(x, Math.abs),
    Float64Array.from(w, Math.abs),
    absBias,
    bound,
    m,
    kk,
    n,
  );
  const got = allocate(dtype, m * n);
  got.fill(7);
  k.linear(x, w, bias, got, m, kk, n);
  const u = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const what = `${k.name} linear ${dtype} ${m}x${kk}x${n} bias=${withBias}`;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs((got[i] as number) - (want[i] as number));
    expect(err, `${what} at ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(
      (kk + 3) * u * (bound[i] as number),
    );
  }
}

/**
 * `linearBackward` against float64 reference products: `gx = g @ w`, `gw = gᵀ @ x` within the
 * matmul bound, `gb` (column sums of g) within the summation bound; `want` picks the outputs
 * computed (null is passed for the others).
 */
export function checkLinearBackward(
  k: Kernels,
  dtype: DType,
  m: number,
  kk: number,
  n: number,
  want: readonly [boolean, boolean, boolean] = [true, true, true],
): void {
  const g = randomArray(dtype, m * n);
  const x = randomArray(dtype, m * kk);
  const w = randomArray(dtype, n * kk);
  const outs = [m * kk, n * kk, n].map((len, i) => {
    if (!want[i]) return null;
    const a = allocate(dtype, len);
    a.fill(7);
    return a;
  });
  k.linearBackward(g, x, w, outs[0] ?? null, outs[1] ?? null, outs[2] ?? null, m, kk, n);
  const g64 = Float64Array.from(g);
  const abs = (a: TypedArray) => Float64Array.from(a, Math.abs);
  const exact = [m * kk, n * kk, n].map((len) => new Float64Array(len));
  const bound = [m * kk, n * kk, n].map((len) => new Float64Array(len));
  const ref = referenceKernels.linearBackward;
  ref(g64, Float64Array.from(x), Float64Array.from(w), exact[0]!, exact[1]!, exact[2]!, m, kk, n);
  ref(abs(g), abs(x), abs(w), bound[0]!, bound[1]!, bound[2]!, m, kk, n);
  const u = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const inner = [n, m, m];
  ['gx', 'gw', 'gb'].forEach((name, j) => {
    const got = outs[j];
    if (got === null || got === undefined) return;
    const what = `${k.name} linearBackward ${dtype} ${m}x${kk}x${n} ${name}`;
    for (let i = 0; i < got.length; i++) {
      const err = Math.abs((got[i] as number) - (exact[j]![i] as number));
      expect(err, `${what} at ${i}: ${got[i]} vs ${exact[j]![i]}`).toBeLessThanOrEqual(
        ((inner[j] as number) + 2) * u * (bound[j]![i] as number),
      );
    }
  });
}

/**
 * `linearBackward` with `gx` being `g`'s own array (a square layer, k = n): the same bits as with
 * separate arrays, on the same backend.
 */
export function checkLinearBackwardInPlace(k: Kernels, dtype: DType, m: number, n: number): void {
  const g = randomArray(dtype, m * n);
  const x = randomArray(dtype, m * n);
  const w = randomArray(dtype, n * n);
  const want = [allocate(dtype, m * n), allocate(dtype, n * n), allocate(dtype, n)] as const;
  k.linearBackward(g, x, w, want[0], want[1], want[2], m, n, n);
  const gg = g.slice();
  const gw = allocate(dtype, n * n);
  const gb = allocate(dtype, n);
  k.linearBackward(gg, x, w, gg, gw, gb, m, n, n);
  const what = `${k.name} linearBackward ${dtype} ${m}x${n}x${n} gx into g`;
  expectIdentical(gg, want[0], `${what}: gx`);
  expectIdentical(gw, want[1], `${what}: gw`);
  expectIdentical(gb, want[2], `${what}: gb`);
}
