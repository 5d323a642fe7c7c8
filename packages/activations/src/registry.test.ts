/** The registry: built-ins, lookups with suggestions, and user-defined activations end to end. */
import {
  ArgumentError,
  getOp,
  gradcheck,
  NotFoundError,
  type Tensor,
  tensor,
  toDot,
  traceGraph,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  getActivation,
  hasActivation,
  lisht,
  listActivations,
  registerActivation,
  tanh,
} from './index.js';

const NAMES = [
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'prelu',
  'relu6',
  'elu',
  'selu',
  'celu',
  'gelu',
  'geluTanh',
  'swish',
  'silu',
  'mish',
  'softplus',
  'softsign',
  'hardSigmoid',
  'hardSigmoidTfjs',
  'hardSwish',
  'hardTanh',
  'logSigmoid',
  'elliott',
  'lisht',
  'identity',
  'softmax',
  'logSoftmax',
];

describe('built-in catalogue', () => {
  it('listActivations returns Activation objects, sorted by name, covering the issue', () => {
    const list = listActivations();
    const names = list.map((a) => a.name);
    expect(names).toEqual([...names].sort());
    for (const n of NAMES) expect(names, n).toContain(n);
    for (const a of list) expect(a).toBe(getActivation(a.name));
  });
  it('every activation is a registered core op and shows as one graph node', () => {
    for (const a of listActivations()) {
      expect(getOp(a.op).name).toBe(a.op);
      const x = tensor([[-1, 0.5, 2]], { requiresGrad: true });
      const y = a.apply(x);
      expect(y.node?.op.name, a.name).toBe(a.op);
    }
  });
  it('unknown names throw NotFoundError with the closest names', () => {
    expect(() => getActivation('rleu')).toThrow(NotFoundError);
    try {
      getActivation('leaky_relu');
    } catch (e) {
      expect(e).toBeInstanceOf(NotFoundError);
      expect((e as NotFoundError).suggestions).toContain('leakyRelu');
      expect((e as Error).message).toMatch(/unknown activation 'leaky_relu'; did you mean/);
      expect((e as Error).message).toMatch(/known: .*relu/);
    }
    expect(() => getActivation('Gelu')).toThrow(/did you mean 'gelu'/);
    expect(hasActivation('relu')).toBe(true);
    expect(hasActivation('rleu')).toBe(false);
  });
  it('prelu from the registry: a fixed slope; the learnable one is declared in parameters', () => {
    const a = getActivation('prelu');
    expect(Array.from(a.apply(tensor([-2, 3]), { alpha: 0.1 }).data)).toEqual([
      Math.fround(-0.2),
      3,
    ]);
    expect(a.parameters?.[0]?.name).toBe('alpha');
    expect(a.parameters?.[0]?.init).toBe(0.25);
  });
});

