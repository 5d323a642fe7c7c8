import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from './index.js';

describe('toString (PyTorch-like)', () => {
  it('0-d', () => {
    expect(tensor(3).toString()).toBe('tensor(3.)');
    expect(tensor(-0.5).toString()).toBe('tensor(-0.5000)');
  });

  it('1-d, padded to a common width', () => {
    expect(tensor([1, 2, 3]).toString()).toBe('tensor([1., 2., 3.])');
    expect(tensor([1.5, -20.25, 3]).toString()).toBe('tensor([  1.5000, -20.2500,   3.0000])');
  });

  it('3-d, with blank lines between blocks', () => {
    expect(arange(8).reshape([2, 2, 2]).toString()).toBe(
      [
        'tensor([[[0., 1.],',
        '         [2., 3.]],',
        '',
        '        [[4., 5.],',
        '         [6., 7.]]])',
      ].join('\n'),
    );
  });

  it('float64, requiresGrad, grad function and name are shown', () => {
    expect(tensor([1], { dtype: 'float64' }).toString()).toBe('tensor([1.], dtype=float64)');
    const x = tensor([1, 2], { requiresGrad: true, name: 'w' });
    expect(x.toString()).toBe("tensor([1., 2.], requiresGrad=true, name='w')");
    expect(x.mul(2).toString()).toBe('tensor([2., 4.], gradFn=<mul>)');
  });

  it('scientific notation for tiny or huge values; nan and inf', () => {
    expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
    expect(tensor([1e9, 1]).toString()).toBe('tensor([1.0000e+09, 1.0000e+00])');
    expect(tensor([Number.NaN, Number.POSITIVE_INFINITY, -1.5]).toString()).toBe(
      'tensor([    nan,     inf, -1.5000])',
    );
  });

  it('empty tensors', () => {
    expect(zeros([0]).toString()).toBe('tensor([])');
    expect(zeros([2, 0]).toString()).toBe('tensor([], shape=[2, 0])');
  });

  it('up to 1000 elements in full; beyond, 3 edge items per axis and ...', () => {
    const full = arange(1000).toString();
    expect(full).not.toContain('...');
    expect(full).toContain(' 500.,');
    expect(arange(1001).toString()).toBe(
      'tensor([   0.,    1.,    2., ...,  998.,  999., 1000.], shape=[1001])',
    );
    const big = arange(2000).reshape([2, 10, 100]).toString();
    const lines = big.split('\n');
    expect(lines[0]).toBe('tensor([[[   0.,    1.,    2., ...,   97.,   98.,   99.],');
    expect(lines[3]).toBe('         ...,');
    expect(lines.length).toBe(15);
    expect(lines[14]).toBe(
      '         [1900., 1901., 1902., ..., 1997., 1998., 1999.]]], shape=[2, 10, 100])',
    );
    // A huge tensor formats quickly because only the shown elements are converted.
    expect(zeros([1000, 1000]).toString().split('\n').length).toBe(7);
  });

  it('console.log in Node uses the same text', () => {
    const t = tensor([1, 2]);
    const inspect = (t as unknown as Record<symbol, () => string>)[
      Symbol.for('nodejs.util.inspect.custom')
    ];
    expect(inspect?.call(t)).toBe('tensor([1., 2.])');
  });
});
