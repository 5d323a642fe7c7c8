/**
 * Every gradscope op that toONNX maps (`supportedOps()`), alone, exported at opsets 13, 17 and
 * 21 and run in ONNX Runtime: outputs equal gradscope's forward within 1e-5; the same file read
 * back with fromONNX gives gradscope's forward again. A new mapping without a case here fails the
 * coverage test.
 */
import { getActivation, listActivations, normalCdf, prelu } from '@gradscope/activations';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  cast,
  concat,
  conv1d,
  conv2d,
  convTranspose2d,
  createRng,
  gather,
  linear,
  logSoftmax,
  matmul,
  maxPool2d,
  oneHot,
  pad,
  randn,
  softmax,
  type Tensor,
  tensor,
  where,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { erf, fromONNX, supportedOps, toONNX } from '../src/index.js';
import { worstError } from './import-support.js';
import { expectClose, runOrt } from './ort-support.js';

interface Case {
  /** Shapes of the inputs. */
  shapes: number[][];
  fn: (...xs: Tensor[]) => Tensor;
}

const M = [3, 4];
const IMG = [2, 3, 6, 6];
const w = (shape: number[], seed = 9) => randn(shape, { rng: createRng(seed) });
const one = (fn: (x: Tensor) => Tensor): Case => ({ shapes: [M], fn });
const two = (fn: (x: Tensor, z: Tensor) => Tensor): Case => ({ shapes: [M, M], fn });
const img = (fn: (x: Tensor) => Tensor): Case => ({ shapes: [IMG], fn });

const coreCases: Record<string, Case> = {
  abs: one((x) => x.abs()),
  add: { shapes: [M, [4]], fn: (x, z) => x.add(z as Tensor) },
  sub: two((x, z) => x.sub(z)),
  mul: two((x, z) => x.mul(z)),
  div: two((x, z) => x.div(z.abs().add(1))),
  pow: two((x, z) => x.abs().add(0.5).pow(z)),
  maximum: two((x, z) => x.maximum(z)),
  minimum: two((x, z) => x.minimum(z)),
  equal: two((x, z) => x.gt(0).eq(z.gt(0))),
  notEqual: two((x, z) => x.gt(0).ne(z.gt(0))),
  greater: two((x, z) => x.gt(z)),
  greaterEqual: two((x, z) => x.ge(z)),
  less: two((x, z) => x.lt(z)),
  lessEqual: two((x, z) => x.le(z)),
  where: two((x, z) => where(x.gt(z), x, z)),
  neg: one((x) => x.neg()),
  exp: one((x) => x.exp()),
  expm1: one((x) => x.expm1()),
  log: one((x) => x.abs().add(0.1).log()),
  log1p: one((x) => x.abs().log1p()),
  sqrt: one((x) => x.abs().sqrt()),
  square: one((x) => x.square()),
  sign: one((x) => x.sign()),
  clamp: one((x) => x.clamp(-0.5, 0.7)),
  cast: one((x) => cast(cast(x, 'float64').mul(2), 'float32')),
  sum: one((x) => x.sum(1, true)),
  mean: one((x) => x.mean(0)),
  max: one((x) => x.max(1)),
  min: one((x) => x.min([0, 1])),
  logSumExp: one((x) => x.logSumExp(1)),
  softmax: one((x) => softmax(x, 0)),
  logSoftmax: one((x) => logSoftmax(x, -1)),
  reshape: one((x) => x.reshape([2, 6])),
  permute: { shapes: [[2, 3, 4]], fn: (x) => x.permute([2, 0, 1]) },
  expand: { shapes: [[3, 1]], fn: (x) => x.expand([2, 3, 4]) },
  slice: one((x) => x.slice([1, 1], [2, 2])),
  concat: two((x, z) => concat([x, z], 1)),
  gather: one((x) =>
    gather(
      x,
      tensor([
        [3, 0],
        [1, 1],
        [2, 0],
      ]),
      1,
    ),
  ),
  matmul: {
    shapes: [
      [2, 3, 4],
      [4, 5],
    ],
    fn: (x, z) => matmul(x, z as Tensor),
  },
  linear: one((x) => linear(x, w([5, 4]), w([5], 3))),
  conv2d: img((x) => conv2d(x, w([4, 3, 3, 3]), w([4], 2), { stride: [2, 1], padding: [1, 0] })),
  conv1d: {
    shapes: [[2, 3, 7]],
    fn: (x) => conv1d(x, w([4, 3, 3]), null, { padding: 1, dilation: 2 }),
  },
  convTranspose2d: img((x) =>
    convTranspose2d(x, w([3, 2, 3, 3]), w([2], 4), { stride: 2, padding: 1, outputPadding: 1 }),
  ),
  maxPool2d: img((x) => maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true })),
  avgPool2d: img((x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false })),
  adaptiveAvgPool2d: img((x) => adaptiveAvgPool2d(x, 3)),
  pad: img((x) => pad(pad(x, [1, 2, 0, 1]), [2, 1], { mode: 'reflect' })),
};

const activationCases: Record<string, Case> = Object.fromEntries(
  listActivations().map((a) => [
    a.name,
    one((x) =>
      a.name === 'prelu'
        ? prelu(x, tensor([0.1, 0.2, 0.3, 0.4]))
        : (getActivation(a.name).apply as (x: Tensor) => Tensor)(x.mul(2)),
    ),
  ]),
);
const cases: Record<string, Case> = {
  ...activationCases,
  ...coreCases,
  normalCdf: one((x) => normalCdf(x)),
  erf: one((x) => erf(x)),
  oneHot: one((x) => oneHot(x.gt(0), 2)),
};

describe('every mapped op, alone, → ONNX Runtime and back', () => {
  it('has a case for every op toONNX maps', () => {
    expect(supportedOps().filter((op) => cases[op] === undefined)).toEqual([]);
  });
  for (const opset of [13, 17, 21]) {
    it.each(Object.keys(cases).sort())(`opset ${opset}: %s`, async (op) => {
      const c = cases[op] as Case;
      const xs = c.shapes.map((s, i) => randn(s, { rng: createRng(20 + i) }));
      const want = c.fn(...xs);
      const bytes = toONNX((...ins: Tensor[]) => c.fn(...ins), xs, { opset });
      const feeds = Object.fromEntries(
        xs.map((x, i) => [xs.length === 1 ? 'input' : `input_${i}`, x]),
      );
      const got = await runOrt(bytes, feeds);
      expectClose(got.output as never, want);
      const back = fromONNX(bytes).run(...xs)[0] as Tensor;
      expect(worstError(back, want)).toBeLessThanOrEqual(1e-5);
    });
  }
});
