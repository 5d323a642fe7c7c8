/**
 * The CNN layers against TensorFlow.js 4.22 layers (cpu backend), given identical weights and
 * inputs: the outputs and the gradients of `sum(y · u)` for the input and every parameter.
 * Layouts: gradscope is channels-first with PyTorch's weights (`Conv2d` `[O, I, kH, kW]`,
 * `ConvTranspose2d` `[I, O, kH, kW]`, `Conv1d` `[O, I, k]`); the TF.js layers run with
 * `dataFormat: 'channelsFirst'` (conv1d, whose channels-first output is not, on channels-last
 * data transposed here) and take kernels `[kH, kW, I, O]` (transposed: `[kH, kW, O, I]`).
 */
import { createRng, randn, type Tensor } from '@gradscope/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  ConvTranspose2d,
  MaxPool2d,
  type Module,
} from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const asTf = (t: Tensor, perm?: number[]) => {
  const r = tf.tensor(Array.from(t.data), [...t.shape]);
  return perm === undefined ? r : tf.transpose(r, perm);
};

/** |a − b| ≤ tol · (1 + max |b|), elementwise. */
function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 2e-5): void {
  expect(a.length).toBe(b.length);
  let scale = 1;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i] as number));
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  expect(worst).toBeLessThanOrEqual(tol * scale);
}

interface Run {
  y: Float32Array;
  gx: Float32Array;
  grads: Float32Array[];
}

/** gradscope: y = layer(x), gradients of sum(y · u) for x and each parameter (in order). */
function ours(layer: Module, x: Tensor, u: Tensor | null): Run {
  const xi = x.detach().setRequiresGrad(true);
  const y = layer.call(xi);
  y.mul(u ?? 1)
    .sum()
    .backward();
  return {
    y: Float32Array.from(y.data),
    gx: Float32Array.from(xi.grad?.data ?? []),
    grads: layer.parameters().map((p) => Float32Array.from(p.grad?.data ?? [])),
  };
}

/** TF.js: the same for a layer whose weights are set; `toTf` / `fromTf` convert layouts. */
function theirs(
  layer: tf.layers.Layer,
  x: tf.Tensor,
  u: tf.Tensor | null,
  training: boolean,
  back: (t: tf.Tensor, i: number) => tf.Tensor = (t) => t,
): Run {
  const xv = tf.variable(x);
  const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  let y: tf.Tensor | null = null;
  const { grads } = tf.variableGrads(() => {
    y = tf.keep(layer.apply(xv, { training }) as tf.Tensor);
    return tf.sum(u === null ? y : tf.mul(y, u)) as tf.Scalar;
  }, [xv, ...vars]);
  return {
    y: Float32Array.from((y as unknown as tf.Tensor).dataSync()),
    gx: Float32Array.from((grads[xv.name] as tf.Tensor).dataSync()),
    grads: vars.map((v, i) => Float32Array.from(back(grads[v.name] as tf.Tensor, i).dataSync())),
  };
}

function compare(a: Run, b: Run, tol?: number): void {
  close(a.y, b.y, tol);
  close(a.gx, b.gx, tol);
  expect(a.grads.length).toBe(b.grads.length);
  a.grads.forEach((g, i) => {
    close(g, b.grads[i] as Float32Array, tol);
  });
}

/** The forward value only (TF.js has no gradient for dilated convolutions). */
function forwardOf(layer: tf.layers.Layer, x: tf.Tensor): Float32Array {
  return Float32Array.from((layer.apply(x) as tf.Tensor).dataSync());
}

const rng = createRng(2024);

