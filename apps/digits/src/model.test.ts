import { createRng, zeros } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { LENET5, lenet } from './model.js';

describe('lenet', () => {
  it('maps [N, 1, 28, 28] to logits [N, 10] with LeNet-5 parameter count and PyTorch state-dict keys', () => {
    const model = lenet({ rng: createRng(0) });
    expect(model.call(zeros([3, 1, 28, 28])).shape).toEqual([3, 10]);
    // conv1 6·(25+1), conv2 16·(6·25+1), fc 400·120+120, 120·84+84, 84·10+10 (torch's LeNet-5).
    expect(model.numParameters()).toBe(156 + 2416 + 48_120 + 10_164 + 850);
    expect(Object.keys(model.stateDict())).toEqual([
      '0.weight',
      '0.bias',
      '3.weight',
      '3.bias',
      '7.weight',
      '7.bias',
      '9.weight',
      '9.bias',
      '11.weight',
      '11.bias',
    ]);
  });

  it('widens and adds dropout on request; refuses bad widths', () => {
    const model = lenet({
      rng: createRng(0),
      widths: { ...LENET5, conv1: 32, conv2: 64 },
      dropout: 0.25,
    });
    expect(model.call(zeros([2, 1, 28, 28])).shape).toEqual([2, 10]);
    expect(model.stateDict()['3.weight']?.shape).toEqual([64, 32, 5, 5]);
    expect(model.length).toBe(14);
    expect(() => lenet({ rng: createRng(0), widths: { ...LENET5, conv2: 0 } })).toThrow(
      /lenet: widths.conv2 must be a positive integer, got 0/,
    );
  });
});
