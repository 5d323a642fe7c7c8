/**
 * Export cases of core's elementwise, reduction, shape and softmax ops (those of `ops-core.ts`):
 * per op, the forms its mapping has to get right (broadcasting, scalar operands, keepDims, all
 * axes, ties in comparisons, inputs that ops detach). Every tensor is a graph input, drawn in
 * the run's element type, so that each case runs in float32 and float64.
 */
import {
  cast,
  concat,
  expand,
  gather,
  linear,
  logSoftmax,
  matmul,
  oneHot,
  softmax,
  type Tensor,
  where,
} from '@gradscope/core';
import { erf } from '../src/index.js';
import type { Draw } from './export-support.js';

/** One way of exercising an op: a function of graph inputs, and how to draw them. */
export interface OpCase {
  readonly name: string;
  readonly f: (...xs: Tensor[]) => Tensor;
  readonly inputs: (d: Draw) => Tensor[];
  /** Export with a symbolic batch axis and run at two batch sizes. */
  readonly dynamicBatch?: boolean;
}

/** Cases by the registry name of the op they exercise. */
export type OpCases = { readonly [op: string]: readonly OpCase[] };

const B = (d: Draw) => d.batch;

/** The same binary op on two inputs of one shape and on broadcast shapes. */
function binaryCases(f: (a: Tensor, b: Tensor) => Tensor, positive = false): OpCase[] {
  const r = (d: Draw, s: number[]) => (positive ? d.uniform(s, 0.5, 2) : d.randn(s));
  return [
    { name: 'same shapes', f, inputs: (d) => [d.randn([B(d), 3, 4]), r(d, [B(d), 3, 4])] },
    {
      name: 'broadcast [N, 3, 1] with [4]',
      f,
      inputs: (d) => [d.randn([B(d), 3, 1]), r(d, [4])],
      dynamicBatch: true,
    },
  ];
}

/** A comparison on values with many ties (integers 0 … 2), and against a scalar. */
function compareCases(f: (a: Tensor, b: Tensor) => Tensor, g: (a: Tensor) => Tensor): OpCase[] {
  return [
    { name: 'with ties', f, inputs: (d) => [d.ints([B(d), 5], 3), d.ints([B(d), 5], 3)] },
    { name: 'against a scalar', f: g, inputs: (d) => [d.ints([B(d), 5], 3)] },
  ];
}

const unary = (f: (x: Tensor) => Tensor, inputs: (d: Draw) => Tensor[]): OpCase[] => [
  { name: 'elementwise', f, inputs },
];

/** Reductions: one axis with keepDims, several (negative) axes, all axes. */
function reduceCases(
  f: (x: Tensor, axis: number | number[] | undefined, keep: boolean) => Tensor,
  scale = 1,
): OpCase[] {
  const inputs = (d: Draw) => [d.randn([B(d), 3, 4], scale)];
  return [
    { name: 'axis 1, keepDims', f: (x) => f(x, 1, true), inputs, dynamicBatch: true },
    { name: 'axes [-1, 0]', f: (x) => f(x, [-1, 0], false), inputs },
    { name: 'all axes', f: (x) => f(x, undefined, false), inputs },
  ];
}

