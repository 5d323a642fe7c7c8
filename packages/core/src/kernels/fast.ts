/**
 * Tuned plain-TypeScript kernels: the same results as {@link referenceKernels} (up to the order
 * of floating-point sums), with
 * - one monomorphic loop per elementwise kind (no function call per element),
 * - fast paths for the broadcasts layers use: scalar, row (`[m,n] + [n]`, bias) and column
 *   (`[m,n] - [m,1]`, softmax shifts) — anything else goes to the reference loops,
 * - reductions over leading axes (bias gradients) and trailing axes (row sums, row maxima),
 * - a packed, register-blocked matmul ({@link fastMatmul}) with transposed reads.
 */
import type { TypedArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { broadcastPattern } from './broadcast.js';
import { im2colConvKernels } from './conv-im2col.js';
import { fastMatmul } from './fast-matmul.js';
import type { BinaryKind, Kernels, ReduceKind, UnaryKind } from './kernels.js';
import { adam } from './optim.js';
import { linearBackwardByParts, linearByMatmul, referenceKernels } from './reference.js';

function unary(kind: UnaryKind, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  switch (kind) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -(x[i] as number);
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i] as number);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i] as number);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i] as number);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i] as number);
      return;
    case 'square':
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        out[i] = v * v;
      }
      return;
    default:
      referenceKernels.unary(kind, x, out);
  }
}

/** `out[o + i] = f(a[ai + i * as], b[bi + i * bs])` for `i < len`; `as`/`bs` are 0 (broadcast) or 1. */
type Loop = (
  a: TypedArray,
  ai: number,
  as: number,
  b: TypedArray,
  bi: number,
  bs: number,
  out: TypedArray,
  o: number,
  len: number,
) => void;

// One small function per kind for strided and broadcast loops, so that each is specialised for
// its own kind. Same-length add, sub and mul skip the table (see binary).
const loops: Partial<Record<BinaryKind, Loop>> = {
  add(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) + (b[bi] as number);
  },
  sub(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) - (b[bi] as number);
  },
  mul(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) * (b[bi] as number);
  },
  div(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) / (b[bi] as number);
  },
  maximum(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs) {
      const x = a[ai] as number;
      const y = b[bi] as number;
      // NaN if either is NaN, else the larger; ties keep x, so max(-0, +0) is -0 (as the
      // reference; Math.max would give +0).
      // biome-ignore lint/complexity/useMathMinMax: signed-zero semantics differ, see above
      out[o + i] = Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : x >= y ? x : y;
    }
  },
  minimum(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs) {
      const x = a[ai] as number;
      const y = b[bi] as number;
      // biome-ignore lint/complexity/useMathMinMax: keeps the reference's signed-zero ties
      out[o + i] = Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : x <= y ? x : y;
    }
  },
  gt(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) > (b[bi] as number) ? 1 : 0;
  },
  lt(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) < (b[bi] as number) ? 1 : 0;
  },
  eq(a, ai, as, b, bi, bs, out, o, len) {
    for (let i = 0; i < len; i++, ai += as, bi += bs)
      out[o + i] = (a[ai] as number) === (b[bi] as number) ? 1 : 0;
  },
};

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
  const an = a.length;
  const bn = b.length;
  // Same-length add, sub and mul, the commonest case: plain loops, no table call or strides (in a
  // program that runs many kinds of op, a call through the table cannot be specialised).
  if (an === n && bn === n) {
    switch (kind) {
      case 'add':
        for (let i = 0; i < n; i++) out[i] = (a[i] as number) + (b[i] as number);
        return;
      case 'sub':
        for (let i = 0; i < n; i++) out[i] = (a[i] as number) - (b[i] as number);
        return;
      case 'mul':
        for (let i = 0; i < n; i++) out[i] = (a[i] as number) * (b[i] as number);
        return;
      default:
    }
  }
  const f = loops[kind];
  if (f !== undefined) {
    if (an === n && bn === n) {
      f(a, 0, 1, b, 0, 1, out, 0, n);
      return;
    }
    if (bn === 1 && an === n) {
      f(a, 0, 1, b, 0, 0, out, 0, n);
      return;
    }
    if (an === 1 && bn === n) {
      f(a, 0, 0, b, 0, 1, out, 0, n);
      return;
    }
    if (an === n && bn > 0) {
      const p = broadcastPattern(bShape, outShape);
      if (p === 'row') {
        for (let o = 0; o < n; o += bn) f(a, o, 1, b, 0, 1, out, o, bn);
        return;
      }
      if (p === 'col') {
        const len = n / bn;
        for (let r = 0; r < bn; r++) f(a, r * len, 1, b, r, 0, out, r * len, len);
        return;
      }
    } else if (bn === n && an > 0) {
      const p = broadcastPattern(aShape, outShape);
      if (p === 'row') {
        for (let o = 0; o < n; o += an) f(a, 0, 1, b, o, 1, out, o, an);
        return;
      }
      if (p === 'col') {
        const len = n / an;
        for (let r = 0; r < an; r++) f(a, r, 0, b, r * len, 1, out, r * len, len);
        return;
      }
    }
  }
  referenceKernels.binary(kind, a, aShape, b, bShape, out, outShape);
}

