/**
 * Gradients of a small MLP's loss against TensorFlow.js (cpu backend), given identical weights
 * and data. gradscope stores Linear weights [out, in] (y = x W^T + b); TF.js gets W^T.
 */

import { createRng, randn } from '@gradscope/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy, Linear, mlp, mse } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tfTranspose(w: Float32Array | Float64Array, out: number, inp: number): tf.Tensor2D {
  return tf.tensor2d(Array.from(w), [out, inp]).transpose();
}

for (const activation of ['tanh', 'relu', 'sigmoid'] as const) {
  describe(`MLP 3-5-4-3 with ${activation}`, () => {
    it('cross-entropy gradients for every weight and bias equal TF.js', () => {
      const model = mlp({
        inputSize: 3,
        hidden: [5, 4],
        outputSize: 3,
        activation,
        init: 'heNormal',
        seed: 11,
      });
      for (const p of model.parameters())
        if (p.name?.endsWith('bias')) p.data.set(randn(p.shape, { rng: createRng(p.size) }).data);
      const x = randn([8, 3], { rng: createRng(5) });
      const labels = [0, 2, 1, 1, 0, 2, 2, 1];
      crossEntropy(model.call(x), labels).backward();

      const linears = model.modules().filter((m): m is Linear => m instanceof Linear);
      const ws = linears.map((l) => tfTranspose(l.weight.data, l.outFeatures, l.inFeatures));
      const bs = linears.map((l) => tf.tensor1d(Array.from(l.bias?.data ?? [])));
      const act = { tanh: tf.tanh, relu: tf.relu, sigmoid: tf.sigmoid }[activation];
      const xs = tf.tensor2d(Array.from(x.data), [8, 3]);
      const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 3);
      const f = (...params: tf.Tensor[]) => {
        let h: tf.Tensor = xs;
        for (let i = 0; i < 3; i++) {
          h = tf.add(
            tf.matMul(h as tf.Tensor2D, params[i] as tf.Tensor2D),
            params[3 + i] as tf.Tensor,
          );
          if (i < 2) h = act(h);
        }
        return tf.losses.softmaxCrossEntropy(onehot, h) as tf.Scalar;
      };
      const grads = tf.grads(f)([...ws, ...bs]);
      linears.forEach((l, i) => {
        const gw = (grads[i] as tf.Tensor).transpose().dataSync();
        const gb = (grads[3 + i] as tf.Tensor).dataSync();
        const ours = l.weight.grad?.data as Float32Array;
        expect(ours.length).toBe(gw.length);
        for (let k = 0; k < gw.length; k++) expect(ours[k]).toBeCloseTo(gw[k] as number, 5);
        const ob = l.bias?.grad?.data as Float32Array;
        for (let k = 0; k < gb.length; k++) expect(ob[k]).toBeCloseTo(gb[k] as number, 5);
      });
    });
  });
}

describe('regression head', () => {
  it('mse gradients of a LayerNorm-free 2-layer net equal TF.js', () => {
    const model = mlp({
      inputSize: 2,
      hidden: [6],
      outputSize: 1,
      activation: 'tanh',
      init: 'xavierNormal',
      seed: 3,
    });
    const x = randn([10, 2], { rng: createRng(8) });
    const y = randn([10, 1], { rng: createRng(9) });
    mse(model.call(x), y).backward();
    const [l1, l2] = model.modules().filter((m): m is Linear => m instanceof Linear) as [
      Linear,
      Linear,
    ];
    const xs = tf.tensor2d(Array.from(x.data), [10, 2]);
    const ys = tf.tensor2d(Array.from(y.data), [10, 1]);
    const f = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) =>
      tf.losses.meanSquaredError(
        ys,
        tf.add(
          tf.matMul(tf.tanh(tf.add(tf.matMul(xs, w1 as tf.Tensor2D), b1)), w2 as tf.Tensor2D),
          b2,
        ),
      ) as tf.Scalar;
    const g = tf.grads(f)([
      tfTranspose(l1.weight.data, 6, 2),
      tf.tensor1d(Array.from(l1.bias?.data ?? [])),
      tfTranspose(l2.weight.data, 1, 6),
      tf.tensor1d(Array.from(l2.bias?.data ?? [])),
    ]);
    const gw1 = (g[0] as tf.Tensor).transpose().dataSync();
    for (let k = 0; k < gw1.length; k++)
      expect(l1.weight.grad?.data[k]).toBeCloseTo(gw1[k] as number, 5);
    const gw2 = (g[2] as tf.Tensor).transpose().dataSync();
    for (let k = 0; k < gw2.length; k++)
      expect(l2.weight.grad?.data[k]).toBeCloseTo(gw2[k] as number, 5);
  });
});
