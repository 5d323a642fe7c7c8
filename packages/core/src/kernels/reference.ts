import type { TypedArray } from '../dtype.js';
import { type Shape, sizeOf, stridesOf } from '../shape.js';
import {
  referenceConv2d,
  referenceConv2dInputGrad,
  referenceConv2dWeightGrad,
} from './conv-reference.js';
import type { BinaryKind, Kernels, ReduceKind, UnaryKind } from './kernels.js';
import { adam } from './optim.js';

const unaryFns: Record<UnaryKind, (x: number) => number> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // keeps NaN and signed zero
  square: (x) => x * x,
};

const binaryFns: Record<BinaryKind, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  // biome-ignore lint/complexity/useMathMinMax: explicit ties (a wins), the contract fast kernels match
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a >= b ? a : b),
  // biome-ignore lint/complexity/useMathMinMax: as above
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a <= b ? a : b),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
};

/** Strides of `shape` as seen from a broadcast `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const s = stridesOf(shape);
  const out = new Array<number>(rank).fill(0);
  const off = rank - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : (s[i] as number);
  return out;
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
  const f = binaryFns[kind];
  const n = out.length;
  if (a.length === n && b.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a[i] as number, b[i] as number);
    return;
  }
  if (b.length === 1 && a.length === n) {
    const bv = b[0] as number;
    for (let i = 0; i < n; i++) out[i] = f(a[i] as number, bv);
    return;
  }
  if (a.length === 1 && b.length === n) {
    const av = a[0] as number;
    for (let i = 0; i < n; i++) out[i] = f(av, b[i] as number);
    return;
  }
  const rank = outShape.length;
  const as = broadcastStrides(aShape, outShape);
  const bs = broadcastStrides(bShape, outShape);
  const idx = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < n; i++) {
    out[i] = f(a[ai] as number, b[bi] as number);
    for (let d = rank - 1; d >= 0; d--) {
      const v = (idx[d] as number) + 1;
      if (v < (outShape[d] as number)) {
        idx[d] = v;
        ai += as[d] as number;
        bi += bs[d] as number;
        break;
      }
      idx[d] = 0;
      ai -= (as[d] as number) * (v - 1);
      bi -= (bs[d] as number) * (v - 1);
    }
  }
}

function reduce(
  kind: ReduceKind,
  x: TypedArray,
  shape: Shape,
  axes: readonly number[],
  out: TypedArray,
): void {
  const rank = shape.length;
  const init =
    kind === 'sum' ? 0 : kind === 'max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  out.fill(init);
  const n = x.length;
  if (axes.length === rank) {
    let acc = init;
    if (kind === 'sum') for (let i = 0; i < n; i++) acc += x[i] as number;
    else if (kind === 'max') for (let i = 0; i < n; i++) acc = maxNaN(acc, x[i] as number);
    else for (let i = 0; i < n; i++) acc = minNaN(acc, x[i] as number);
    out[0] = acc;
    return;
  }
  // Output strides per input axis: 0 for reduced axes.
  const kept = shape.filter((_, i) => !axes.includes(i));
  const ks = stridesOf(kept);
  const os = new Array<number>(rank).fill(0);
  let j = 0;
  for (let i = 0; i < rank; i++) if (!axes.includes(i)) os[i] = ks[j++] as number;
  const idx = new Array<number>(rank).fill(0);
  let oi = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    const cur = out[oi] as number;
    out[oi] = kind === 'sum' ? cur + v : kind === 'max' ? maxNaN(cur, v) : minNaN(cur, v);
    for (let d = rank - 1; d >= 0; d--) {
      const t = (idx[d] as number) + 1;
      if (t < (shape[d] as number)) {
        idx[d] = t;
        oi += os[d] as number;
        break;
      }
      idx[d] = 0;
      oi -= (os[d] as number) * (t - 1);
    }
  }
}

function maxNaN(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: explicit NaN and tie handling, as in binaryFns
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a >= b ? a : b;
}
function minNaN(a: number, b: number): number {
  // biome-ignore lint/complexity/useMathMinMax: as above
  return Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : a <= b ? a : b;
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
  const batch = aOffsets.length;
  // Strides of A (m x k) and B (k x n) as stored.
  const ars = transA ? 1 : k;
  const acs = transA ? m : 1;
  const brs = transB ? 1 : n;
  const bcs = transB ? k : 1;
  const row = new Float64Array(n);
  for (let t = 0; t < batch; t++) {
    const ao = aOffsets[t] as number;
    const bo = bOffsets[t] as number;
    const oo = t * m * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const av = a[ao + i * ars + p * acs] as number;
        if (av === 0) continue;
        const bRow = bo + p * brs;
        for (let j = 0; j < n; j++)
          row[j] = (row[j] as number) + av * (b[bRow + j * bcs] as number);
      }
      for (let j = 0; j < n; j++) out[oo + i * n + j] = row[j] as number;
    }
  }
}

function permute(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const rank = shape.length;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p] as number);
  const st = perm.map((p) => inStrides[p] as number);
  const n = sizeOf(shape);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    out[i] = x[src] as number;
    for (let d = rank - 1; d >= 0; d--) {
      const t = (idx[d] as number) + 1;
      if (t < (outShape[d] as number)) {
        idx[d] = t;
        src += st[d] as number;
        break;
      }
      idx[d] = 0;
      src -= (st[d] as number) * (t - 1);
    }
  }
}

function gatherStrided(
  x: TypedArray,
  offset: number,
  strides: readonly number[],
  out: TypedArray,
  outShape: Shape,
): void {
  const rank = outShape.length;
  const n = out.length;
  const idx = new Array<number>(rank).fill(0);
  let src = offset;
  for (let i = 0; i < n; i++) {
    out[i] = x[src] as number;
    for (let d = rank - 1; d >= 0; d--) {
      const t = (idx[d] as number) + 1;
      if (t < (outShape[d] as number)) {
        idx[d] = t;
        src += strides[d] as number;
        break;
      }
      idx[d] = 0;
      src -= (strides[d] as number) * (t - 1);
    }
  }
}

function scatterStrided(
  x: TypedArray,
  shape: Shape,
  out: TypedArray,
  offset: number,
  strides: readonly number[],
): void {
  const rank = shape.length;
  const n = x.length;
  const idx = new Array<number>(rank).fill(0);
  let dst = offset;
  for (let i = 0; i < n; i++) {
    out[dst] = (out[dst] as number) + (x[i] as number);
    for (let d = rank - 1; d >= 0; d--) {
      const t = (idx[d] as number) + 1;
      if (t < (shape[d] as number)) {
        idx[d] = t;
        dst += strides[d] as number;
        break;
      }
      idx[d] = 0;
      dst -= (strides[d] as number) * (t - 1);
    }
  }
}

const ORIGIN = [0];

/** {@link Kernels.linear} as `matmul` (with transposed w), then the bias added to each row. */
export function linearByMatmul(matmulFn: Kernels['matmul']): Kernels['linear'] {
  return (x, w, bias, out, m, k, n) => {
    matmulFn(x, ORIGIN, w, ORIGIN, out, m, k, n, false, true);
    if (bias === null) return;
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) out[row + j] = (out[row + j] as number) + (bias[j] as number);
    }
  };
}

