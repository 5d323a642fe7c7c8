import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  arange,
  broadcastTo,
  concat,
  gather,
  ShapeError,
  stack,
  sumToShape,
  type Tensor,
  tensor,
  zeros,
} from '../index.js';

const m23 = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

describe('reshape and friends', () => {
  it('reshape infers one -1 and shares the buffer', () => {
    const x = arange(6);
    const y = x.reshape([2, -1]);
    expect(y.shape).toEqual([2, 3]);
    expect(y.data).toBe(x.data);
    expect(x.reshape([6])).toBe(x);
    expect(() => x.reshape([-1, -1])).toThrow('reshape: only one -1 allowed, got [-1,-1]');
    expect(() => x.reshape([4, -1])).toThrow(ShapeError);
    expect(zeros([0, 3]).reshape([-1, 3]).shape).toEqual([0, 3]);
  });

  it('flatten, unsqueeze, squeeze', () => {
    const x = m23();
    expect(x.flatten().shape).toEqual([6]);
    expect(x.unsqueeze(0).shape).toEqual([1, 2, 3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(zeros([1, 2, 1]).squeeze().shape).toEqual([2]);
    expect(zeros([1, 2, 1]).squeeze(-1).shape).toEqual([1, 2]);
    expect(() => zeros([2]).squeeze(0)).toThrow(/squeeze: axis 0 has size 2, expected 1/);
    expect(() => x.unsqueeze(4)).toThrow(ShapeError);
    expect(() => x.squeeze(5)).toThrow(
      'squeeze: axis 5 is out of range for a tensor of rank 2 (valid: -2..1)',
    );
  });
});

describe('permute / transpose', () => {
  it('transpose reverses axes; permute reorders them', () => {
    expect(m23().transpose().toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const x = arange(24).reshape([2, 3, 4]);
    const p = x.permute([2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    // p[k][i][j] = x[i][j][k]
    expect((p.toArray() as number[][][])[3]?.[1]?.[2]).toBe(1 * 12 + 2 * 4 + 3);
    expect(x.transpose([0, 2, 1]).shape).toEqual([2, 4, 3]);
    expect(x.mT().shape).toEqual([2, 4, 3]);
    expect(x.permute([0, 1, 2])).toBe(x);
    expect(() => x.permute([0, 0, 1])).toThrow('permute: repeated axis in [0,0,1]');
    expect(() => x.permute([0, 1])).toThrow(ShapeError);
    expect(() => arange(3).mT()).toThrow(/mT: expected at least 2 axes/);
  });
});

describe('expand / broadcastTo / sumToShape', () => {
  it('expand follows NumPy; sumToShape is its adjoint', () => {
    const x = tensor([[1], [2]]);
    expect(x.expand([2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(broadcastTo(tensor([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(() => tensor([1, 2]).expand([3])).toThrow(ShapeError);
    expect(() => tensor([1, 2]).expand([2, 3])).toThrow(/shapes cannot be broadcast/);
    const g = arange(6).reshape([2, 3]);
    expect(sumToShape(g, [1, 3]).toArray()).toEqual([[3, 5, 7]]);
    expect(sumToShape(g, [3]).toArray()).toEqual([3, 5, 7]);
    expect(sumToShape(g, []).item()).toBe(15);
    expect(() => sumToShape(g, [2])).toThrow(ShapeError);
  });
});

describe('slice', () => {
  it('takes a block; -1 means to the end; missing axes whole', () => {
    const x = arange(12).reshape([3, 4]);
    expect(x.slice([1, 1], [2, 2]).toArray()).toEqual([
      [5, 6],
      [9, 10],
    ]);
    expect(x.slice([2]).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(x.slice([0, 3], [-1, 1]).toArray()).toEqual([[3], [7], [11]]);
    expect(x.slice([0, 0])).toBe(x);
    expect(() => x.slice([0, 3], [1, 2])).toThrow(/exceeds shape \[3,4\] on axis 1/);
    expect(() => x.slice([4])).toThrow(/begin\[0\] = 4 is out of range/);
  });

  it('backward embeds the gradient into zeros', () => {
    const x = arange(6, undefined, 1, { requiresGrad: true });
    x.slice([2], [3]).sum().backward();
    expect(x.grad?.toArray()).toEqual([0, 0, 1, 1, 1, 0]);
  });
});

describe('gather', () => {
  it('matches torch.gather', () => {
    // torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]]))
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(
      gather(
        t,
        [
          [0, 0],
          [1, 0],
        ],
        1,
      ).toArray(),
    ).toEqual([
      [1, 1],
      [4, 3],
    ]);
    expect(t.gather([[1, 0]], 0).toArray()).toEqual([[3, 2]]);
  });

  it('picks class log-probabilities; repeated indices accumulate gradient', () => {
    const logits = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const picked = logits.gather(
      tensor([
        [2, 2],
        [0, 1],
      ]),
      1,
    );
    expect(picked.toArray()).toEqual([
      [3, 3],
      [4, 5],
    ]);
    picked.sum().backward();
    expect(logits.grad?.toArray()).toEqual([
      [0, 0, 2],
      [1, 1, 0],
    ]);
  });

  it('rejects bad indices and shapes', () => {
    const t = zeros([2, 3]);
    expect(() => t.gather([[3]], 1)).toThrow(ArgumentError);
    expect(() => t.gather([[3]], 1)).toThrow(
      'gather: index 3 at position 0 is out of range [0, 3)',
    );
    expect(() => t.gather([[0.5]], 1)).toThrow(/index 0.5/);
    expect(() => t.gather([0], 1)).toThrow(/same rank/);
    expect(() => t.gather([[0], [0], [0]], 1)).toThrow(/exceeds x shape/);
  });
});

describe('concat / stack', () => {
  it('concat joins along an axis; backward slices the gradient', () => {
    const a = tensor([[1, 2]], { requiresGrad: true });
    const b = tensor(
      [
        [3, 4],
        [5, 6],
      ],
      { requiresGrad: true },
    );
    const c = concat([a, b]);
    expect(c.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    c.mul(tensor([[1], [2], [3]]))
      .sum()
      .backward();
    expect(a.grad?.toArray()).toEqual([[1, 1]]);
    expect(b.grad?.toArray()).toEqual([
      [2, 2],
      [3, 3],
    ]);
    expect(concat([tensor([[1], [2]]), tensor([[3], [4]])], -1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(() => concat([zeros([1, 2]), zeros([1, 3])])).toThrow(
      'concat: shapes must match except on axis 0: input 0 is [1,2], input 1 is [1,3]',
    );
    expect(() => concat([])).toThrow(ArgumentError);
    expect(() => concat([tensor(1), tensor(2)])).toThrow(/use stack/);
  });

  it('stack adds a new axis', () => {
    const xs: Tensor[] = [tensor([1, 2]), tensor([3, 4]), tensor([5, 6])];
    expect(stack(xs).shape).toEqual([3, 2]);
    expect(stack(xs, 1).toArray()).toEqual([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(/all tensors must have one shape/);
  });
});

describe('cast', () => {
  it('converts dtype; the gradient comes back in the input dtype', () => {
    const x = tensor([0.1], { requiresGrad: true });
    const y = x.to('float64');
    expect(y.dtype).toBe('float64');
    expect(y.data[0]).toBe(Math.fround(0.1));
    expect(x.to('float32')).toBe(x);
    y.mul(2).sum().backward();
    expect(x.grad?.dtype).toBe('float32');
    expect(x.grad?.item()).toBe(2);
    expect(() => x.to('int32' as never)).toThrow(/expected dtype 'float32' or 'float64'/);
  });
});