export const coreCases: OpCases = {
  add: [
    ...binaryCases((a, b) => a.add(b)),
    { name: 'a scalar', f: (x) => x.add(2.5), inputs: (d) => [d.randn([B(d), 3])] },
  ],
  sub: [
    ...binaryCases((a, b) => a.sub(b)),
    { name: 'from a scalar', f: (x) => x.neg().sub(1), inputs: (d) => [d.randn([3])] },
  ],
  mul: binaryCases((a, b) => a.mul(b)),
  div: [
    ...binaryCases((a, b) => a.div(b), true),
    { name: 'by a scalar', f: (x) => x.div(3), inputs: (d) => [d.randn([B(d), 3])] },
  ],
  pow: [
    ...binaryCases((a, b) => a.abs().add(0.5).pow(b)),
    {
      name: 'negative base, integer exponents 2 and 3',
      f: (x) => x.pow(2).add(x.pow(3)),
      inputs: (d) => [d.randn([B(d), 4])],
    },
  ],
  maximum: [
    ...binaryCases((a, b) => a.maximum(b)),
    { name: 'with 0', f: (x) => x.maximum(0), inputs: (d) => [d.randn([B(d), 4])] },
  ],
  minimum: binaryCases((a, b) => a.minimum(b)),
  greater: compareCases(
    (a, b) => a.gt(b),
    (a) => a.gt(1),
  ),
  greaterEqual: compareCases(
    (a, b) => a.ge(b),
    (a) => a.ge(1),
  ),
  less: compareCases(
    (a, b) => a.lt(b),
    (a) => a.lt(1),
  ),
  lessEqual: compareCases(
    (a, b) => a.le(b),
    (a) => a.le(1),
  ),
  equal: compareCases(
    (a, b) => a.eq(b),
    (a) => a.eq(1),
  ),
  notEqual: compareCases(
    (a, b) => a.ne(b),
    (a) => a.ne(1),
  ),
  neg: unary(
    (x) => x.neg(),
    (d) => [d.randn([B(d), 4])],
  ),
  exp: unary(
    (x) => x.exp(),
    (d) => [d.randn([B(d), 4], 3)],
  ),
  log: unary(
    (x) => x.log(),
    (d) => [d.uniform([B(d), 4], 0.01, 10)],
  ),
  log1p: unary(
    (x) => x.log1p(),
    (d) => [d.uniform([B(d), 4], -0.9, 10)],
  ),
  expm1: unary(
    (x) => x.expm1(),
    (d) => [d.randn([B(d), 6], 2)],
  ),
  sqrt: unary(
    (x) => x.sqrt(),
    (d) => [d.uniform([B(d), 4], 0, 10)],
  ),
  abs: unary(
    (x) => x.abs(),
    (d) => [d.kinks([B(d), 6], 2)],
  ),
  square: unary(
    (x) => x.square(),
    (d) => [d.randn([B(d), 4], 2)],
  ),
  sign: unary(
    (x) => x.sign(),
    (d) => [
      d
        .ints([B(d), 6], 3)
        .sub(1)
        .mul(d.randn([B(d), 6])),
    ],
  ),
  clamp: [
    { name: 'both bounds', f: (x) => x.clamp(-0.5, 0.7), inputs: (d) => [d.randn([B(d), 6])] },
    { name: 'min only', f: (x) => x.clamp(-0.2, null), inputs: (d) => [d.randn([B(d), 6])] },
    { name: 'max only', f: (x) => x.clamp(null, 0.3), inputs: (d) => [d.randn([B(d), 6])] },
  ],
  where: [
    {
      name: 'condition an input, broadcast',
      f: (c, a, b) => where(c, a, b),
      inputs: (d) => [d.ints([B(d), 1, 4], 2), d.randn([B(d), 3, 4]), d.randn([4])],
    },
    {
      name: 'condition from a comparison, a scalar branch',
      f: (x) => where(x.gt(0), x, 0.1),
      inputs: (d) => [d.randn([B(d), 5])],
      dynamicBatch: true,
    },
  ],
  matmul: [
    {
      name: 'batched @ matrix',
      f: (a, b) => matmul(a, b),
      inputs: (d) => [d.randn([B(d), 3, 4]), d.randn([4, 5])],
      dynamicBatch: true,
    },
    {
      name: 'broadcast batches',
      f: (a, b) => matmul(a, b),
      inputs: (d) => [d.randn([2, 1, 3, 4]), d.randn([5, 4, 2])],
    },
    {
      name: 'vector @ matrix',
      f: (a, b) => matmul(a, b),
      inputs: (d) => [d.randn([4]), d.randn([4, 3])],
    },
    {
      name: 'transB (linear without a bias)',
      f: (x, w) => linear(x, w),
      inputs: (d) => [d.randn([B(d), 2, 4]), d.randn([3, 4])],
      dynamicBatch: true,
    },
    {
      name: 'transA and transB, batched',
      f: (a, b) => matmul(a, b, { transA: true, transB: true }),
      inputs: (d) => [d.randn([B(d), 4, 3]), d.randn([B(d), 5, 4])],
    },
  ],
  linear: [
    {
      name: '2-d with bias (Gemm)',
      f: (x, w, b) => linear(x, w, b),
      inputs: (d) => [d.randn([B(d), 4]), d.randn([3, 4]), d.randn([3])],
      dynamicBatch: true,
    },
    {
      name: '1-d with bias',
      f: (x, w, b) => linear(x, w, b),
      inputs: (d) => [d.randn([4]), d.randn([3, 4]), d.randn([3])],
    },
    {
      name: '3-d with bias (MatMul, Add)',
      f: (x, w, b) => linear(x, w, b),
      inputs: (d) => [d.randn([B(d), 2, 4]), d.randn([3, 4]), d.randn([3])],
    },
  ],
  sum: reduceCases((x, a, k) => x.sum(a, k)),
  mean: reduceCases((x, a, k) => x.mean(a, k)),
  max: reduceCases((x, a, k) => x.max(a, k)),
  min: reduceCases((x, a, k) => x.min(a, k)),
  // Values up to ±150: exp overflows float32 unless the reduction subtracts the maximum.
  logSumExp: reduceCases((x, a, k) => x.logSumExp(a, k), 50),
  reshape: [
    {
      name: 'flatten the trailing axes',
      f: (x) => x.reshape([x.shape[0] as number, 12]),
      inputs: (d) => [d.randn([B(d), 3, 4])],
      dynamicBatch: true,
    },
    { name: 'to 1-d', f: (x) => x.reshape([-1]), inputs: (d) => [d.randn([3, 4])] },
  ],
  permute: [
    {
      name: 'perm [2, 0, 1]',
      f: (x) => x.permute([2, 0, 1]),
      inputs: (d) => [d.randn([B(d), 3, 4])],
    },
    { name: 'transpose', f: (x) => x.transpose(), inputs: (d) => [d.randn([3, 4])] },
  ],
  expand: [
    {
      name: 'a batch of [1, 4] rows to [N, 3, 4]',
      f: (x) => expand(x, [x.shape[0] as number, 3, 4]),
      inputs: (d) => [d.randn([B(d), 1, 4])],
      dynamicBatch: true,
    },
    { name: 'new leading axes', f: (x) => expand(x, [2, 3, 4]), inputs: (d) => [d.randn([3, 1])] },
  ],
  slice: [
    {
      name: 'a window',
      f: (x) => x.slice([0, 1, 1], [x.shape[0] as number, 2, 2]),
      inputs: (d) => [d.randn([B(d), 3, 4])],
      dynamicBatch: true,
    },
  ],
  gather: [
    {
      name: 'index an input (detached by the op)',
      f: (x, i) => gather(x, i, 1),
      inputs: (d) => [d.randn([B(d), 5]), d.ints([B(d), 3], 5)],
    },
    {
      name: 'constant index, axis 0',
      f: (x) => gather(x, [[2, 0, 1]], 0),
      inputs: (d) => [d.randn([3, 3])],
    },
  ],
  concat: [
    {
      name: 'axis 1',
      f: (a, b) => concat([a, b], 1),
      inputs: (d) => [d.randn([B(d), 2]), d.randn([B(d), 3])],
      dynamicBatch: true,
    },
    {
      name: 'three, last axis',
      f: (a, b, c) => concat([a, b, c], -1),
      inputs: (d) => [d.randn([2, 1]), d.randn([2, 2]), d.randn([2, 3])],
    },
  ],
  oneHot: [
    {
      name: 'labels an input (detached by the op)',
      f: (l) => oneHot(l, 5, { dtype: l.dtype }),
      inputs: (d) => [d.ints([B(d), 3], 5)],
      dynamicBatch: true,
    },
    {
      name: 'labels from a comparison',
      f: (x) => oneHot(x.gt(0), 2, { dtype: x.dtype }).mul(x.reshape([...x.shape, 1])),
      inputs: (d) => [d.randn([B(d), 4])],
    },
  ],
  erf: unary(
    (x) => erf(x),
    (d) => [d.randn([B(d), 6], 2)],
  ),
  cast: [
    {
      name: 'to the other element type and back',
      f: (x) => cast(cast(x, x.dtype === 'float32' ? 'float64' : 'float32').mul(2), x.dtype),
      inputs: (d) => [d.randn([B(d), 4])],
    },
    {
      name: 'to the other element type (output)',
      f: (x) => cast(x, x.dtype === 'float32' ? 'float64' : 'float32'),
      inputs: (d) => [d.randn([B(d), 4])],
    },
  ],
  softmax: [
    { name: 'last axis', f: (x) => softmax(x, -1), inputs: (d) => [d.randn([B(d), 5], 30)] },
    { name: 'axis 0', f: (x) => softmax(x, 0), inputs: (d) => [d.randn([B(d), 3, 2])] },
  ],
  logSoftmax: [
    { name: 'last axis', f: (x) => logSoftmax(x, -1), inputs: (d) => [d.randn([B(d), 5], 30)] },
    { name: 'axis 1 of 3', f: (x) => logSoftmax(x, 1), inputs: (d) => [d.randn([B(d), 3, 2])] },
  ],
};
