import { describe, expect, it } from 'vitest';
import { add, DTypeError, div, getOp, pow, sub, type Tensor, tensor, where } from '../index.js';

const f64 = (d: number[], requiresGrad = false) => tensor(d, { dtype: 'float64', requiresGrad });
const xs = [-2.5, -1, -0.3, 0.2, 1, 3.7];

describe('elementwise forward values', () => {
  it.each([
    ['neg', (t: Tensor) => t.neg(), (v: number) => -v],
    ['exp', (t: Tensor) => t.exp(), Math.exp],
    ['expm1', (t: Tensor) => t.expm1(), Math.expm1],
    ['abs', (t: Tensor) => t.abs(), Math.abs],
    ['square', (t: Tensor) => t.square(), (v: number) => v * v],
    ['sign', (t: Tensor) => t.sign(), Math.sign],
  ])('%s', (_, f, ref) => {
    expect(f(f64(xs)).toArray()).toEqual(xs.map(ref));
  });

  it.each([
    ['log', (t: Tensor) => t.log(), Math.log],
    ['log1p', (t: Tensor) => t.log1p(), Math.log1p],
    ['sqrt', (t: Tensor) => t.sqrt(), Math.sqrt],
  ])('%s (positive domain)', (_, f, ref) => {
    const pos = xs.map(Math.abs);
    expect(f(f64(pos)).toArray()).toEqual(pos.map(ref));
  });

  it('binary ops broadcast as NumPy and accept numbers on either side', () => {
    const a = tensor([[1], [2]]);
    const b = tensor([10, 20, 30]);
    expect(a.add(b).toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    expect(a.sub(b).shape).toEqual([2, 3]);
    expect(a.mul(2).toArray()).toEqual([[2], [4]]);
    expect(sub(1, a).toArray()).toEqual([[0], [-1]]);
    expect(div(1, tensor([4])).toArray()).toEqual([0.25]);
    expect(pow(2, tensor([3])).toArray()).toEqual([8]);
    expect(add(tensor(1), tensor([[[2]]])).shape).toEqual([1, 1, 1]);
    expect(
      tensor([1, 5])
        .maximum(tensor([3, 2]))
        .toArray(),
    ).toEqual([3, 5]);
    expect(tensor([1, 5]).minimum(3).toArray()).toEqual([1, 3]);
    expect(tensor([-2, 0.5, 9]).clamp(0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(tensor([-2, 9]).clamp(null, 1).toArray()).toEqual([-2, 1]);
  });

  it('comparisons give 1/0 and carry no gradient', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const c = [x.gt(2), x.ge(2), x.lt(2), x.le(2), x.eq(2), x.ne(2)];
    expect(c.map((t) => t.toArray())).toEqual([
      [0, 0, 1],
      [0, 1, 1],
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
    for (const t of c) expect(t.requiresGrad).toBe(false);
    expect(getOp('greater').backward).toBeUndefined();
  });

  it('NaN propagates through maximum, minimum and clamp', () => {
    const n = tensor([Number.NaN]);
    expect(Number.isNaN(n.maximum(1).item())).toBe(true);
    expect(Number.isNaN(n.minimum(1).item())).toBe(true);
    expect(Number.isNaN(n.clamp(0, 1).item())).toBe(true);
  });

  it('mixing float32 and float64 is a DTypeError; numbers adopt the dtype', () => {
    expect(() => tensor([1]).mul(f64([1]))).toThrow(DTypeError);
    expect(f64([1]).mul(0.1).data[0]).toBe(0.1);
    expect(tensor([1]).mul(0.1).data[0]).toBe(Math.fround(0.1));
  });
});

describe('gradient conventions at kinks (PyTorch)', () => {
  const gradOf = (f: (t: Tensor) => Tensor, d: number[]) => {
    const x = f64(d, true);
    f(x).sum().backward();
    return x.grad?.toArray();
  };

  it("abs'(0) = 0, sign' = 0", () => {
    expect(gradOf((t) => t.abs(), [-2, 0, 3])).toEqual([-1, 0, 1]);
    expect(gradOf((t) => t.sign(), [-2, 0, 3])).toEqual([0, 0, 0]);
    // Even when the incoming gradient is infinite (no inf * 0 = NaN).
    const x = f64([1, -1], true);
    x.sign().backward(f64([Number.POSITIVE_INFINITY, 1]));
    expect(x.grad?.toArray()).toEqual([0, 0]);
  });

  it('clamp passes gradient 1 at the bounds and 0 outside', () => {
    expect(gradOf((t) => t.clamp(-1, 1), [-2, -1, 0, 1, 2])).toEqual([0, 1, 1, 1, 0]);
    expect(() => tensor([1]).clamp(2, 1)).toThrow('clamp: min (2) is greater than max (1)');
  });

  it('maximum / minimum split the gradient at ties', () => {
    const a = f64([1, 2, 3], true);
    const b = f64([2, 2, 2], true);
    a.maximum(b).sum().backward();
    expect(a.grad?.toArray()).toEqual([0, 0.5, 1]);
    expect(b.grad?.toArray()).toEqual([1, 0.5, 0]);
    const c = f64([1, 2, 3], true);
    c.minimum(2).sum().backward();
    expect(c.grad?.toArray()).toEqual([1, 0.5, 0]);
  });

  it('pow at zero: d/da a^0 = 0, d/da 0^2 = 0, d/db 0^b = 0 for b >= 0', () => {
    expect(gradOf((t) => t.pow(0), [0, 2])).toEqual([0, 0]);
    expect(gradOf((t) => t.pow(2), [0, -3])).toEqual([0, -6]);
    const b = f64([0, 1, 2.5], true);
    pow(f64([0, 0, 0]), b)
      .sum()
      .backward();
    expect(b.grad?.toArray()).toEqual([0, 0, 0]);
    const e = f64([2], true);
    pow(f64([3]), e)
      .sum()
      .backward();
    expect(e.grad?.item()).toBeCloseTo(9 * Math.log(3), 12);
  });

  it('sqrt and log at 0 give inf gradients, as in PyTorch', () => {
    expect(gradOf((t) => t.sqrt(), [0])).toEqual([Number.POSITIVE_INFINITY]);
    expect(gradOf((t) => t.log(), [0])).toEqual([Number.POSITIVE_INFINITY]);
  });
});

describe('where', () => {
  it('selects by condition with broadcasting; the condition gets no gradient', () => {
    const a = f64([1, 2, 3], true);
    const b = f64([10], true);
    const cond = tensor([1, 0, 1]);
    const y = where(cond, a, b);
    expect(y.toArray()).toEqual([1, 10, 3]);
    y.sum().backward();
    expect(a.grad?.toArray()).toEqual([1, 0, 1]);
    expect(b.grad?.toArray()).toEqual([1]);
    expect(where(tensor([[1], [0]]), 5, f64([1, 2])).toArray()).toEqual([
      [5, 5],
      [1, 2],
    ]);
    expect(() => where(tensor([1]), tensor([1]), f64([2]))).toThrow(/one dtype/);
  });
});
