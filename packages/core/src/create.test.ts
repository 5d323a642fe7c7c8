import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  arange,
  createRng,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  rand,
  randn,
  ShapeError,
  Tensor,
  tensor,
  uniform,
  zeros,
  zerosLike,
} from './index.js';
import { thrown } from './thrown.testutil.js';

describe('tensor(data, { copy: false })', () => {
  it('wraps a typed array of the dtype without copying', () => {
    const d = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(d, { shape: [2, 3], copy: false, requiresGrad: true });
    expect(t.data).toBe(d);
    expect(t.dtype).toBe('float64');
    expect(t.requiresGrad).toBe(true);
    d[0] = 7;
    expect(t.toArray()).toEqual([
      [7, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensor(new Float32Array(2), { copy: false }).data.buffer.byteLength).toBe(8);
  });

  it('refuses data that would need a copy, and a non-boolean copy', () => {
    expect(thrown(() => tensor([1, 2], { copy: false }))).toMatchObject({
      constructor: ArgumentError,
      message:
        'tensor: copy: false needs a Float32Array for dtype float32, got [1,2]; a copy would be needed',
    });
    expect(
      thrown(() => tensor(new Float32Array(2), { copy: false, dtype: 'float64' })),
    ).toMatchObject({
      constructor: ArgumentError,
      message:
        'tensor: copy: false needs a Float64Array for dtype float64, got a Float32Array; a copy would be needed',
    });
    expect(thrown(() => tensor(new Float32Array(4), { copy: false, shape: [3] }))).toBeInstanceOf(
      ShapeError,
    );
    expect(thrown(() => tensor(new Float32Array(2), { copy: 0 as never }))).toMatchObject({
      constructor: ArgumentError,
      message: 'tensor: copy must be a boolean, got 0',
    });
  });
});

describe('tensor()', () => {
  it('builds from nested arrays, row-major, float32 by default', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t).toBeInstanceOf(Tensor);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.size).toBe(6);
    expect(t.ndim).toBe(2);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('shapes are frozen copies, shared between tensors of one small shape and never the caller’s array', () => {
    const dims = [2, 3];
    const a = zeros(dims);
    dims[0] = 5;
    expect(a.shape).toEqual([2, 3]);
    const b = a.add(1);
    // Ranks 0 to 2 with dims below 2^15 share one frozen array; others get their own.
    expect(b.shape).toBe(a.mul(2).shape);
    expect(Object.isFrozen(b.shape)).toBe(true);
    expect(() => {
      (b.shape as number[])[0] = 7;
    }).toThrow(TypeError);
    expect(a.shape).toEqual([2, 3]);
    for (const shape of [[], [4], [1, 40000], [2, 2, 2], [0, 3]]) {
      const t = zeros(shape);
      expect(t.shape).toEqual(shape);
      expect(Object.isFrozen(t.shape)).toBe(true);
      expect(t.add(0).shape).toEqual(shape);
    }
  });

  it('builds 0-d scalars and 3-d tensors; toArray round-trips', () => {
    const s = tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3.5);
    expect(s.toArray()).toBe(3.5);
    const nested = [
      [[1], [2]],
      [[3], [4]],
    ];
    expect(tensor(nested).shape).toEqual([2, 2, 1]);
    expect(tensor(nested).toArray()).toEqual(nested);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[], []]).shape).toEqual([2, 0]);
  });

  it('float64 on request keeps full precision; float32 rounds', () => {
    expect(tensor([0.1], { dtype: 'float64' }).data[0]).toBe(0.1);
    expect(tensor([0.1]).data[0]).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
  });

  it('ragged nested arrays are a ShapeError naming the position', () => {
    const a = thrown(() => tensor([[1, 2], [3]]));
    expect(a).toBeInstanceOf(ShapeError);
    expect(a.message).toBe(
      'tensor: ragged nested array: expected 2 elements at [1] (as its first sibling), got 1 elements',
    );
    const b = thrown(() => tensor([[[1, 2]], [[3, 4]], [[5]]]));
    expect(b).toBeInstanceOf(ShapeError);
    expect(b.message).toMatch(/at \[2\]\[0\]/);
    const c = thrown(() => tensor([1, [2]] as never));
    expect(c).toBeInstanceOf(ShapeError);
    expect(c.message).toMatch(/element \[1\] is an array/);
    const d = thrown(() => tensor([[1, 2], 3] as never));
    expect(d).toBeInstanceOf(ShapeError);
    expect(d.message).toMatch(/at \[1\].*got 3/);
    expect(thrown(() => tensor([1, 'x'] as never))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => tensor({} as never))).toBeInstanceOf(ArgumentError);
  });

  it('takes a typed array or a flat list with a shape', () => {
    const d = new Float64Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(d, { shape: [3, 2] });
    expect(t.dtype).toBe('float64');
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    d[0] = 100;
    expect(t.data[0]).toBe(1); // copied
    expect(tensor(new Float32Array([1, 2])).shape).toEqual([2]);
    expect(tensor(new Float32Array([1, 2]), { dtype: 'float64' }).dtype).toBe('float64');
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).shape).toEqual([2, 2]);
    expect(thrown(() => tensor(d, { shape: [4, 2] })).message).toBe(
      'tensor: shape [4,2] needs 8 elements, data has 6',
    );
  });

  it('requiresGrad and name options', () => {
    const t = tensor([1], { requiresGrad: true, name: 'w' });
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(t.name).toBe('w');
    expect(thrown(() => tensor([1], 3 as never))).toBeInstanceOf(ArgumentError);
  });

  it('item() requires exactly one element', () => {
    expect(tensor([[7]]).item()).toBe(7);
    expect(thrown(() => tensor([1, 2]).item()).message).toBe(
      'item: expected a tensor with one element, got shape [2]',
    );
  });
});

