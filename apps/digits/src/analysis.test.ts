import { createRng, tensor } from '@gradscope/core';
import { Dataset, Linear } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { analyse, mistakes, type Predictions, predict } from './analysis.js';

const preds = (labels: number[], predicted: number[], confidence: number[]): Predictions => ({
  labels: Int32Array.from(labels),
  predicted: Int32Array.from(predicted),
  confidence: Float64Array.from(confidence),
});

describe('analyse', () => {
  it('counts the confusion matrix by hand-checked rows and columns, and per-class accuracy', () => {
    const p = preds([0, 0, 1, 1, 1, 2], [0, 1, 1, 1, 0, 2], [0.9, 0.6, 0.8, 0.7, 0.99, 0.5]);
    const a = analyse(p, ['a', 'b', 'c']);
    expect(a.confusion).toEqual([
      [1, 1, 0],
      [1, 2, 0],
      [0, 0, 1],
    ]);
    expect(a.total).toBe(6);
    expect(a.accuracy).toBeCloseTo(4 / 6, 12);
    expect(a.perClass.map((c) => [c.name, c.correct, c.total])).toEqual([
      ['a', 1, 2],
      ['b', 2, 3],
      ['c', 1, 1],
    ]);
    expect(a.perClass[1]?.accuracy).toBeCloseTo(2 / 3, 12);
  });

  it('refuses a class outside the names', () => {
    expect(() => analyse(preds([0, 3], [0, 0], [1, 1]), ['a', 'b'])).toThrow(
      /analyse: class 3 predicted as 0 at row 1, but there are 2 classes/,
    );
  });
});

describe('mistakes', () => {
  it('lists wrong answers, most confident first, ties by row, at most limit', () => {
    const p = preds([0, 0, 1, 1, 1, 2], [0, 1, 1, 2, 0, 0], [0.9, 0.6, 0.8, 0.6, 0.99, 0.7]);
    expect(mistakes(p, 10).map((m) => [m.index, m.label, m.predicted])).toEqual([
      [4, 1, 0],
      [5, 2, 0],
      [1, 0, 1],
      [3, 1, 2],
    ]);
    expect(mistakes(p, 2)).toHaveLength(2);
  });
});

describe('predict', () => {
  it('takes the arg-max of the logits and its softmax probability, in batches', () => {
    // A linear model with known weights: logits = x Wᵀ, W = I (3 classes), no bias.
    const model = new Linear(3, 3, { bias: false, rng: createRng(0) });
    model.weight.data.set([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const x = tensor([0, 0, 2, 1, 0, 0, 0, 3, 1, 5, 5, 0], { shape: [4, 3] });
    const data = new Dataset(x, tensor([2, 0, 0, 1]));
    const p = predict(model, data, 3);
    expect(Array.from(p.predicted)).toEqual([2, 0, 1, 0]); // the last row ties: the first wins
    expect(Array.from(p.labels)).toEqual([2, 0, 0, 1]);
    const soft = (v: number[], k: number) =>
      Math.exp(v[k] as number) / v.reduce((a, b) => a + Math.exp(b), 0);
    expect(p.confidence[0]).toBeCloseTo(soft([0, 0, 2], 2), 6);
    expect(p.confidence[2]).toBeCloseTo(soft([0, 3, 1], 1), 6);
    expect(p.confidence[3]).toBeCloseTo(0.5 * (1 / (1 + 0.5 * Math.exp(-5))), 6);
  });
});
