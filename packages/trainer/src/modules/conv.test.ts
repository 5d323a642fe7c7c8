import {
  ArgumentError,
  conv1d,
  conv2d,
  convTranspose2d,
  createRng,
  pad,
  randn,
  ShapeError,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Conv1d, Conv2d } from './conv.js';
import { ConvTranspose2d } from './conv-transpose.js';

const rng = () => createRng(7);
const same = (a: Tensor, b: Tensor) => expect(Array.from(a.data)).toEqual(Array.from(b.data));

function bounds(t: Tensor): { min: number; max: number; variance: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let s = 0;
  for (const v of t.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    s += v * v;
  }
  return { min, max, variance: s / t.size };
}

describe('Conv2d', () => {
  it('is core conv2d with its weight, bias and options', () => {
    const c = new Conv2d(4, 6, [3, 2], {
      stride: [2, 1],
      padding: [1, 0],
      dilation: [1, 2],
      groups: 2,
      rng: rng(),
    });
    expect(c.weight.shape).toEqual([6, 2, 3, 2]);
    expect(c.bias?.shape).toEqual([6]);
    const x = randn([2, 4, 7, 8], { rng: rng() });
    same(
      c.call(x),
      conv2d(x, c.weight, c.bias, { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2 }),
    );
    const unbatched = randn([4, 7, 8], { rng: rng() });
    expect(c.call(unbatched).shape).toEqual([6, 4, 6]);
    expect(
      new Conv2d(3, 5, 3, { padding: 'same', rng: rng() }).call(randn([1, 3, 6, 6])).shape,
    ).toEqual([1, 5, 6, 6]);
  });

  it("defaults to PyTorch's initialisation: weight and bias U[-1/sqrt(fanIn), 1/sqrt(fanIn)], fanIn = in/groups · kh · kw", () => {
    // fanIn = 32 / 2 · 3 · 3 = 144: bound 1/12, variance 1/(3 · 144)
    const c = new Conv2d(32, 64, 3, { groups: 2, rng: rng() });
    const w = bounds(c.weight);
    expect(w.max).toBeLessThanOrEqual(1 / 12);
    expect(w.min).toBeGreaterThanOrEqual(-1 / 12);
    expect(w.max).toBeGreaterThan(0.99 / 12);
    expect(w.min).toBeLessThan(-0.99 / 12);
    // 18 432 draws: the variance estimate is within 3 % (about 5 standard errors)
    expect(Math.abs(w.variance * 3 * 144 - 1)).toBeLessThan(0.03);
    const b = bounds(c.bias as Tensor);
    expect(b.max).toBeLessThanOrEqual(1 / 12);
    expect(b.min).toBeGreaterThanOrEqual(-1 / 12);
    expect(new Set(c.bias?.data).size).toBe(64);
    // bias: false, other initialisers, a bias initialiser
    const d = new Conv2d(2, 3, 1, { bias: false, init: 'zeros', rng: rng() });
    expect(d.bias).toBeNull();
    expect(d.parameters()).toHaveLength(1);
    expect(Array.from(d.weight.data)).toEqual([0, 0, 0, 0, 0, 0]);
    const e = new Conv2d(2, 3, 1, { biasInit: 'zeros', rng: rng() });
    expect(Array.from(e.bias?.data ?? [])).toEqual([0, 0, 0]);
    // same seed, same weights
    same(new Conv2d(3, 4, 3, { rng: rng() }).weight, new Conv2d(3, 4, 3, { rng: rng() }).weight);
  });

  it("paddingMode 'reflect' mirrors the input (core's pad) and then convolves without padding", () => {
    const c = new Conv2d(1, 1, 3, { padding: 1, paddingMode: 'reflect', bias: false, rng: rng() });
    c.weight.data.fill(0);
    c.weight.data[0] = 1; // the top-left tap: y[i, j] = xpad[i, j] = x reflected at (i - 1, j - 1)
    const x = tensor([
      [
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      ],
    ]);
    // reflect pad of the 3 x 3 by 1: row -1 is row 1, column -1 is column 1
    expect(c.call(x).toArray()).toEqual([
      [
        [
          [5, 4, 5],
          [2, 1, 2],
          [5, 4, 5],
        ],
      ],
    ]);
    const s = new Conv2d(2, 3, [3, 4], { padding: 'same', paddingMode: 'reflect', rng: rng() });
    const xs = randn([2, 2, 6, 7], { rng: rng() });
    // 'same' with a kernel of 4: 1 before, 2 after (as PyTorch's _reversed_padding_repeated_twice)
    same(s.call(xs), conv2d(pad(xs, [1, 2, 1, 1], { mode: 'reflect' }), s.weight, s.bias));
    expect(s.call(xs).shape).toEqual([2, 3, 6, 7]);
  });

  it('prints its hyper-parameters as PyTorch does (defaults left out)', () => {
    expect(new Conv2d(3, 4, 3, { padding: 'same' }).toString()).toBe(
      "Conv2d(3, 4, kernelSize=3, stride=1, padding='same')",
    );
    expect(new Conv2d(1, 6, 5, { padding: 2 }).toString()).toBe(
      'Conv2d(1, 6, kernelSize=5, stride=1, padding=2)',
    );
    expect(
      new Conv2d(4, 8, [3, 1], {
        stride: [2, 1],
        dilation: 2,
        groups: 4,
        bias: false,
        padding: [1, 0],
      }).toString(),
    ).toBe(
      'Conv2d(4, 8, kernelSize=[3,1], stride=[2,1], padding=[1,0], dilation=2, groups=4, bias=false)',
    );
  });

  it('refuses bad hyper-parameters when built and bad inputs when called, naming what came', () => {
    expect(() => new Conv2d(3, 4, 0)).toThrow(/Conv2d: kernelSize must be .*got 0/);
    expect(() => new Conv2d(3, 4, 3, { stride: -1 })).toThrow(ArgumentError);
    expect(() => new Conv2d(3, 4, 3, { groups: 2 })).toThrow(
      /groups \(2\) must divide inChannels \(3\)/,
    );
    expect(() => new Conv2d(4, 6, 3, { groups: 4 })).toThrow(/must divide outChannels \(6\)/);
    expect(() => new Conv2d(3, 4, 3, { padding: 'same', stride: 2 })).toThrow(
      /padding 'same' needs stride 1/,
    );
    expect(() => new Conv2d(3, 4, 3, { paddingMode: 'circular' as 'zeros' })).toThrow(
      /paddingMode must be 'zeros' or 'reflect'/,
    );
    expect(() => new Conv2d(3, 4, 3, { padding_mode: 'reflect' } as object)).toThrow(
      /unknown option 'padding_mode'/,
    );
    expect(() => new Conv2d(1.5, 4, 3)).toThrow(/inChannels must be a positive integer/);
    const c = new Conv2d(3, 4, 3);
    expect(() => c.call(randn([2, 2, 8, 8]))).toThrow(ShapeError);
    expect(() => c.call(randn([2, 2, 8, 8]))).toThrow(
      'Conv2d(3, 4): expected input [N, C, H, W] or [C, H, W] with C = 3, got [2,2,8,8]',
    );
    expect(() => c.call(randn([8, 8]))).toThrow(ShapeError);
  });
});

