import { describe, expect, it } from 'vitest';
import { ArgumentError, arange, ShapeError, type Tensor, tensor, zeros } from '../index.js';
import { thrown } from '../thrown.testutil.js';
import { flatten } from './flatten.js';

describe('flatten (as torch.flatten)', () => {
  it('merges startDim..endDim, negative axes counting from the end', () => {
    const x = zeros([2, 3, 4, 5]);
    expect(flatten(x).shape).toEqual([120]);
    expect(flatten(x, 1).shape).toEqual([2, 60]);
    expect(flatten(x, 1, 2).shape).toEqual([2, 12, 5]);
    expect(flatten(x, -3, -2).shape).toEqual([2, 12, 5]);
    expect(flatten(x, 0, 1).shape).toEqual([6, 4, 5]);
    expect(flatten(zeros([0, 3, 2]), 1).shape).toEqual([0, 6]);
  });

  it('keeps the row-major order, returns x for one axis, makes a 0-d tensor [1]', () => {
    const x = arange(24).reshape([2, 3, 4]);
    expect(Array.from(flatten(x, 1).data)).toEqual(Array.from(x.data));
    expect(flatten(x, 1, 1)).toBe(x);
    expect(flatten(tensor(7)).toArray()).toEqual([7]);
    expect(flatten(tensor(7), -1, 0).shape).toEqual([1]);
  });

  it('passes the gradient back in the input shape (a reshape)', () => {
    const x = arange(12).reshape([1, 3, 2, 2]).detach().setRequiresGrad(true);
    const y = flatten(x, 1);
    expect(y.node?.op.name).toBe('reshape');
    y.mul(tensor([Array.from({ length: 12 }, (_, i) => i)]))
      .sum()
      .backward();
    expect(Array.from((x.grad as Tensor).data)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('refuses axes out of range or in the wrong order', () => {
    const x = zeros([2, 3, 4]);
    expect(thrown(() => flatten(x, 3))).toBeInstanceOf(ShapeError);
    expect(thrown(() => flatten(x, 0, -4)).message).toMatch(/^flatten: axis -4 is out of range/);
    expect(thrown(() => flatten(x, 1.5)).message).toMatch(/^flatten: axis must be an integer/);
    const e = thrown(() => flatten(x, 2, 1));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.message).toBe(
      'flatten: startDim must not come after endDim, got startDim 2 (axis 2) and endDim 1 (axis 1) for shape [2,3,4]',
    );
  });
});