describe('user-defined activations', () => {
  // The ten lines a user writes:
  const xtanh = registerActivation({
    name: 'xtanh',
    forward: (x) => x.mul(tanh(x)),
    meta: {
      displayName: 'x tanh x',
      formula: { text: 'x * tanh(x)', latex: 'x \\tanh x' },
      smoothness: 'C-infinity',
    },
  });

  it('applies like a built-in and equals the built-in lisht, values and gradients', () => {
    const xs = [-3, -0.5, 0, 0.7, 4];
    const x1 = tensor(xs, { dtype: 'float64', requiresGrad: true });
    const x2 = tensor(xs, { dtype: 'float64', requiresGrad: true });
    const y1 = getActivation('xtanh').apply(x1);
    const y2 = lisht(x2);
    expect(Array.from(y1.data)).toEqual(Array.from(y2.data));
    y1.sum().backward();
    y2.sum().backward();
    const g1 = Array.from((x1.grad as Tensor).data);
    const g2 = Array.from((x2.grad as Tensor).data);
    g1.forEach((g, i) => {
      expect(g).toBeCloseTo(g2[i] as number, 14);
    });
  });
  it('gradcheck passes at first, second and third order', () => {
    const f = (x: Tensor) => xtanh.apply(x);
    const xs = [-2.1, -0.4, 0.3, 1.7];
    expect(gradcheck(f, [xs], { order: 1 })).toBe(true);
    expect(gradcheck(f, [xs], { order: 2 })).toBe(true);
    expect(gradcheck(f, [xs], { order: 3 })).toBe(true);
  });
  it('is one node in graph exports, like a built-in', () => {
    const x = tensor([[1, -2]], { requiresGrad: true }).named('x');
    const y = xtanh.apply(x).sum();
    const g = traceGraph(y);
    expect(g.nodes.filter((n) => n.op === 'xtanh')).toHaveLength(1);
    expect(toDot(g)).toContain('xtanh');
  });
  it('missing metadata is computed from the function and listed as inferred', () => {
    const m = xtanh.meta;
    expect(m.inferred).toContain('maxDerivative');
    expect(m.maxDerivative).toBeCloseTo(getActivation('lisht').meta.maxDerivative, 6);
    expect(m.derivativeAtZero).toBe(0);
    expect(m.range.lo).toBeCloseTo(0, 12);
    expect(m.range.hi).toBe(Number.POSITIVE_INFINITY);
    expect(m.monotonic).toBe(false);
    expect(m.zeroCentred).toBe(false);
    expect(m.saturating).toEqual({ left: false, right: false });
    expect(m.origin.year).toBeNull();
    expect(analyze('xtanh').secondMoment).toBeCloseTo(analyze('lisht').secondMoment, 12);
    expect(listActivations().map((a) => a.name)).toContain('xtanh');
  });
  it('with an explicit backward rule and a parameter', () => {
    const cube = registerActivation({
      name: 'scaledCube',
      forward: (x, { k }) =>
        x
          .mul(x)
          .mul(x)
          .mul(k as number),
      backward: (g, { x, params }) => g.mul(x.square()).mul(3 * (params.k as number)),
      meta: {
        displayName: 'k x^3',
        formula: { text: 'k * x^3', latex: 'k x^3' },
        smoothness: 'C-infinity',
        params: [{ name: 'k', default: 2, description: 'scale' }],
      },
    });
    expect(cube.apply(tensor([2])).item()).toBe(16);
    expect(cube.apply(tensor([2]), { k: 0.5 }).item()).toBe(4);
    expect(gradcheck((x) => cube.apply(x, { k: 1.5 }), [[-1.2, 0.3, 2]], { order: 2 })).toBe(true);
    expect(() => cube.apply(tensor([1]), { kk: 1 })).toThrow(/did you mean 'k'/);
  });
  it('re-registering needs { replace: true }; bad specs are rejected', () => {
    const spec = {
      name: 'xtanh',
      forward: (x: Tensor) => x.mul(tanh(x)).mul(2),
      meta: {
        displayName: '2 x tanh x',
        formula: { text: '2x tanh x', latex: '2 x \\tanh x' },
        smoothness: 'C-infinity' as const,
      },
    };
    expect(() => registerActivation(spec)).toThrow(/already registered; pass \{ replace: true \}/);
    const twice = registerActivation(spec, { replace: true });
    expect(twice.apply(tensor([1])).item()).toBeCloseTo(2 * Math.tanh(1), 6);
    expect(() => registerActivation({ ...spec, name: 'bad name' })).toThrow(ArgumentError);
    expect(() =>
      registerActivation({ name: 'noFn', meta: spec.meta } as unknown as typeof spec),
    ).toThrow(/give exactly one of forward .* or apply, got neither/);
    expect(() =>
      registerActivation({
        ...spec,
        name: 'noFormula',
        meta: { displayName: 'x', smoothness: 'C1' } as unknown as typeof spec.meta,
      }),
    ).toThrow(/meta.formula must be \{ text, latex \} strings/);
    expect(() => registerActivation(null as unknown as typeof spec)).toThrow(ArgumentError);
  });
});