describe('factories', () => {
  it('zeros / ones / full / zerosLike / onesLike', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7.5, { dtype: 'float64' }).toArray()).toEqual([7.5, 7.5]);
    expect(full([], 2).shape).toEqual([]);
    const x = tensor([1, 2], { dtype: 'float64' });
    expect(zerosLike(x).dtype).toBe('float64');
    expect(onesLike(x).toArray()).toEqual([1, 1]);
    expect(thrown(() => full([2], 'a' as never))).toBeInstanceOf(ArgumentError);
  });

  it('arange follows NumPy (stop exclusive, any step)', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(0, 1, 0.25, { dtype: 'float64' }).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(3, 1).shape).toEqual([0]);
    expect(thrown(() => arange(0, 1, 0)).message).toBe('arange: step must not be 0');
  });

  it('linspace includes both ends', () => {
    expect(linspace(0, 1, 5, { dtype: 'float64' }).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 3, 1).toArray()).toEqual([2]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
    expect(thrown(() => linspace(0, 1, -1))).toBeInstanceOf(ArgumentError);
  });

  it('eye', () => {
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('rand / uniform / randn draw from the given rng, reproducibly', () => {
    const a = rand([1000], { rng: createRng(1), dtype: 'float64' });
    const b = rand([1000], { rng: createRng(1), dtype: 'float64' });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(a.min().item()).toBeGreaterThanOrEqual(0);
    expect(a.max().item()).toBeLessThan(1);
    expect(Math.abs(a.mean().item() - 0.5)).toBeLessThan(0.05);
    const u = uniform([1000], -2, 3, { rng: createRng(2) });
    expect(u.min().item()).toBeGreaterThanOrEqual(-2);
    expect(u.max().item()).toBeLessThan(3);
    const n = randn([20000], { rng: createRng(3), dtype: 'float64', mean: 1, std: 2 });
    const mean = n.mean().item();
    const sd = Math.sqrt(n.sub(mean).square().mean().item());
    // Standard error of the mean: 2 / sqrt(20000) ≈ 0.014.
    expect(Math.abs(mean - 1)).toBeLessThan(0.06);
    expect(Math.abs(sd - 2)).toBeLessThan(0.06);
    expect(thrown(() => uniform([2], 1, 0))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => randn([2], { std: -1 }))).toBeInstanceOf(ArgumentError);
    expect(thrown(() => rand([2], { rng: {} as never }))).toBeInstanceOf(ArgumentError);
  });
});
