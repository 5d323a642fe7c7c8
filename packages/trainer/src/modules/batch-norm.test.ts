import { ArgumentError, createRng, randn, ShapeError, type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d, BatchNorm2d } from './batch-norm.js';

/** Per-channel mean, biased and unbiased variance of an [N, C, ...] tensor, in float64. */
function channelStats(x: Tensor): Array<{ mean: number; biased: number; unbiased: number }> {
  const [n, c] = x.shape as [number, number];
  const inner = x.size / (n * c);
  const out = [];
  for (let ch = 0; ch < c; ch++) {
    const v: number[] = [];
    for (let i = 0; i < n; i++)
      for (let k = 0; k < inner; k++) v.push(x.data[(i * c + ch) * inner + k] as number);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const ss = v.reduce((a, b) => a + (b - mean) ** 2, 0);
    out.push({ mean, biased: ss / v.length, unbiased: ss / (v.length - 1) });
  }
  return out;
}

describe('BatchNorm2d', () => {
  it('normalises each channel over N, H and W, and moves the running statistics as PyTorch (unbiased variance)', () => {
    const bn = new BatchNorm2d(3, { dtype: 'float64', momentum: 0.25 });
    bn.weight?.data.set([2, 1, 0.5]);
    bn.bias?.data.set([0, 1, -1]);
    const x = randn([4, 3, 5, 2], { rng: createRng(1), dtype: 'float64' })
      .mul(2)
      .add(3);
    const st = channelStats(x);
    const y = bn.call(x);
    const inner = 10;
    for (let i = 0; i < 4; i++)
      for (let ch = 0; ch < 3; ch++)
        for (let k = 0; k < inner; k++) {
          const at = (i * 3 + ch) * inner + k;
          const s = st[ch] as { mean: number; biased: number };
          const want =
            (((x.data[at] as number) - s.mean) / Math.sqrt(s.biased + 1e-5)) *
              (bn.weight?.data[ch] as number) +
            (bn.bias?.data[ch] as number);
          expect(y.data[at]).toBeCloseTo(want, 12);
        }
    st.forEach((s, ch) => {
      expect(bn.runningMean?.data[ch]).toBeCloseTo(0.25 * s.mean, 12);
      expect(bn.runningVar?.data[ch]).toBeCloseTo(0.75 + 0.25 * s.unbiased, 12);
    });
    expect(bn.numBatchesTracked?.data[0]).toBe(1);
    bn.eval();
    const z = bn.call(x);
    const rm = bn.runningMean?.data[1] as number;
    const rv = bn.runningVar?.data[1] as number;
    expect(z.data[10]).toBeCloseTo(((x.data[10] as number) - rm) / Math.sqrt(rv + 1e-5) + 1, 12);
    expect(bn.numBatchesTracked?.data[0]).toBe(1);
  });

  it('has the state-dict keys of torch.nn.BatchNorm2d; the count is float64 whatever the dtype', () => {
    const bn = new BatchNorm2d(4);
    expect(Object.keys(bn.stateDict())).toEqual([
      'weight',
      'bias',
      'running_mean',
      'running_var',
      'num_batches_tracked',
    ]);
    expect(bn.weight?.dtype).toBe('float32');
    expect(bn.runningVar?.dtype).toBe('float32');
    expect(bn.numBatchesTracked?.dtype).toBe('float64');
    expect(bn.numBatchesTracked?.shape).toEqual([]);
    expect(bn.numParameters()).toBe(8);
    expect(bn.toString()).toBe('BatchNorm2d(4, eps=0.00001, momentum=0.1, affine=true)');
  });

  it('loads a state dict saved with the old camelCase buffer names (count in float32), nested too', async () => {
    const { Sequential } = await import('./sequential.js');
    const old = {
      '0.weight': tensor([1, 2]),
      '0.bias': tensor([0.5, -0.5]),
      '0.runningMean': tensor([0.25, -1]),
      '0.runningVar': tensor([2, 3]),
      '0.numBatchesTracked': tensor(7),
    };
    const model = new Sequential(new BatchNorm1d(2));
    const report = model.loadStateDict(old);
    expect(report.missingKeys).toEqual([]);
    const bn = model.stateDict();
    expect(Array.from((bn['0.running_mean'] as Tensor).data)).toEqual([0.25, -1]);
    expect(Array.from((bn['0.running_var'] as Tensor).data)).toEqual([2, 3]);
    expect((bn['0.num_batches_tracked'] as Tensor).dtype).toBe('float64');
    expect((bn['0.num_batches_tracked'] as Tensor).item()).toBe(7);
    // The given object is left as it was; a key under both names keeps the current one.
    expect(Object.keys(old)).toContain('0.runningMean');
    const both = new BatchNorm1d(2);
    both.loadStateDict(
      {
        weight: tensor([1, 1]),
        bias: tensor([0, 0]),
        running_mean: tensor([9, 9]),
        runningMean: tensor([1, 1]),
        running_var: tensor([1, 1]),
        num_batches_tracked: tensor(0, { dtype: 'float64' }),
      },
      { strict: false },
    );
    expect(Array.from((both.runningMean as Tensor).data)).toEqual([9, 9]);
  });

  it('momentum null keeps a cumulative average (1 / batches seen), as PyTorch', () => {
    const bn = new BatchNorm2d(1, { momentum: null, dtype: 'float64' });
    const means: number[] = [];
    for (let b = 0; b < 3; b++) {
      const x = randn([2, 1, 3, 3], { rng: createRng(10 + b), dtype: 'float64' }).add(b);
      means.push((channelStats(x)[0] as { mean: number }).mean);
      bn.call(x);
    }
    expect(bn.runningMean?.data[0]).toBeCloseTo((means[0]! + means[1]! + means[2]!) / 3, 12);
    expect(bn.numBatchesTracked?.data[0]).toBe(3);
  });

  it('without running statistics: no buffers, batch statistics in eval mode too', () => {
    const bn = new BatchNorm2d(2, { trackRunningStats: false, affine: false, dtype: 'float64' });
    expect(Object.keys(bn.stateDict())).toEqual([]);
    expect(bn.runningMean).toBeNull();
    bn.eval();
    const x = randn([3, 2, 2, 2], { rng: createRng(2), dtype: 'float64' });
    const y = bn.call(x);
    const s = channelStats(x)[0] as { mean: number; biased: number };
    expect(y.data[0]).toBeCloseTo(
      ((x.data[0] as number) - s.mean) / Math.sqrt(s.biased + 1e-5),
      12,
    );
    expect(bn.toString()).toBe(
      'BatchNorm2d(2, eps=0.00001, momentum=0.1, affine=false, trackRunningStats=false)',
    );
  });

  it('refuses bad options and inputs, naming the layer, the expected layout and what came', () => {
    expect(() => new BatchNorm2d(0)).toThrow(/BatchNorm2d: numFeatures must be a positive integer/);
    expect(() => new BatchNorm2d(2, { momentum: 2 })).toThrow(
      /momentum must be in \[0, 1\] or null/,
    );
    expect(() => new BatchNorm2d(2, { affine: 'yes' as unknown as boolean })).toThrow(
      ArgumentError,
    );
    const bn = new BatchNorm2d(3);
    expect(() => bn.call(randn([2, 4, 5, 5]))).toThrow(
      'BatchNorm2d: expected input [N, C, H, W] with C = 3, got [2,4,5,5]',
    );
    expect(() => bn.call(randn([2, 3]))).toThrow(ShapeError);
    expect(() => bn.call(randn([1, 3, 1, 1]))).toThrow(/more than one value per channel/);
    // one sample with several positions is enough, as in PyTorch
    expect(bn.call(randn([1, 3, 2, 2])).shape).toEqual([1, 3, 2, 2]);
  });
});

describe('BatchNorm1d', () => {
  it('takes [N, C, L] too: per-channel statistics over N and L', () => {
    const bn = new BatchNorm1d(2, { dtype: 'float64', momentum: 1 });
    const x = tensor(
      [
        [
          [1, 2, 3],
          [10, 10, 40],
        ],
        [
          [5, 6, 7],
          [0, 0, 0],
        ],
      ],
      { dtype: 'float64' },
    );
    bn.call(x);
    // channel 0: 1 2 3 5 6 7 → mean 4, unbiased variance 28 / 5; channel 1: mean 10, 1200 / 5
    expect(Array.from(bn.runningMean?.data ?? [])).toEqual([4, 10]);
    expect(bn.runningVar?.data[0]).toBeCloseTo(28 / 5, 12);
    expect(bn.runningVar?.data[1]).toBeCloseTo(1200 / 5, 12);
    expect(() => bn.call(randn([2, 2, 2, 2]))).toThrow(
      'BatchNorm1d: expected input [N, C] or [N, C, L] with C = 2, got [2,2,2,2]',
    );
  });
});