describe('Conv2d equals tf.layers.conv2d (channelsFirst)', () => {
  const cases = [
    { k: 3, stride: 1, padding: 0, dilation: 1, tfPad: 'valid' },
    { k: 3, stride: 2, padding: 0, dilation: 1, tfPad: 'valid' },
    { k: [2, 3], stride: [1, 2], padding: 0, dilation: 1, tfPad: 'valid' },
    { k: 3, stride: 1, padding: 'same', dilation: 2, tfPad: 'same' },
    { k: 4, stride: 1, padding: 'same', dilation: 1, tfPad: 'same' }, // odd total: extra zero after
    { k: 5, stride: 1, padding: 'valid', dilation: [1, 2], tfPad: 'valid' },
  ] as const;
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_, c) => {
    const layer = new Conv2d(3, 4, c.k, {
      stride: c.stride,
      padding: c.padding,
      dilation: c.dilation,
      rng,
    });
    const x = randn([2, 3, 9, 11], { rng });
    const yShape = layer.call(x).shape;
    const u = randn(yShape, { rng });
    const t = tf.layers.conv2d({
      filters: 4,
      kernelSize: c.k as number | number[],
      strides: c.stride as number | number[],
      padding: c.tfPad,
      dilationRate: c.dilation as number | [number, number],
      dataFormat: 'channelsFirst',
    });
    t.apply(asTf(x));
    t.setWeights([asTf(layer.weight, [2, 3, 1, 0]), asTf(layer.bias as Tensor)]);
    if (c.dilation !== 1) {
      close(ours(layer, x, u).y, forwardOf(t, asTf(x)));
      return;
    }
    compare(
      ours(layer, x, u),
      theirs(t, asTf(x), asTf(u), true, (g, i) => (i === 0 ? tf.transpose(g, [3, 2, 0, 1]) : g)),
    );
  });
});

describe('Conv1d equals tf.layers.conv1d', () => {
  it.each([
    [1, 0, 1, 'valid'],
    [2, 0, 1, 'valid'],
    [1, 'same', 2, 'same'],
  ] as const)('stride %s, padding %s, dilation %s', (stride, padding, dilation, tfPad) => {
    const layer = new Conv1d(3, 5, 3, { stride, padding, dilation, rng });
    const x = randn([2, 3, 13], { rng });
    const u = randn(layer.call(x).shape, { rng });
    const t = tf.layers.conv1d({
      filters: 5,
      kernelSize: 3,
      strides: stride,
      padding: tfPad,
      dilationRate: dilation,
    });
    const xt = asTf(x, [0, 2, 1]); // [N, L, C]
    t.apply(xt);
    t.setWeights([asTf(layer.weight, [2, 1, 0]), asTf(layer.bias as Tensor)]);
    const [n, c, l] = x.shape as [number, number, number];
    if (dilation !== 1) {
      const y = tf.transpose(t.apply(xt) as tf.Tensor, [0, 2, 1]);
      close(ours(layer, x, u).y, y.dataSync() as Float32Array);
      return;
    }
    const b = theirs(t, xt, asTf(u, [0, 2, 1]), true, (g, i) =>
      i === 0 ? tf.transpose(g, [2, 1, 0]) : g,
    );
    const a = ours(layer, x, u);
    const yT = tf.transpose(tf.tensor(Array.from(b.y), [n, b.y.length / n / 5, 5]), [0, 2, 1]);
    const gxT = tf.transpose(tf.tensor(Array.from(b.gx), [n, l, c]), [0, 2, 1]);
    compare(a, {
      y: yT.dataSync() as Float32Array,
      gx: gxT.dataSync() as Float32Array,
      grads: b.grads,
    });
  });
});

describe('ConvTranspose2d equals tf.layers.conv2dTranspose (channelsFirst, padding valid)', () => {
  it.each([
    [3, 1],
    [3, 2],
    [
      [2, 3],
      [2, 1],
    ],
    [4, 3],
  ] as const)('kernel %j, stride %j', (k, stride) => {
    const layer = new ConvTranspose2d(3, 4, k, { stride, rng });
    const x = randn([2, 3, 5, 4], { rng });
    const u = randn(layer.call(x).shape, { rng });
    const t = tf.layers.conv2dTranspose({
      filters: 4,
      kernelSize: k as number | number[],
      strides: stride as number | number[],
      padding: 'valid',
      dataFormat: 'channelsFirst',
    });
    t.apply(asTf(x));
    // ours [I, O, kH, kW] → TF.js [kH, kW, O, I]
    t.setWeights([asTf(layer.weight, [2, 3, 1, 0]), asTf(layer.bias as Tensor)]);
    compare(
      ours(layer, x, u),
      theirs(t, asTf(x), asTf(u), true, (g, i) => (i === 0 ? tf.transpose(g, [3, 2, 0, 1]) : g)),
    );
  });
});

