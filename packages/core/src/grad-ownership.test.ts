/**
 * A leaf keeps an unshared gradient as its `.grad` instead of a copy (as PyTorch's
 * AccumulateGrad); these tests pin down that a gradient anybody else can see is still copied.
 */
import { describe, expect, it } from 'vitest';
import {
  addEngineObserver,
  createRng,
  defineOp,
  grad,
  gradients,
  linear,
  randn,
  type Tensor,
  tensor,
} from './index.js';

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

/**
 * `gradWritable`: a rule may write into the incoming gradient only when the engine made it for
 * that node alone (here: linear's fused backward makes a fresh gradient for its input).
 */
describe('BackwardContext.gradWritable', () => {
  const seen: boolean[] = [];
  // Doubles the gradient, in place when allowed (as activations' fused rules do).
  const twice = defineOp({
    name: 'test.twiceInPlace',
    arity: 1,
    doc: 'x; backward 2 g, written into g when gradWritable',
    forward: ([x]) => (x as Tensor).mul(1),
    backward(g, { gradWritable }) {
      seen.push(gradWritable);
      if (!gradWritable) return [g.mul(2)];
      for (let i = 0; i < g.data.length; i++) g.data[i] = 2 * (g.data[i] as number);
      return [g];
    },
  });
  // x -> linear -> h -> twice -> y -> linear -> z: the gradient reaching twice is linear's.
  const net = () => {
    const { x, w, b } = params();
    const w2 = randn([3, 2], { rng: rng(), requiresGrad: true });
    const b2 = randn([3], { rng: rng(), requiresGrad: true });
    const h = linear(x, w, b);
    const y = twice([h]);
    return { w, h, y, z: linear(y, w2, b2) };
  };

  it('is true for a gradient only the engine holds, and the result is unchanged', () => {
    const { w, z } = net();
    seen.length = 0;
    z.square().sum().backward();
    expect(seen).toEqual([true]);
    // Same gradient as the copying path (forced below by retainGrad on the node's output).
    const n2 = net();
    n2.y.retainGrad();
    seen.length = 0;
    n2.z.square().sum().backward();
    expect(seen).toEqual([false]);
    expect(Array.from((w.grad as Tensor).data)).toEqual(Array.from((n2.w.grad as Tensor).data));
  });

  it('is false when retainGrad, a hook, an observer, the caller or a recorded backward sees it', () => {
    const loss = (n: ReturnType<typeof net>) => n.z.square().sum();
    const cases: Array<[string, (n: ReturnType<typeof net>) => void]> = [
      [
        'retainGrad',
        (n) => {
          n.y.retainGrad();
          loss(n).backward();
        },
      ],
      [
        'hook',
        (n) => {
          n.y.registerHook(() => undefined);
          loss(n).backward();
        },
      ],
      [
        'observer',
        (n) => {
          const off = addEngineObserver({ afterBackward: () => undefined });
          try {
            loss(n).backward();
          } finally {
            off();
          }
        },
      ],
      ['caller (gradients with respect to y)', (n) => gradients(loss(n), [n.y, n.w])],
      ['createGraph', (n) => loss(n).backward(null, { createGraph: true })],
    ];
    for (const [what, run] of cases) {
      const n = net();
      seen.length = 0;
      run(n);
      expect(seen, what).toEqual([false]);
    }
    // What the caller and retainGrad get is y's gradient, not the one twice wrote for h.
    const n = net();
    n.y.retainGrad();
    loss(n).backward();
    const n2 = net();
    const [gy] = gradients(loss(n2), [n2.y]);
    expect(Array.from((n.y.grad as Tensor).data)).toEqual(Array.from((gy as Tensor).data));
  });
});
