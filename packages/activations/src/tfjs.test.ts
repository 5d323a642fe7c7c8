/**
 * TensorFlow.js 4.22 (CPU backend, float32) as an independent reference: forward values and
 * `tf.grad` gradients on a grid that includes the kinks, 0 and extreme inputs.
 */

import { type Tensor, tensor } from '@gradscope/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  celu,
  elliott,
  elu,
  gelu,
  hardSigmoid,
  hardSigmoidTfjs,
  hardSwish,
  hardTanh,
  identity,
  leakyRelu,
  lisht,
  logSigmoid,
  logSoftmax,
  mish,
  prelu,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  softsign,
  step,
  swish,
  tanh,
} from './index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const KINKS = [-6, -3, -2.5, -1, 0, 1, 2.5, 3, 6];
const EXTREMES = [-1e4, -1000, -100, -30, -20, 20, 30, 100, 1000, 1e4];
const DENSE = Array.from({ length: 65 }, (_, i) => -8 + i * 0.25);
const GRID = [
  ...new Set([...DENSE, ...KINKS, ...EXTREMES, -1e-3, 1e-3, 0.3, -0.7, 5.99, 6.01]),
].sort((a, b) => a - b);

type TfFn = (x: tf.Tensor) => tf.Tensor;
const layer =
  (activation: string): TfFn =>
  (x) =>
    tf.layers.activation({ activation: activation as 'relu' }).apply(x) as tf.Tensor;

/** Our value and derivative (float32, by backward) at each point. */
function ours(f: (x: Tensor) => Tensor, xs: readonly number[]): { y: number[]; dy: number[] } {
  const x = tensor(xs, { requiresGrad: true });
  const y = f(x);
  y.sum().backward();
  return { y: Array.from(y.data), dy: Array.from((x.grad as Tensor).data) };
}

/** TensorFlow.js' value and derivative at each point. */
function theirs(f: TfFn, xs: readonly number[]): { y: number[]; dy: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor1d(xs as number[], 'float32');
    const y = Array.from(f(x).dataSync());
    const dy = Array.from(
      tf
        .grad((t: tf.Tensor) => f(t).sum())(x)
        .dataSync(),
    );
    return { y, dy };
  });
}

/** Agreement to float32 precision: |a - b| <= atol + rtol |b|. */
function expectClose(
  a: number[],
  b: number[],
  what: string,
  xs: readonly number[],
  atol = 1e-7,
  rtol = 1e-6,
) {
  for (let i = 0; i < a.length; i++) {
    const u = a[i] as number;
    const v = b[i] as number;
    if (Number.isNaN(v)) {
      expect(u, `${what} at x=${xs[i]}`).toBeNaN();
      continue;
    }
    const ok = Math.abs(u - v) <= atol + rtol * Math.abs(v);
    expect(ok, `${what} at x=${xs[i]}: ours ${u}, tfjs ${v}`).toBe(true);
  }
}

interface Case {
  name: string;
  ours: (x: Tensor) => Tensor;
  tfjs: TfFn;
  /** Points where the reference follows a different documented kink convention. */
  skipGradAt?: readonly number[];
  atol?: number;
  rtol?: number;
}

const SQRT2 = Math.SQRT2;
// Other points of view on the same functions are in formulas.test.ts (float64) and meta.test.ts.
const CASES: Case[] = [
  { name: 'relu', ours: relu, tfjs: tf.relu },
  { name: 'relu6', ours: relu6, tfjs: tf.relu6 },
  { name: 'leakyRelu (0.01)', ours: (x) => leakyRelu(x), tfjs: (x) => tf.leakyRelu(x, 0.01) },
  { name: 'leakyRelu (0.2)', ours: (x) => leakyRelu(x, 0.2), tfjs: (x) => tf.leakyRelu(x, 0.2) },
  { name: 'elu', ours: (x) => elu(x), tfjs: tf.elu },
  { name: 'selu', ours: selu, tfjs: tf.selu },
  { name: 'sigmoid', ours: sigmoid, tfjs: tf.sigmoid },
  { name: 'tanh', ours: tanh, tfjs: tf.tanh },
  { name: 'softplus', ours: (x) => softplus(x), tfjs: tf.softplus },
  { name: 'softsign', ours: softsign, tfjs: layer('softsign') },
  { name: 'step', ours: (x) => step(x), tfjs: (x) => tf.step(x) },
  { name: 'logSigmoid', ours: logSigmoid, tfjs: tf.logSigmoid },
  { name: 'hardSigmoidTfjs', ours: hardSigmoidTfjs, tfjs: layer('hardSigmoid') },
  {
    name: 'hardSigmoid (PyTorch, as clip(x/6 + 1/2, 0, 1))',
    ours: hardSigmoid,
    tfjs: (x) => tf.clipByValue(tf.add(tf.div(x, 6), 0.5), 0, 1),
  },
  { name: 'hardTanh', ours: (x) => hardTanh(x), tfjs: (x) => tf.clipByValue(x, -1, 1) },
  {
    name: 'hardTanh(-2, 3)',
    ours: (x) => hardTanh(x, -2, 3),
    tfjs: (x) => tf.clipByValue(x, -2, 3),
  },
  // tf's relu6 has gradient 0 at x + 3 = 0; PyTorch's hardswish_backward gives -1/2 at x = -3.
  {
    name: 'hardSwish (x relu6(x + 3) / 6)',
    ours: hardSwish,
    tfjs: (x) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6),
    skipGradAt: [-3],
  },
  { name: 'swish', ours: (x) => swish(x), tfjs: layer('swish') },
  {
    name: 'swish (beta 1.5)',
    ours: (x) => swish(x, 1.5),
    tfjs: (x) => tf.mul(x, tf.sigmoid(tf.mul(x, 1.5))),
  },
  { name: 'silu', ours: silu, tfjs: layer('swish') },
  // tfjs' erf is a 1.5e-7 polynomial approximation: allow a little more than float32 rounding.
  { name: 'gelu', ours: (x) => gelu(x), tfjs: layer('gelu'), atol: 5e-7 * 4, rtol: 1e-5 },
  // tfjs evaluates 1 + tanh(u) in float32, which cancels to 0 for u < -9; ours is computed in
  // float64 and rounded once (e.g. -2.9e-7 at x = -5.25): compare with an absolute 1e-6.
  {
    name: 'gelu tanh',
    ours: (x) => gelu(x, { approximate: 'tanh' }),
    tfjs: layer('gelu_new'),
    atol: 1e-6,
  },
  { name: 'mish', ours: mish, tfjs: layer('mish') },
  { name: 'identity', ours: identity, tfjs: layer('linear') },
  { name: 'lisht (x tanh x)', ours: lisht, tfjs: (x) => tf.mul(x, tf.tanh(x)) },
  {
    name: 'elliott (0.5 x / (1 + |x|) + 0.5)',
    ours: elliott,
    tfjs: (x) => tf.add(tf.div(tf.mul(x, 0.5), tf.add(tf.abs(x), 1)), 0.5),
  },
  {
    name: 'celu (alpha 2)',
    ours: (x) => celu(x, 2),
    // celu(x, a) = a elu(x / a)
    tfjs: (x) => tf.mul(2, tf.elu(tf.div(x, 2))),
  },
];