describe('pooling layers equal TF.js pooling layers (channelsFirst)', () => {
  const x = randn([2, 3, 8, 9], { rng });
  const cases: Array<[string, () => Module, () => tf.layers.Layer]> = [
    [
      'MaxPool2d(2)',
      () => new MaxPool2d(2),
      () => tf.layers.maxPooling2d({ poolSize: 2, dataFormat: 'channelsFirst' }),
    ],
    [
      'MaxPool2d([3, 2], stride [2, 1])',
      () => new MaxPool2d([3, 2], { stride: [2, 1] }),
      () =>
        tf.layers.maxPooling2d({ poolSize: [3, 2], strides: [2, 1], dataFormat: 'channelsFirst' }),
    ],
    [
      'AvgPool2d(2)',
      () => new AvgPool2d(2),
      () => tf.layers.averagePooling2d({ poolSize: 2, dataFormat: 'channelsFirst' }),
    ],
    [
      'AvgPool2d(3, stride 2)',
      () => new AvgPool2d(3, { stride: 2 }),
      () => tf.layers.averagePooling2d({ poolSize: 3, strides: 2, dataFormat: 'channelsFirst' }),
    ],
  ];
  it.each(cases)('%s', (_, make, makeTf) => {
    const layer = make();
    const u = randn(layer.call(x).shape, { rng });
    compare(ours(layer, x, u), theirs(makeTf(), asTf(x), asTf(u), true));
  });

  it('AdaptiveAvgPool2d(1) is tf.layers.globalAveragePooling2d (shape [N, C, 1, 1] vs [N, C])', () => {
    const layer = new AdaptiveAvgPool2d(1);
    const u = randn([2, 3, 1, 1], { rng });
    const a = ours(layer, x, u);
    expect(layer.call(x).shape).toEqual([2, 3, 1, 1]);
    const t = tf.layers.globalAveragePooling2d({ dataFormat: 'channelsFirst' });
    compare(a, theirs(t, asTf(x), tf.reshape(asTf(u), [2, 3]), true));
  });
});

describe('BatchNorm2d equals tf.layers.batchNormalization (on the same data, channels last)', () => {
  // TF.js 4.22's batch-norm gradient fails for axis 1 (a reshape of the scale's gradient), so
  // its layer runs on x transposed to [N, H, W, C] with the default axis -1.
  const nhwc = (t: Tensor) => asTf(t, [0, 2, 3, 1]);
  const nchw = (r: Run, shape: readonly number[]): Run => {
    const [n, c, h, w] = shape as [number, number, number, number];
    const back = (d: Float32Array) =>
      tf.transpose(tf.tensor(Array.from(d), [n, h, w, c]), [0, 3, 1, 2]).dataSync() as Float32Array;
    return { y: back(r.y), gx: back(r.gx), grads: r.grads };
  };
  const gamma = [0.5, 1.5, -2];
  const beta = [0.1, -0.2, 0.3];

  it('training mode: batch statistics, values and gradients for x, gamma and beta', () => {
    const bn = new BatchNorm2d(3, { eps: 1e-3 });
    bn.weight?.data.set(gamma);
    bn.bias?.data.set(beta);
    const x = randn([4, 3, 5, 6], { rng }).mul(3).add(1);
    const u = randn(x.shape, { rng });
    const t = tf.layers.batchNormalization({ epsilon: 1e-3 });
    t.apply(nhwc(x));
    t.setWeights([tf.tensor(gamma), tf.tensor(beta), tf.zeros([3]), tf.ones([3])]);
    compare(ours(bn, x, u), nchw(theirs(t, nhwc(x), nhwc(u), true), x.shape), 5e-5);
  });

  it('eval mode: the running statistics in place of the batch statistics', () => {
    const bn = new BatchNorm2d(3, { eps: 1e-3 });
    bn.weight?.data.set(gamma);
    bn.bias?.data.set(beta);
    bn.runningMean?.data.set([0.3, -1, 2]);
    bn.runningVar?.data.set([2, 0.5, 4]);
    bn.eval();
    const x = randn([2, 3, 4, 4], { rng });
    const u = randn(x.shape, { rng });
    const t = tf.layers.batchNormalization({ epsilon: 1e-3 });
    t.apply(nhwc(x));
    t.setWeights([
      tf.tensor(gamma),
      tf.tensor(beta),
      tf.tensor([0.3, -1, 2]),
      tf.tensor([2, 0.5, 4]),
    ]);
    compare(ours(bn, x, u), nchw(theirs(t, nhwc(x), nhwc(u), false), x.shape));
  });
});
