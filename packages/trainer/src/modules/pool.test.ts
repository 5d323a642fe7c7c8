import {
  ArgumentError,
  adaptiveAvgPool2d,
  avgPool2d,
  createRng,
  maxPool2d,
  randn,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Flatten } from './flatten.js';
import { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d } from './pool.js';

const same = (a: Tensor, b: Tensor) => expect(Array.from(a.data)).toEqual(Array.from(b.data));
const x = randn([2, 3, 9, 10], { rng: createRng(3) });

describe('pooling layers', () => {
  it('are core maxPool2d / avgPool2d / adaptiveAvgPool2d with their options', () => {
    same(
      new MaxPool2d(3, { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true }).call(x),
      maxPool2d(x, 3, { stride: 2, padding: 1, dilation: [1, 2], ceilMode: true }),
    );
    same(new MaxPool2d(2).call(x), maxPool2d(x, 2));
    same(
      new AvgPool2d([3, 2], { stride: 1, padding: [1, 0], countIncludePad: false }).call(x),
      avgPool2d(x, [3, 2], { stride: 1, padding: [1, 0], countIncludePad: false }),
    );
    same(new AvgPool2d(2, { divisorOverride: 3 }).call(x), avgPool2d(x, 2, { divisorOverride: 3 }));
    same(new AdaptiveAvgPool2d([4, null]).call(x), adaptiveAvgPool2d(x, [4, null]));
    expect(new AdaptiveAvgPool2d(1).call(x).shape).toEqual([2, 3, 1, 1]);
  });

  it('take the kernel size as the default stride and max-pool a hand-checked 4 x 4', () => {
    const m = new MaxPool2d(2);
    expect(m.stride).toEqual([2, 2]);
    const img = tensor([
      [
        [
          [1, 2, 5, 0],
          [3, 4, 1, 1],
          [0, 0, 9, 8],
          [7, 0, 8, 9],
        ],
      ],
    ]);
    expect(m.call(img).toArray()).toEqual([
      [
        [
          [4, 5],
          [7, 9],
        ],
      ],
    ]);
    expect(new AvgPool2d(2).call(img).toArray()).toEqual([
      [
        [
          [2.5, 1.75],
          [1.75, 8.5],
        ],
      ],
    ]);
  });

  it('print their hyper-parameters', () => {
    expect(new MaxPool2d(2).toString()).toBe('MaxPool2d(kernelSize=2, stride=2)');
    expect(
      new MaxPool2d([3, 2], { stride: 1, padding: 1, dilation: 2, ceilMode: true }).toString(),
    ).toBe('MaxPool2d(kernelSize=[3,2], stride=1, padding=1, ceilMode=true, dilation=2)');
    expect(new AvgPool2d(3, { padding: 1, countIncludePad: false }).toString()).toBe(
      'AvgPool2d(kernelSize=3, stride=3, padding=1, countIncludePad=false)',
    );
    expect(new AdaptiveAvgPool2d(1).toString()).toBe('AdaptiveAvgPool2d(outputSize=1)');
    expect(new AdaptiveAvgPool2d([5, 7]).toString()).toBe('AdaptiveAvgPool2d(outputSize=[5,7])');
  });

  it('refuse bad hyper-parameters when built', () => {
    expect(() => new MaxPool2d(0)).toThrow(/MaxPool2d: kernelSize must be/);
    expect(() => new MaxPool2d(2, { padding: 2 })).toThrow(
      /padding must be at most half the kernel size/,
    );
    expect(() => new MaxPool2d(2, { ceil_mode: true } as object)).toThrow(
      /unknown option 'ceil_mode'/,
    );
    expect(() => new AvgPool2d(2, { divisorOverride: 0 })).toThrow(ArgumentError);
    expect(() => new AvgPool2d(2, { countIncludePad: 1 as unknown as boolean })).toThrow(
      /countIncludePad must be a boolean/,
    );
    expect(() => new AdaptiveAvgPool2d(0)).toThrow(/AdaptiveAvgPool2d: outputSize/);
    expect(() => new AdaptiveAvgPool2d([1, 2, 3] as unknown as number)).toThrow(ArgumentError);
  });
});

describe('Flatten', () => {
  it("keeps the batch axis by default (nn.Flatten's startDim 1, endDim -1)", () => {
    const f = new Flatten();
    const y = f.call(x);
    expect(y.shape).toEqual([2, 270]);
    same(y, x);
    expect(new Flatten(0).call(x).shape).toEqual([540]);
    expect(new Flatten(1, 2).call(x).shape).toEqual([2, 27, 10]);
    expect(new Flatten(-2).call(x).shape).toEqual([2, 3, 90]);
    expect(f.toString()).toBe('Flatten(startDim=1, endDim=-1)');
    expect(() => new Flatten(0.5)).toThrow(/Flatten: startDim must be an integer axis/);
  });

  it('passes the gradient back reshaped', () => {
    const xi = x.detach().setRequiresGrad(true);
    const u = randn([2, 270], { rng: createRng(4) });
    new Flatten().call(xi).mul(u).sum().backward();
    expect(xi.grad?.shape).toEqual([2, 3, 9, 10]);
    same(xi.grad as Tensor, u);
  });
});
