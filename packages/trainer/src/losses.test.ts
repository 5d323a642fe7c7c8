import { ArgumentError, NotFoundError, ShapeError, tensor } from '@gradscope/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy, crossEntropy, getLoss, huber, mae, mse, nll } from './losses.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const P = [
  [0.5, -1.2, 3.0],
  [2.0, 0.1, -0.7],
];
const T = [
  [0.0, -1.0, 1.0],
  [2.5, 0.1, 0.3],
];

describe('regression losses vs closed forms and TF.js', () => {
  it('mse / mae match TF.js and the formula, with sum and none reductions', () => {
    const p = tensor(P, { dtype: 'float64' });
    const t = tensor(T, { dtype: 'float64' });
    const tfMse = tf.losses.meanSquaredError(tf.tensor(T), tf.tensor(P)).dataSync()[0] as number;
    const tfMae = tf.losses.absoluteDifference(tf.tensor(T), tf.tensor(P)).dataSync()[0] as number;
    expect(mse(p, t).item()).toBeCloseTo(tfMse, 6);
    expect(mae(p, t).item()).toBeCloseTo(tfMae, 6);
    const d = P.flat().map((v, i) => v - (T.flat()[i] as number));
    expect(mse(p, t, { reduction: 'sum' }).item()).toBeCloseTo(
      d.reduce((a, b) => a + b * b, 0),
      12,
    );
    expect(Array.from(mae(p, t, { reduction: 'none' }).data)).toEqual(d.map(Math.abs));
  });

  it('huber matches TF.js huberLoss for delta 1 and the piecewise formula for delta 0.5', () => {
    const p = tensor(P, { dtype: 'float64' });
    const t = tensor(T, { dtype: 'float64' });
    const ref = tf.losses
      .huberLoss(tf.tensor(T), tf.tensor(P), undefined, 1)
      .dataSync()[0] as number;
    expect(huber(p, t).item()).toBeCloseTo(ref, 6);
    const dl = 0.5;
    const want = P.flat()
      .map((v, i) => Math.abs(v - (T.flat()[i] as number)))
      .map((a) => (a <= dl ? 0.5 * a * a : dl * (a - 0.5 * dl)));
    const got = huber(p, t, { delta: dl, reduction: 'none' });
    for (const [i, w] of want.entries()) expect(got.data[i]).toBeCloseTo(w, 12);
  });

  it('rejects mismatched shapes and bad reductions', () => {
    expect(() => mse(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
    expect(() => mse(tensor([1]), tensor([1]), { reduction: 'avg' as never })).toThrow(
      ArgumentError,
    );
    expect(() => getLoss('crossEntropyy')).toThrow(NotFoundError);
  });
});

describe('classification losses', () => {
  const logits = [
    [2.0, -1.0, 0.5],
    [0.1, 0.2, 0.3],
    [-3.0, 4.0, 1.0],
    [50.0, -50.0, 0.0],
  ];
  const labels = [0, 2, 1, 1];
  const onehot = labels.map((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0)));

  it('crossEntropy with labels equals TF.js softmaxCrossEntropy and -log softmax', () => {
    const x = tensor(logits, { dtype: 'float64' });
    const ref = tf.losses
      .softmaxCrossEntropy(tf.tensor(onehot), tf.tensor(logits))
      .dataSync()[0] as number;
    expect(crossEntropy(x, labels).item()).toBeCloseTo(ref, 4);
    const row = (r: number[], l: number) => {
      const m = Math.max(...r);
      return -(r[l] as number) + m + Math.log(r.reduce((a, v) => a + Math.exp(v - m), 0));
    };
    const none = crossEntropy(x, labels, { reduction: 'none' });
    for (const [i, l] of labels.entries())
      expect(none.data[i]).toBeCloseTo(row(logits[i] as number[], l), 12);
    // Stable for large logits: row 4 has label 1 with logit -50 vs 50: loss 100.
    expect(none.data[3]).toBeCloseTo(100, 10);
  });

  it('label smoothing equals TF.js (same convention: (1 - e) onehot + e / C), labels or probabilities', () => {
    const x = tensor(logits, { dtype: 'float64' });
    const ref = tf.losses
      .softmaxCrossEntropy(tf.tensor(onehot), tf.tensor(logits), undefined, 0.1)
      .dataSync()[0] as number;
    expect(crossEntropy(x, labels, { labelSmoothing: 0.1 }).item()).toBeCloseTo(ref, 4);
    expect(
      crossEntropy(x, tensor(onehot, { dtype: 'float64' }), { labelSmoothing: 0.1 }).item(),
    ).toBeCloseTo(ref, 4);
  });

  it('nll of logSoftmax equals crossEntropy; labels are validated', () => {
    const x = tensor(logits, { dtype: 'float64' });
    expect(nll(x.logSoftmax(1), labels).item()).toBeCloseTo(crossEntropy(x, labels).item(), 12);
    expect(() => crossEntropy(x, [0, 1, 3, 0])).toThrow(ArgumentError);
    expect(() => crossEntropy(x, [0, 1])).toThrow(ShapeError);
    expect(() => crossEntropy(x, [0, 1, 0.5, 0])).toThrow(ArgumentError);
  });

  it('binaryCrossEntropy from logits equals TF.js sigmoidCrossEntropy and stays finite', () => {
    const z = [-2, -0.5, 0, 0.7, 3];
    const y = [0, 1, 1, 0, 1];
    const ref = tf.losses.sigmoidCrossEntropy(tf.tensor(y), tf.tensor(z)).dataSync()[0] as number;
    expect(
      binaryCrossEntropy(tensor(z, { dtype: 'float64' }), tensor(y, { dtype: 'float64' })).item(),
    ).toBeCloseTo(ref, 5);
    const big = binaryCrossEntropy(
      tensor([1000, -1000], { dtype: 'float64' }),
      tensor([0, 1], { dtype: 'float64' }),
      {
        reduction: 'none',
      },
    );
    expect(Array.from(big.data)).toEqual([1000, 1000]);
  });

  it('gradients: d crossEntropy / d logits = (softmax - onehot) / N', () => {
    const x = tensor(logits, { dtype: 'float64', requiresGrad: true });
    crossEntropy(x, labels).backward();
    const g = x.grad?.data as Float64Array;
    logits.forEach((r, i) => {
      const m = Math.max(...r);
      const e = r.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < r.length; c++)
        expect(g[i * 3 + c]).toBeCloseTo(
          ((e[c] as number) / s - (onehot[i]?.[c] as number)) / 4,
          12,
        );
    });
  });
});
