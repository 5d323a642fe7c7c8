import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  createRng,
  GraphError,
  grad,
  gradients,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  valueAndGrad,
} from './index.js';

describe('grad / valueAndGrad', () => {
  it('grad(grad(x => x ** 3))(2) is 12, and the third derivative is 6', () => {
    const cube = (x: Tensor) => x.pow(3);
    expect(grad(grad(cube))(2).item()).toBe(12);
    expect(grad(grad(grad(cube)))(2).item()).toBe(6);
    expect(grad(cube)(2).item()).toBe(12);
  });

  it('nested grad through a closure over the outer variable', () => {
    // d/dx [ d/dy (x * y^2) at y = 3 ] = d/dx (6x) = 6
    const inner = (x: Tensor) => grad((y: Tensor) => x.mul(y).mul(y))(3);
    expect(inner(tensor(2)).item()).toBe(12);
    expect(grad(inner)(2).item()).toBe(6);
  });

  it('valueAndGrad returns the value and the gradient; argnums picks arguments', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
    const [v, g] = valueAndGrad(f)([1, 2], [3, 4]);
    expect(v.item()).toBe(11);
    expect(g.toArray()).toEqual([3, 4]);
    const [, gs] = valueAndGrad(f, { argnums: [0, 1] })([1, 2], [3, 4]);
    expect(gs.map((t) => t.toArray())).toEqual([
      [3, 4],
      [1, 2],
    ]);
    expect(grad(f, { argnums: 1 })([1, 2], [3, 4]).toArray()).toEqual([1, 2]);
  });

  it('a function that ignores its argument has gradient zero', () => {
    expect(grad(() => tensor(5))([1, 2]).toArray()).toEqual([0, 0]);
  });

  it('rejects non-scalar results and bad argnums', () => {
    expect(() => grad((x: Tensor) => x.mul(2))([1, 2])).toThrow(GraphError);
    expect(() => grad((x: Tensor) => x.sum(), { argnums: 2 })([1])).toThrow(ArgumentError);
  });
});

describe('gradients', () => {
  it('returns gradients without touching .grad; null where independent unless materialize', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const y = tensor([3], { dtype: 'float64', requiresGrad: true });
    const [gx, gy] = gradients(x.square().sum(), [x, y], { retainGraph: true });
    expect(gx?.toArray()).toEqual([2, 4]);
    expect(gy).toBeNull();
    expect(x.grad).toBeNull();
    const [, gy2] = gradients(x.square().sum(), [x, y], { materialize: true });
    expect(gy2?.toArray()).toEqual([0]);
  });

  it('checks its arguments', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => gradients(x.mul(2), x)).toThrow(/pass gradOutputs for non-scalar outputs/);
    expect(() => gradients(x.sum(), tensor([1]))).toThrow(GraphError);
    expect(() => gradients(x.mul(2), x, { gradOutputs: [tensor([1, 2, 3])] })).toThrow(ShapeError);
  });

  it('a Hessian-vector product on a small MLP loss agrees with finite differences of the gradient', () => {
    const rng = createRng(42);
    const opts = { rng, dtype: 'float64' as const };
    const X = randn([6, 3], opts);
    const T = randn([6, 2], opts);
    const init = [randn([3, 4], opts), randn([4], opts), randn([4, 2], opts), randn([2], opts)];
    const v = init.map((p) => randn(p.shape.slice(), opts));
    // A smooth two-layer network (softsign-like x / sqrt(1 + x^2)), mean squared error.
    const loss = ([W1, b1, W2, b2]: Tensor[]) => {
      const h = X.matmul(W1 as Tensor).add(b1 as Tensor);
      const a = h.div(h.square().add(1).sqrt());
      return a
        .matmul(W2 as Tensor)
        .add(b2 as Tensor)
        .sub(T)
        .square()
        .mean();
    };
    const leaves = (ps: Tensor[]) => ps.map((p) => p.detach().clone().setRequiresGrad(true));
    const gradAt = (ps: Tensor[]) => {
      const l = leaves(ps);
      return gradients(loss(l), l) as Tensor[];
    };
    // Analytic: Hv = d/dθ <∇L(θ), v>.
    const params = leaves(init);
    const gs = gradients(loss(params), params, { createGraph: true }) as Tensor[];
    let dot = gs[0]!.mul(v[0]!).sum();
    for (let i = 1; i < gs.length; i++) dot = dot.add(gs[i]!.mul(v[i]!).sum());
    const hv = gradients(dot, params) as Tensor[];
    // Numeric: (∇L(θ + εv) - ∇L(θ - εv)) / 2ε.
    const eps = 1e-5;
    const plus = gradAt(init.map((p, i) => p.add(v[i]!.mul(eps))));
    const minus = gradAt(init.map((p, i) => p.sub(v[i]!.mul(eps))));
    let maxAbs = 0;
    for (let i = 0; i < hv.length; i++) {
      const a = hv[i]!.data;
      const p = plus[i]!.data;
      const m = minus[i]!.data;
      for (let j = 0; j < a.length; j++) {
        const numeric = ((p[j] as number) - (m[j] as number)) / (2 * eps);
        maxAbs = Math.max(maxAbs, Math.abs(numeric));
        expect(Math.abs((a[j] as number) - numeric)).toBeLessThan(1e-6 + 1e-5 * Math.abs(numeric));
      }
    }
    expect(maxAbs).toBeGreaterThan(1e-3);
  });
});