describe('activations agree with TensorFlow.js (float32, values and tf.grad)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const a = ours(c.ours, GRID);
      const b = theirs(c.tfjs, GRID);
      expectClose(a.y, b.y, `${c.name} value`, GRID, c.atol, c.rtol);
      const keep = GRID.map((x) => !(c.skipGradAt ?? []).includes(x));
      expectClose(
        a.dy.filter((_, i) => keep[i]),
        b.dy.filter((_, i) => keep[i]),
        `${c.name} gradient`,
        GRID.filter((_, i) => keep[i]),
        c.atol,
        c.rtol,
      );
    });
  }

  it('gelu matches 0.5 x (1 + erf(x / sqrt 2)) written with tf ops', () => {
    const f: TfFn = (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, SQRT2))));
    const a = ours((x) => gelu(x), GRID);
    const b = theirs(f, GRID);
    expectClose(a.y, b.y, 'gelu value', GRID, 2e-6, 1e-5);
    expectClose(a.dy, b.dy, 'gelu gradient', GRID, 2e-6, 1e-5);
  });

  it('prelu: values and gradients for x and a per-channel alpha', () => {
    const xs = [
      [-2, 0, 3],
      [4, -5, -0.5],
      [0, 7, -1e4],
    ];
    const al = [0.25, -0.1, 2];
    const x = tensor(xs, { requiresGrad: true });
    const alpha = tensor(al, { requiresGrad: true });
    const w = tensor([
      [1, 2, 3],
      [-1, 0.5, 2],
      [3, 1, 0.25],
    ]);
    prelu(x, alpha).mul(w).sum().backward();
    const [gx, ga, y] = tf.tidy(() => {
      const tx = tf.tensor2d(xs);
      const ta = tf.tensor1d(al);
      const tw = tf.tensor2d(w.toArray() as number[][]);
      const f = (u: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(tf.prelu(u, v), tw));
      const [dx, da] = tf.grads(f)([tx, ta]);
      return [
        Array.from((dx as tf.Tensor).dataSync()),
        Array.from((da as tf.Tensor).dataSync()),
        Array.from(tf.prelu(tx as tf.Tensor, ta as tf.Tensor).dataSync()),
      ];
    });
    expectClose(Array.from(prelu(x.detach(), alpha.detach()).data), y, 'prelu value', xs.flat());
    expectClose(Array.from((x.grad as Tensor).data), gx, 'prelu dx', xs.flat());
    expectClose(Array.from((alpha.grad as Tensor).data), ga, 'prelu dalpha', al);
  });

  it('softmax and logSoftmax (listed in the registry, from core)', () => {
    const rows = [
      [1, 2, 3, -1],
      [30, -20, 0, 29.5],
    ];
    const w = [0.5, -1, 2, 1, 3, 0.25, -2, 1];
    for (const [mine, theirsFn] of [
      [softmax, tf.softmax],
      [logSoftmax, tf.logSoftmax],
    ] as const) {
      const x = tensor(rows, { requiresGrad: true });
      const y = mine(x);
      y.mul(tensor(w, { shape: [2, 4] }))
        .sum()
        .backward();
      const [ty, tg] = tf.tidy(() => {
        const tx = tf.tensor2d(rows);
        const tw = tf.tensor2d(w, [2, 4]);
        const f = (u: tf.Tensor) => tf.sum(tf.mul(theirsFn(u as tf.Tensor2D), tw));
        return [Array.from(theirsFn(tx).dataSync()), Array.from(tf.grad(f)(tx).dataSync())];
      });
      expectClose(Array.from(y.data), ty, `${mine.name} value`, rows.flat());
      expectClose(Array.from((x.grad as Tensor).data), tg, `${mine.name} gradient`, rows.flat());
    }
  });
});
