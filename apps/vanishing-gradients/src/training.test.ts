import { describe, expect, it } from 'vitest';
import { runDying } from './dying.js';
import { LEARNED_ACCURACY, trainOne } from './training.js';

describe('training through depth on two spirals (fixed seeds)', () => {
  it('depth 20: sigmoid + standard init fails to learn, relu + heNormal learns', () => {
    const sigmoid = trainOne({
      activation: 'sigmoid',
      variant: 'plain',
      depth: 20,
      width: 16,
      steps: 300,
    });
    const relu = trainOne({
      activation: 'relu',
      variant: 'heNormal',
      depth: 20,
      width: 16,
      steps: 300,
    });
    expect(sigmoid.init).toBe('standard');
    expect(relu.init).toBe('heNormal');
    // Chance level is 0.5 on the balanced spirals; sigmoid stays there.
    expect(sigmoid.finalTrainAccuracy).toBeLessThan(0.6);
    expect(sigmoid.learned).toBe(false);
    expect(relu.finalTrainAccuracy).toBeGreaterThanOrEqual(LEARNED_ACCURACY);
    expect(relu.finalTestAccuracy).toBeGreaterThan(0.85);
    // The reason: the first layer's weight gradient at step 1 is vanishingly small for sigmoid.
    const ratio = (r: typeof sigmoid) => {
      const g = r.gradNorms.perLayer[0] as number[];
      return (g[0] as number) / (g[g.length - 1] as number);
    };
    expect(ratio(sigmoid)).toBeLessThan(1e-8);
    expect(ratio(relu)).toBeGreaterThan(1e-2);
    // Same seed, same run.
    const again = trainOne({
      activation: 'relu',
      variant: 'heNormal',
      depth: 20,
      width: 16,
      steps: 30,
    });
    const first = trainOne({
      activation: 'relu',
      variant: 'heNormal',
      depth: 20,
      width: 16,
      steps: 30,
    });
    expect(again.curve.loss).toEqual(first.curve.loss);
  });

  it('trains on the other two-class tasks too (moons: a shallow relu net learns it)', () => {
    const r = trainOne(
      { activation: 'relu', variant: 'heNormal', depth: 2, width: 16, steps: 150 },
      'moons',
    );
    expect(r.finalTrainAccuracy).toBeGreaterThan(0.85);
  });

  it('rejects an unknown dataset with the name that came', () => {
    expect(() =>
      trainOne({ activation: 'relu', variant: 'plain', depth: 2, width: 4, steps: 1 }, 'spirals3'),
    ).toThrow(/spirals3/);
  });
});

describe('dying ReLU at a high learning rate', () => {
  it('relu units die (φ′ = 0 on every point) and stay dead; leakyRelu and elu units cannot', () => {
    const relu = runDying({ activation: 'relu', steps: 150, lr: 0.05 });
    const leaky = runDying({ activation: 'leakyRelu', steps: 150, lr: 0.05 });
    const elu = runDying({ activation: 'elu', steps: 150, lr: 0.05 });
    const last = (a: number[]) => a[a.length - 1] as number;
    expect(last(relu.deadFraction)).toBeGreaterThan(relu.deadFraction[0] as number);
    expect(last(relu.deadFraction)).toBeGreaterThan(0.2);
    expect(Math.max(...leaky.deadFraction)).toBe(0);
    expect(Math.max(...elu.deadFraction)).toBe(0);
  });
});