describe('Conv1d', () => {
  it('is core conv1d; weight [out, in/groups, k], fanIn = in/groups · k', () => {
    const c = new Conv1d(4, 2, 5, { stride: 2, padding: 1, groups: 2, rng: rng() });
    expect(c.weight.shape).toEqual([2, 2, 5]);
    const x = randn([3, 4, 20], { rng: rng() });
    same(c.call(x), conv1d(x, c.weight, c.bias, { stride: 2, padding: 1, groups: 2 }));
    const b = bounds(c.weight);
    expect(Math.max(b.max, -b.min)).toBeLessThanOrEqual(1 / Math.sqrt(10));
    expect(c.toString()).toBe('Conv1d(4, 2, kernelSize=5, stride=2, padding=1, groups=2)');
  });

  it("pads by reflection with paddingMode 'reflect'", () => {
    const c = new Conv1d(1, 1, 3, { padding: 2, paddingMode: 'reflect', bias: false });
    c.weight.data.set([0, 0, 1]); // y[i] = xpad[i + 2], xpad = [3, 2, | 1, 2, 3, 4, | 3, 2]
    expect(c.call(tensor([[[1, 2, 3, 4]]])).toArray()).toEqual([[[1, 2, 3, 4, 3, 2]]]);
    c.weight.data.set([1, 0, 0]); // y[i] = xpad[i]
    expect(c.call(tensor([[[1, 2, 3, 4]]])).toArray()).toEqual([[[3, 2, 1, 2, 3, 4]]]);
    expect(c.call(tensor([[1, 2, 3, 4]])).toArray()).toEqual([[3, 2, 1, 2, 3, 4]]); // unbatched [C, L]
    expect(() => c.call(randn([1, 2, 4]))).toThrow(/Conv1d\(1, 1\): expected input/);
  });
});

describe('ConvTranspose2d', () => {
  it('is core convTranspose2d; weight [in, out/groups, kh, kw]', () => {
    const c = new ConvTranspose2d(4, 6, 3, {
      stride: 2,
      padding: 1,
      outputPadding: 1,
      groups: 2,
      rng: rng(),
    });
    expect(c.weight.shape).toEqual([4, 3, 3, 3]);
    const x = randn([2, 4, 5, 5], { rng: rng() });
    const y = c.call(x);
    expect(y.shape).toEqual([2, 6, 10, 10]);
    same(
      y,
      convTranspose2d(x, c.weight, c.bias, {
        stride: 2,
        padding: 1,
        outputPadding: 1,
        groups: 2,
      }),
    );
    expect(c.toString()).toBe(
      'ConvTranspose2d(4, 6, kernelSize=3, stride=2, padding=1, outputPadding=1, groups=2)',
    );
  });

  it('computes fanIn on its own layout as PyTorch: dim 1 (out/groups) · kh · kw', () => {
    // weight [64, 16, 3, 3]: fanIn = 16 · 9 = 144 (not 64 · 9): bound 1/12
    const c = new ConvTranspose2d(64, 32, 3, { groups: 2, rng: rng() });
    expect(c.weight.shape).toEqual([64, 16, 3, 3]);
    const w = bounds(c.weight);
    expect(Math.max(w.max, -w.min)).toBeLessThanOrEqual(1 / 12);
    expect(Math.max(w.max, -w.min)).toBeGreaterThan(0.99 / 12);
    expect(Math.abs(w.variance * 3 * 144 - 1)).toBeLessThan(0.03);
    const b = bounds(c.bias as Tensor);
    expect(Math.max(b.max, -b.min)).toBeLessThanOrEqual(1 / 12);
  });

  it('refuses an output padding not smaller than the stride or the dilation, and string padding', () => {
    expect(() => new ConvTranspose2d(2, 2, 3, { stride: 2, outputPadding: 2 })).toThrow(
      /outputPadding must be smaller than the stride or the dilation/,
    );
    expect(() => new ConvTranspose2d(2, 2, 3, { padding: 'same' } as object)).toThrow(
      ArgumentError,
    );
    expect(() => new ConvTranspose2d(2, 2, 3, { paddingMode: 'reflect' } as object)).toThrow(
      /unknown option 'paddingMode'/,
    );
  });
});
