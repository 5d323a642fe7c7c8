/**
 * ARCHITECTURE.md's "add an op" walk-through, done as a user would, through the public API only:
 * `softsign2(x) = x / (1 + |x|)` with its backward rule as its own op (the derivatives.yaml way),
 * a whole-array kernel for the first-order path, and an entry in the activation registry. It must
 * then get everything a built-in op gets: autograd of any order, gradcheck, graph export, the
 * registry, and the same numbers as the built-in `softsign`.
 */
import { getActivation, registerActivation, softsign } from '@gradscope/activations';
import {
  ANY_BACKEND,
  defineOp,
  getKernel,
  getOp,
  gradcheck,
  gradients,
  listOps,
  type OpFn,
  registerKernel,
  type Tensor,
  type TypedArray,
  tensor,
  toDot,
  traceGraph,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';

/** 1 / (1 + |x|)^2, softsign's derivative, in differentiable ops. */
const slope = (x: Tensor): Tensor => x.abs().add(1).square().pow(-1);

// The backward op: g * f'(x). Its forward is the fast path (a kernel when one is registered);
// its own rule makes second and higher orders work.
const softsign2Backward: OpFn = defineOp({
  name: 'test.softsign2Backward',
  arity: 2,
  doc: "g / (1 + |x|)^2, softsign2's backward (inputs g, x)",
  forward([g, x]) {
    const kernel =
      getKernel<(g: TypedArray, x: TypedArray, out: TypedArray) => void>('test.softsign2Backward');
    if (kernel === undefined) return (g as Tensor).mul(slope(x as Tensor));
    const out = (g as Tensor).mul(0);
    kernel((g as Tensor).data, (x as Tensor).data, out.data);
    return out;
  },
  // d/dg = f'(x); d/dx = g f''(x), with f'' = -2 sign(x) / (1 + |x|)^3.
  backward(gg, { inputs: [g, x] }) {
    const t = x as Tensor;
    const f2 = t.sign().mul(-2).div(t.abs().add(1).pow(3));
    return [softsign2Backward([gg, t]), gg.mul(g as Tensor).mul(f2)];
  },
});

const softsign2 = defineOp({
  name: 'test.softsign2',
  arity: 1,
  doc: 'x / (1 + |x|); backward g / (1 + |x|)^2',
  forward: ([x]) => (x as Tensor).div((x as Tensor).abs().add(1)),
  backward: (g, { inputs: [x] }) => [softsign2Backward([g, x as Tensor])],
});

let kernelCalls = 0;
registerKernel(
  'test.softsign2Backward',
  ANY_BACKEND,
  (g: TypedArray, x: TypedArray, out: TypedArray) => {
    kernelCalls++;
    for (let i = 0; i < out.length; i++) {
      const d = 1 + Math.abs(x[i] as number);
      out[i] = (g[i] as number) / (d * d);
    }
  },
);

registerActivation({
  name: 'test.softsign2',
  apply: (x) => softsign2([x]),
  meta: {
    displayName: 'softsign, added as a test',
    formula: { text: 'x / (1 + |x|)', latex: '\\frac{x}{1 + |x|}' },
    smoothness: 'C1',
  },
});

const xs = [-3, -0.5, 0.25, 2];

describe('adding an op through the public API', () => {
  it('is registered with its backward op', () => {
    expect(listOps()).toContain('test.softsign2');
    expect(getOp('test.softsign2Backward').arity).toBe(2);
  });

  it('agrees with the built-in softsign, value and gradient, on the kernel path', () => {
    const a = tensor(xs, { requiresGrad: true });
    const b = tensor(xs, { requiresGrad: true });
    softsign2([a]).sum().backward();
    softsign(b).sum().backward();
    expect(Array.from(softsign2([a]).data)).toEqual(Array.from(softsign(b).data));
    const calls = kernelCalls;
    const c = tensor(xs, { requiresGrad: true });
    softsign2([c]).sum().backward();
    expect(kernelCalls).toBe(calls + 1);
    for (let i = 0; i < xs.length; i++)
      expect(c.grad?.data[i]).toBeCloseTo(b.grad?.data[i] as number, 6);
  });

  it('passes gradcheck in float64 at first and second order', () => {
    const x = tensor(xs, { dtype: 'float64' });
    const f = (t: Tensor) => softsign2([t]).mul(t).sum();
    expect(gradcheck(f, [x])).toBe(true);
    expect(gradcheck(f, [x], { order: 2 })).toBe(true);
  });

  it("second derivative through gradients(): f''(x) = -2 sign(x) / (1 + |x|)^3", () => {
    const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
    const [d1] = gradients(softsign2([x]).sum(), x, { createGraph: true });
    const [d2] = gradients((d1 as Tensor).sum(), x);
    const want = xs.map((v) => (-2 * Math.sign(v)) / (1 + Math.abs(v)) ** 3);
    const got = Array.from((d2 as Tensor).data);
    for (let i = 0; i < xs.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 12);
  });

  it('shows in the graph and in the activation registry', () => {
    const x = tensor(xs, { requiresGrad: true });
    const g = traceGraph(softsign2([x]).sum());
    expect(g.nodes.map((n) => n.op)).toContain('test.softsign2');
    expect(toDot(g)).toContain('test.softsign2');
    const act = getActivation('test.softsign2');
    expect(Array.from(act.apply(x).data)).toEqual(Array.from(softsign(x).data));
    expect(act.meta.range.lo).toBeCloseTo(-1, 3);
    expect(act.meta.maxDerivative).toBeCloseTo(1, 3);
  });
});
