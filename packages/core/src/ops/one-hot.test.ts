import { describe, expect, it } from 'vitest';
import { ArgumentError, oneHot, tensor } from '../index.js';

describe('oneHot', () => {
  it('turns integer labels into rows, any label shape', () => {
    expect(oneHot([2, 0, 1], 3).toArray()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(oneHot(tensor([[1], [0]]), 2).shape).toEqual([2, 1, 2]);
    expect(oneHot([1], 2, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('carries no gradient', () => {
    const labels = tensor([0, 1], { requiresGrad: true });
    expect(oneHot(labels, 2).requiresGrad).toBe(false);
  });

  it('rejects labels that are not integers in [0, depth) and bad depths', () => {
    expect(() => oneHot([3], 3)).toThrow(ArgumentError);
    expect(() => oneHot([0, 1.5], 3)).toThrow(
      'oneHot: label 1.5 at position 1 is not an integer in [0, 3)',
    );
    expect(() => oneHot([-1], 3)).toThrow(/label -1/);
    expect(() => oneHot([0], 0)).toThrow('oneHot: depth must be a positive integer, got 0');
  });
});