/** Folds `x[start + i * stride]`, `i < len`, with sum / max / min (NaN propagates). */
function fold(kind: ReduceKind, x: TypedArray, start: number, stride: number, len: number): number {
  let i = start;
  const end = start + len * stride;
  if (kind === 'sum') {
    let acc = 0;
    for (; i < end; i += stride) acc += x[i] as number;
    return acc;
  }
  if (kind === 'max') {
    let acc = Number.NEGATIVE_INFINITY;
    for (; i < end; i += stride) {
      const v = x[i] as number;
      if (v > acc || Number.isNaN(v)) acc = v;
      if (Number.isNaN(acc)) break;
    }
    return acc;
  }
  let acc = Number.POSITIVE_INFINITY;
  for (; i < end; i += stride) {
    const v = x[i] as number;
    if (v < acc || Number.isNaN(v)) acc = v;
    if (Number.isNaN(acc)) break;
  }
  return acc;
}

function reduce(
  kind: ReduceKind,
  x: TypedArray,
  shape: Shape,
  axes: readonly number[],
  out: TypedArray,
): void {
  const rank = shape.length;
  const na = axes.length;
  // Are the reduced axes a leading block [0, na) or a trailing block [rank - na, rank)?
  let leading = true;
  let trailing = true;
  for (let i = 0; i < na; i++) {
    if (axes[i] !== i) leading = false;
    if (axes[i] !== rank - na + i) trailing = false;
  }
  if (!leading && !trailing) {
    referenceKernels.reduce(kind, x, shape, axes, out);
    return;
  }
  let inner = 1;
  for (let i = 0; i < na; i++) inner *= shape[axes[i] as number] as number;
  const outer = inner === 0 ? out.length : x.length / inner;
  if (trailing) {
    // out[r] = fold(x[r * inner .. (r + 1) * inner))
    for (let r = 0; r < outer; r++) out[r] = fold(kind, x, r * inner, 1, inner);
    return;
  }
  // Leading: out[j] = fold over i of x[i * outer + j]; summed row by row for locality.
  const cols = outer;
  const rows = inner;
  if (kind === 'sum') {
    out.fill(0);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) out[j] = (out[j] as number) + (x[base + j] as number);
    }
    return;
  }
  for (let j = 0; j < cols; j++) out[j] = fold(kind, x, j, cols, rows);
}

/** {@link Kernels.axpy}, unrolled by four: four updates share each round of loop bookkeeping. */
function axpy(alpha: number, x: TypedArray, y: TypedArray, out: TypedArray): void {
  const n = out.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    out[i] = (y[i] as number) + alpha * (x[i] as number);
    out[i + 1] = (y[i + 1] as number) + alpha * (x[i + 1] as number);
    out[i + 2] = (y[i + 2] as number) + alpha * (x[i + 2] as number);
    out[i + 3] = (y[i + 3] as number) + alpha * (x[i + 3] as number);
  }
  for (; i < n; i++) out[i] = (y[i] as number) + alpha * (x[i] as number);
}

const conv = im2colConvKernels(fastMatmul);

/** Tuned plain-TypeScript kernels; falls back to the reference loops for uncommon patterns. */
export const fastKernels: Kernels = {
  name: 'fast',
  unary,
  binary,
  reduce,
  matmul: fastMatmul,
  linear: linearByMatmul(fastMatmul),
  linearBackward: linearBackwardByParts(fastMatmul, reduce),
  axpy,
  adam,
  conv2d: conv.conv2d,
  conv2dInputGrad: conv.conv2dInputGrad,
  conv2dWeightGrad: conv.conv2dWeightGrad,
  permute: referenceKernels.permute,
  gatherStrided: referenceKernels.gatherStrided,
  scatterStrided: referenceKernels.scatterStrided,
};
