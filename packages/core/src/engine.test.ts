import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  defineOp,
  enableGrad,
  GraphError,
  isGradEnabled,
  type Node,
  noGrad,
  ShapeError,
  scope,
  type Tensor,
  tensor,
  zeroGrad,
} from './index.js';

const f64 = (data: number[] | number[][], requiresGrad = true) =>
  tensor(data, { dtype: 'float64', requiresGrad });

/** Every node reachable from `t` (before release). */
function nodesOf(t: Tensor): Node[] {
  const out: Node[] = [];
  const seen = new Set<Node>();
  const visit = (x: Tensor) => {
    const n = x.node;
    if (n === null || seen.has(n)) return;
    seen.add(n);
    out.push(n);
    for (const i of n.inputs ?? []) visit(i);
  };
  visit(t);
  return out;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('backward', () => {
  it('computes the gradient of a scalar: d/dx sum(x^2 + 3x) = 2x + 3', () => {
    const x = f64([1, -2, 0.5]);
    x.square().add(x.mul(3)).sum().backward();
    expect(x.grad?.toArray()).toEqual([5, -1, 4]);
    expect(x.grad?.dtype).toBe('float64');
  });

  it('accumulates over several uses of one leaf in one graph', () => {
    const x = f64([2, 3]);
    // y = x*x + x + x: dy/dx = 2x + 2
    x.mul(x).add(x).add(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([6, 8]);
  });

  it('accumulates across backward calls until zeroGrad', () => {
    const x = f64([1, 2]);
    x.mul(3).sum().backward();
    x.mul(4).sum().backward();
    expect(x.grad?.toArray()).toEqual([7, 7]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.mul(5).sum().backward();
    expect(x.grad?.toArray()).toEqual([5, 5]);
  });

  it('zeroGrad(tensors) clears every gradient', () => {
    const a = f64([1]);
    const b = f64([2]);
    a.mul(b).sum().backward();
    expect(a.grad?.item()).toBe(2);
    zeroGrad([a, b]);
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
    expect(() => zeroGrad([a, 3 as unknown as Tensor])).toThrow(/item 1 must be a Tensor/);
  });

  it('gives each leaf its own gradient buffer (add passes one gradient to both inputs)', () => {
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    a.add(b).sum().backward();
    expect(a.grad).not.toBe(b.grad);
    (a.grad as Tensor).data[0] = 100;
    expect(b.grad?.toArray()).toEqual([1, 1]);
  });

  it('takes an explicit output gradient for non-scalar outputs, checking shape and dtype', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(2);
    expect(() => y.backward()).toThrow(GraphError);
    expect(() => y.backward(), 'message names the shape').toThrow(
      /output has shape \[3\]; a gradient is only implied for scalar outputs/,
    );
    expect(() => y.backward(tensor([1, 1], { dtype: 'float64' }))).toThrow(ShapeError);
    expect(() => y.backward(tensor([1, 1, 1]), { retainGraph: true })).toThrow(DTypeError);
    y.backward(tensor([1, 0, -1], { dtype: 'float64' }));
    expect(x.grad?.toArray()).toEqual([2, 0, -2]);
  });

  it('backward from a tensor that needs no gradient is a GraphError', () => {
    const x = tensor([1, 2]);
    expect(() => x.sum().backward()).toThrow(GraphError);
    expect(() => x.sum().backward()).toThrow(/does not require grad/);
  });

  it('casts gradients back to the dtype of each input', () => {
    const x = tensor([1.5, 2.5], { requiresGrad: true });
    x.to('float64').square().sum().backward();
    expect(x.grad?.dtype).toBe('float32');
    expect(x.grad?.toArray()).toEqual([3, 5]);
  });
});

describe('deep graphs', () => {
  it('backward through a chain of 20000 ops does not overflow the stack', () => {
    const x = f64([1], true);
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expect(x.grad?.item()).toBeCloseTo(1.0001 ** 20000, 6);
  });
});

describe('graph release', () => {
  it('releases every node after backward without retainGraph', () => {
    const x = f64([1, 2]);
    const loss = x.exp().mul(x).sum();
    const nodes = nodesOf(loss);
    expect(nodes.length).toBe(3);
    expect(nodes.every((n) => !n.released)).toBe(true);
    loss.backward();
    expect(nodes.every((n) => n.released && n.inputs === null && n.output === null)).toBe(true);
  });

  it('a second backward through a released graph is a GraphError, not a wrong answer', () => {
    const x = f64([1, 2]);
    const loss = x.square().sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(GraphError);
    expect(() => loss.backward()).toThrow(/already released.*retainGraph: true/);
    expect(x.grad?.toArray()).toEqual([2, 4]);
  });

  it('an intermediate whose graph was released cannot be reused for backward', () => {
    const x = f64([1, 2]);
    const h = x.square();
    h.sum().backward();
    expect(() => h.mul(3).sum().backward()).toThrow(/graph through 'square'.*already released/);
  });

  it('retainGraph allows a second backward, which accumulates', () => {
    const x = f64([1, 2]);
    const loss = x.square().sum();
    loss.backward(null, { retainGraph: true });
    expect(loss.node?.released).toBe(false);
    loss.backward();
    expect(x.grad?.toArray()).toEqual([4, 8]);
    expect(loss.node?.released).toBe(true);
  });

  it('releases a node that receives no gradient (a rule that returns null)', () => {
    const stop = defineOp({
      name: 'engineTest.stopGradient',
      arity: 1,
      forward: ([x]) => (x as Tensor).clone(),
      backward: () => [null],
    });
    const x = f64([1, 2]);
    const h = x.exp();
    const loss = stop([h]).sum().add(x.sum());
    const nodes = nodesOf(loss);
    loss.backward();
    expect(nodes.every((n) => n.released)).toBe(true);
    expect(x.grad?.toArray()).toEqual([1, 1]);
  });

  it('saved intermediate tensors become unreachable after backward (gc)', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(typeof gc, 'run with --expose-gc (packages/core/vitest.config.ts)').toBe('function');
    const x = f64([0.5, 1.5, -2]);
    const build = () => {
      const h1 = x.mul(2);
      const h2 = h1.exp();
      const loss = h2.sum();
      return { loss, refs: [new WeakRef(h1), new WeakRef(h2)] };
    };
    const collect = async () => {
      await tick();
      gc?.();
      await tick();
      gc?.();
    };
    // Control: while the graph is retained the intermediates stay alive.
    const kept = build();
    kept.loss.backward(null, { retainGraph: true });
    await collect();
    expect(kept.refs.map((r) => r.deref() !== undefined)).toEqual([true, true]);
    // Released: only the loss is held, and it no longer reaches them.
    const released = build();
    released.loss.backward();
    await collect();
    expect(released.refs.map((r) => r.deref() === undefined)).toEqual([true, true]);
    expect(kept.loss.node?.released).toBe(false);
  });
});

describe('createGraph, retainGrad, noGrad, detach, hooks', () => {
  it('createGraph makes .grad differentiable: d2/dx2 x^3 = 6x', () => {
    const x = f64([2, -1]);
    x.pow(3).sum().backward(null, { createGraph: true });
    const g = x.grad as Tensor;
    expect(g.toArray()).toEqual([12, 3]);
    expect(g.requiresGrad).toBe(true);
    x.zeroGrad();
    g.sum().backward();
    expect(x.grad?.toArray()).toEqual([12, -6]);
  });

  it('without createGraph, .grad has no history', () => {
    const x = f64([2]);
    x.pow(3).sum().backward();
    expect(x.grad?.requiresGrad).toBe(false);
    expect(x.grad?.node).toBeNull();
  });

  it('retainGrad keeps the gradient of a non-leaf; others stay null', () => {
    const x = f64([1, 2]);
    const h = x.mul(3).retainGrad();
    const k = h.square();
    k.sum().backward();
    expect(h.grad?.toArray()).toEqual([6, 12]);
    expect(k.grad).toBeNull();
    expect(x.grad?.toArray()).toEqual([18, 36]);
    expect(() => tensor([1]).retainGrad()).toThrow(GraphError);
  });

  it('noGrad records nothing; enableGrad records inside it', () => {
    const x = f64([1, 2]);
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(isGradEnabled()).toBe(true);
    const z = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return enableGrad(() => x.mul(2));
    });
    expect(z.requiresGrad).toBe(true);
    expect(() =>
      noGrad(() => x.mul(2))
        .sum()
        .backward(),
    ).toThrow(GraphError);
    // The mode is restored when fn throws.
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('detach shares the data and stops the gradient', () => {
    const x = f64([2, 3]);
    const d = x.detach();
    expect(d.data).toBe(x.data);
    expect(d.requiresGrad).toBe(false);
    x.detach().mul(x).sum().backward();
    expect(x.grad?.toArray()).toEqual([2, 3]);
  });

  it('requiresGrad cannot be turned off on a non-leaf', () => {
    const h = f64([1]).mul(2);
    expect(() => {
      h.requiresGrad = false;
    }).toThrow(/non-leaf tensor \(made by 'mul'\)/);
  });

  it('hooks see and may replace the gradient; remove() stops them', () => {
    const x = f64([1, 2]);
    const h = x.mul(2);
    const seen: number[][] = [];
    const handle = h.registerHook((g) => {
      seen.push(g.toArray() as number[]);
      return g.mul(10);
    });
    h.sum().backward(null, { retainGraph: true });
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad?.toArray()).toEqual([20, 20]);
    handle.remove();
    h.sum().backward();
    expect(x.grad?.toArray()).toEqual([22, 22]);
  });

  it('a hook returning the wrong shape is a ShapeError', () => {
    const x = f64([1, 2]);
    x.registerHook((g) => g.sum());
    expect(() => x.mul(2).sum().backward()).toThrow(ShapeError);
  });

  it('scope paths are recorded on nodes', () => {
    const x = f64([1]);
    const y = scope('mlp', () => scope('layer1', () => x.mul(2)));
    expect(y.node?.scope).toEqual(['mlp', 'layer1']);
    expect(x.mul(2).node?.scope).toEqual([]);
  });
});
