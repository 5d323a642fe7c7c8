/**
 * A leaf keeps an unshared gradient as its `.grad` instead of a copy (as PyTorch's
 * AccumulateGrad); these tests pin down that a gradient anybody else can see is still copied.
 */
import { describe, expect, it } from 'vitest';
import { addEngineObserver, createRng, grad, linear, randn, type Tensor, tensor } from './index.js';

const rng = () => createRng(1);
const params = () => ({
  x: randn([3, 4], { rng: rng() }),
  w: randn([2, 4], { rng: rng(), requiresGrad: true }),
  b: randn([2], { rng: rng(), requiresGrad: true }),
});

describe('gradient ownership', () => {
  it('one gradient given to two leaves (add) is copied for each', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    a.add(b).sum().backward();
    expect(a.grad).not.toBe(b.grad);
    expect(a.grad?.data).not.toBe(b.grad?.data);
    (a.grad as Tensor).data[0] = 99;
    expect(b.grad?.toArray()).toEqual([1, 1]);
  });

  it('linear: each parameter gets its own gradient array, equal to a copied one', () => {
    const { x, w, b } = params();
    linear(x, w, b).square().sum().backward();
    const gw = Array.from((w.grad as Tensor).data);
    expect(w.grad?.data).not.toBe(b.grad?.data);
    // A second backward accumulates onto the kept gradient: twice the first.
    linear(x, w, b).square().sum().backward();
    expect(Array.from((w.grad as Tensor).data)).toEqual(gw.map((v) => Math.fround(2 * v)));
    (w.grad as Tensor).data.fill(0);
    expect(b.grad?.toArray()).not.toEqual([0, 0]);
  });

  it('a gradient a hook saw is copied', () => {
    const { x, w, b } = params();
    const seen: Tensor[] = [];
    w.registerHook((g) => {
      seen.push(g);
    });
    linear(x, w, b).sum().backward();
    expect(seen).toHaveLength(1);
    expect(w.grad).not.toBe(seen[0]);
    expect(w.grad?.data).not.toBe(seen[0]?.data);
  });

  it('a gradient an engine observer saw is copied', () => {
    const { x, w, b } = params();
    const seen: Array<Tensor | null> = [];
    const off = addEngineObserver({ afterBackward: (_n, gs) => seen.push(...gs) });
    try {
      linear(x, w, b).sum().backward();
    } finally {
      off();
    }
    for (const t of seen) {
      if (t === null) continue;
      expect(t).not.toBe(w.grad);
      expect(t).not.toBe(b.grad);
    }
  });

  it('gradients returned by grad() stay the caller’s: a leaf given one as its gradient copies it', () => {
    const { x, w, b } = params();
    const g = grad((ww: Tensor) => linear(x, ww, b).sum())(w);
    const leaf = tensor(new Float32Array(g.size), { shape: g.shape, requiresGrad: true });
    leaf.backward(g);
    expect(leaf.grad).not.toBe(g);
    expect(leaf.grad?.data).not.toBe(g.data);
  });
});