const ROWS = [0];

/** {@link Kernels.linearBackward} as two `matmul` calls and a `reduce` of the given backend parts. */
export function linearBackwardByParts(
  matmulFn: Kernels['matmul'],
  reduceFn: Kernels['reduce'],
): Kernels['linearBackward'] {
  return (g, x, w, gx, gw, gb, m, k, n) => {
    if (gw !== null) matmulFn(g, ORIGIN, x, ORIGIN, gw, n, m, k, true, false); // gᵀ @ x
    if (gb !== null) reduceFn('sum', g, [m, n], ROWS, gb);
    // g @ w last, from a copy when it overwrites g.
    if (gx !== null)
      matmulFn(gx === g ? g.slice() : g, ORIGIN, w, ORIGIN, gx, m, n, k, false, false);
  };
}

/** The pure-TypeScript kernels: the reference every faster backend is tested against. */
export const referenceKernels: Kernels = {
  name: 'reference',
  unary(kind, x, out) {
    const f = unaryFns[kind];
    for (let i = 0; i < x.length; i++) out[i] = f(x[i] as number);
  },
  binary,
  reduce,
  matmul,
  linear: linearByMatmul(matmul),
  linearBackward: linearBackwardByParts(matmul, reduce),
  axpy(alpha, x, y, out) {
    for (let i = 0; i < out.length; i++) out[i] = (y[i] as number) + alpha * (x[i] as number);
  },
  adam,
  conv2d: referenceConv2d,
  conv2dInputGrad: referenceConv2dInputGrad,
  conv2dWeightGrad: referenceConv2dWeightGrad,
  permute,
  gatherStrided,
  scatterStrided,
};
