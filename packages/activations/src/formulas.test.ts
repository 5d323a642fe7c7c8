/**
 * float64 checks against the published formulas, evaluated independently here with plain
 * Math (and the normal CDF by Simpson integration), gradcheck of first and second order away
 * from kinks, the fused first-order backward against the differentiable rule, kink
 * conventions, extreme inputs and argument errors.
 */
import {
  ArgumentError,
  type DType,
  DTypeError,
  gradcheck,
  gradients,
  ShapeError,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import {
  celu,
  elliott,
  elu,
  erf,
  erfc,
  gelu,
  getActivation,
  hardSigmoid,
  hardSigmoidTfjs,
  hardSwish,
  hardTanh,
  identity,
  leakyRelu,
  lisht,
  listActivations,
  logSigmoid,
  mish,
  prelu,
  relu,
  relu6,
  SELU_ALPHA,
  SELU_LAMBDA,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  step,
  swish,
  tanh,
} from './index.js';

/** Φ(x) = 1/2 + ∫_0^x φ(t) dt by composite Simpson (4000 panels): independent of erf. */
function phiIntegral(x: number): number {
  const n = 4000;
  const h = x / n;
  const f = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return 0.5 + (s * h) / 3;
}

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const sp = (x: number) => Math.log(1 + Math.exp(x));
const A = Number('1.6732632423543772848170429916717');
const L = Number('1.0507009873554804934193349852946');

/** Published formulas, written naively (fine for |x| <= 8). */
const FORMULAS: Record<string, (x: number) => number> = {
  sigmoid: sig,
  tanh: (x) => (Math.exp(x) - Math.exp(-x)) / (Math.exp(x) + Math.exp(-x)),
  relu: (x) => Math.max(x, 0),
  leakyRelu: (x) => (x > 0 ? x : 0.01 * x),
  prelu: (x) => (x > 0 ? x : 0.25 * x),
  relu6: (x) => Math.min(Math.max(x, 0), 6),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  selu: (x) => L * (x > 0 ? x : A * (Math.exp(x) - 1)),
  celu: (x) => Math.max(0, x) + Math.min(0, Math.exp(x) - 1),
  gelu: (x) => x * phiIntegral(x),
  geluTanh: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
  swish: (x) => x * sig(x),
  silu: (x) => x / (1 + Math.exp(-x)),
  mish: (x) => x * Math.tanh(sp(x)),
  softplus: sp,
  softsign: (x) => x / (1 + Math.abs(x)),
  hardSigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  hardSigmoidTfjs: (x) => Math.min(Math.max(0.2 * x + 0.5, 0), 1),
  hardSwish: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  hardTanh: (x) => Math.min(Math.max(x, -1), 1),
  logSigmoid: (x) => Math.log(sig(x)),
  elliott: (x) => (0.5 * x) / (1 + Math.abs(x)) + 0.5,
  lisht: (x) => x * Math.tanh(x),
  identity: (x) => x,
  step: (x) => (x > 0 ? 1 : 0),
};

const elementwise = listActivations().filter((a) => a.meta.elementwise);
const GRID = Array.from({ length: 129 }, (_, i) => -8 + i / 8);

describe('values in float64 against the published formulas', () => {
  it('every elementwise activation has a formula here', () => {
    expect(elementwise.map((a) => a.name).sort()).toEqual(Object.keys(FORMULAS).sort());
  });
  for (const a of elementwise) {
    it(a.name, () => {
      const f = FORMULAS[a.name] as (x: number) => number;
      const y = a.apply(tensor(GRID, { dtype: 'float64' }));
      expect(y.dtype).toBe('float64');
      GRID.forEach((x, i) => {
        const want = f(x);
        expect(
          Math.abs((y.data[i] as number) - want),
          `${a.name}(${x}) = ${y.data[i]}, formula ${want}`,
        ).toBeLessThanOrEqual(1e-13 + 1e-12 * Math.abs(want));
      });
    });
  }

  it('SELU constants are the published ones', () => {
    expect(SELU_ALPHA).toBe(Number('1.6732632423543772848170429916717'));
    expect(SELU_LAMBDA).toBe(Number('1.0507009873554804934193349852946'));
    expect(selu(tensor([-1e4], { dtype: 'float64' })).item()).toBeCloseTo(
      -SELU_ALPHA * SELU_LAMBDA,
      14,
    );
  });

  it('erf / erfc match published values and the Simpson integral of the normal density', () => {
    const table: Array<[number, number]> = [
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, v] of table) {
      expect(erf(x)).toBeCloseTo(v, 15);
      expect(erf(-x)).toBeCloseTo(-v, 15);
    }
    expect(erfc(3) / 2.209049699858544e-5 - 1).toBeLessThan(1e-13);
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-12);
    for (const x of [-7, -4.2, -3.5, -2.4, -1, -0.3, 0.2, 1.7, 2.6, 3.9, 5]) {
      const mine = 0.5 * erfc(-x / Math.SQRT2);
      expect(Math.abs(mine - phiIntegral(x)), `Φ(${x})`).toBeLessThan(1e-14);
    }
    // Deep in the left tail the Simpson integral loses digits to cancellation; published value:
    expect(Math.abs((0.5 * erfc(7 / Math.SQRT2)) / 1.279812543885835e-12 - 1)).toBeLessThan(1e-13);
  });

  it('NaN in gives NaN out, in both dtypes', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const a of elementwise) {
        const y = a.apply(tensor([Number.NaN, 1], { dtype }));
        expect(y.data[0], `${a.name} ${dtype}`).toBeNaN();
      }
    }
  });
});

/** Points away from every kink (0, ±1, ±2.5, ±3, 6, 20). */
const SMOOTH_POINTS = [-7.3, -4.4, -2.7, -1.6, -0.6, -0.2, 0.4, 1.3, 2.2, 3.7, 5.1, 7.9];

const GRADCHECK: Record<string, (x: Tensor) => Tensor> = {
  ...Object.fromEntries(elementwise.map((a) => [a.name, (x: Tensor) => a.apply(x)])),
  'leakyRelu(alpha 0.2)': (x) => leakyRelu(x, 0.2),
  'elu(alpha 0.5)': (x) => elu(x, 0.5),
  'celu(alpha 2)': (x) => celu(x, 2),
  'swish(beta 2.5)': (x) => swish(x, 2.5),
  'softplus(beta 2, threshold 5)': (x) => softplus(x, { beta: 2, threshold: 5 }),
  'hardTanh(-2, 1.5)': (x) => hardTanh(x, -2, 1.5),
};

describe('gradcheck in float64, first and second order, away from kinks', () => {
  for (const [name, f] of Object.entries(GRADCHECK)) {
    it(name, () => {
      expect(gradcheck(f, [SMOOTH_POINTS], { order: 1 })).toBe(true);
      expect(gradcheck(f, [SMOOTH_POINTS], { order: 2 })).toBe(true);
    });
  }
  it('prelu, for x and alpha (per channel), first and second order', () => {
    const x = [
      [-1.5, 0.7, -0.3],
      [2.1, -4.2, 0.9],
    ];
    const f = (u: Tensor, a: Tensor) => prelu(u, a).square();
    expect(gradcheck(f, [x, [0.25, -0.4, 1.3]], { order: 1 })).toBe(true);
    expect(gradcheck(f, [x, [0.25, -0.4, 1.3]], { order: 2 })).toBe(true);
    expect(gradcheck(f, [x, [0.1]], { order: 1 })).toBe(true);
  });
});

describe('closed-form second derivatives by autograd (grad of grad)', () => {
  const xs = [-3.1, -0.8, 0, 0.5, 2.4];
  const second = (f: (x: Tensor) => Tensor): number[] => {
    const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
    const [d1] = gradients(f(x).sum(), x, { createGraph: true });
    const [d2] = gradients((d1 as Tensor).sum(), x);
    return Array.from((d2 as Tensor).data);
  };
  const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  const cases: Array<[string, (x: Tensor) => Tensor, (x: number) => number]> = [
    ['sigmoid: s(1 - s)(1 - 2s)', sigmoid, (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x))],
    ['tanh: -2 t (1 - t^2)', tanh, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)],
    ['gelu: φ(x)(2 - x^2)', (x) => gelu(x), (x) => phi(x) * (2 - x * x)],
    ['softplus: s(1 - s)', (x) => softplus(x), (x) => sig(x) * (1 - sig(x))],
    ['elu (x < 0): e^x', (x) => elu(x), (x) => (x > 0 ? 0 : Math.exp(x))],
    [
      'lisht: 2 sech^2 x (1 - x tanh x)',
      lisht,
      (x) => 2 * (1 - Math.tanh(x) ** 2) * (1 - x * Math.tanh(x)),
    ],
  ];
  for (const [name, f, want] of cases) {
    it(name, () => {
      const got = second(f);
      xs.forEach((x, i) => {
        expect(got[i] as number, `${name} at ${x}`).toBeCloseTo(want(x), 12);
      });
    });
  }
});

describe('fused first-order backward agrees with the differentiable rule', () => {
  const points = [
    ...GRID,
    -1e4,
    -1000,
    -30,
    -20.5,
    20.5,
    30,
    1000,
    1e4,
    -3,
    3,
    -2.5,
    2.5,
    6,
    -1,
    1,
  ];
  for (const dtype of ['float64', 'float32'] as const) {
    for (const a of elementwise) {
      it(`${a.name} (${dtype})`, () => {
        const g = tensor(
          points.map((_, i) => 1 + 0.1 * (i % 7)),
          { dtype },
        );
        const grad = (createGraph: boolean) => {
          const x = tensor(points, { dtype, requiresGrad: true });
          const [d] = gradients(a.apply(x), x, { gradOutputs: [g], createGraph });
          return Array.from((d as Tensor).data);
        };
        const fused = grad(false);
        const rule = grad(true);
        const tol = dtype === 'float64' ? 1e-12 : 2e-6;
        points.forEach((x, i) => {
          const u = fused[i] as number;
          const v = rule[i] as number;
          expect(Math.abs(u - v), `${a.name}'(${x}): fused ${u}, rule ${v}`).toBeLessThanOrEqual(
            tol * (1 + Math.abs(v)),
          );
        });
      });
    }
  }
});

describe('kink conventions (PyTorch / TensorFlow.js)', () => {
  const d = (f: (x: Tensor) => Tensor, xs: number[], dtype: DType = 'float64'): number[] => {
    const x = tensor(xs, { dtype, requiresGrad: true });
    f(x).sum().backward();
    return Array.from((x.grad as Tensor).data);
  };
  it("relu'(0) = 0; leakyRelu'(0) = alpha; prelu'(0) = alpha", () => {
    expect(d(relu, [0, 1e-300, -1e-300])).toEqual([0, 1, 0]);
    expect(d((x) => leakyRelu(x, 0.3), [0])).toEqual([0.3]);
    expect(d((x) => prelu(x, tensor([0.4], { dtype: 'float64' })), [0])).toEqual([0.4]);
  });
  it("elu'(0) = alpha, selu'(0) = lambda alpha, celu'(0) = 1", () => {
    expect(d((x) => elu(x, 0.5), [0])).toEqual([0.5]);
    expect(d(selu, [0])[0]).toBeCloseTo(SELU_LAMBDA * SELU_ALPHA, 15);
    expect(d((x) => celu(x, 3), [0])).toEqual([1]);
  });
  it('clamp-type functions pass gradient 1 (times slope) at their bounds', () => {
    expect(d((x) => hardTanh(x), [-1, 1, -1.0001, 1.0001, 0])).toEqual([1, 1, 0, 0, 1]);
    expect(d((x) => hardTanh(x, -2, 3), [-2, 3, -2.01, 3.01])).toEqual([1, 1, 0, 0]);
    expect(d(relu6, [0, 6, 6.0001, -1e-9])).toEqual([0, 1, 0, 0]);
    expect(d(hardSigmoid, [-3, 3, -3.01, 3.01])).toEqual([1 / 6, 1 / 6, 0, 0]);
    expect(d(hardSigmoidTfjs, [-2.5, 2.5, -2.51, 2.51])).toEqual([0.2, 0.2, 0, 0]);
  });
  it("hardSwish' = 0 below -3, x/3 + 1/2 on [-3, 3], 1 above (PyTorch)", () => {
    expect(d(hardSwish, [-3.0001, -3, 0, 3, 3.0001])).toEqual([0, -0.5, 0.5, 1.5, 1]);
  });
  it('step has gradient 0 everywhere (including 0); straight-through passes it unchanged', () => {
    const xs = [-2, 0, 1e-9, 3];
    expect(d((x) => step(x), xs)).toEqual([0, 0, 0, 0]);
    const x = tensor(xs, { requiresGrad: true });
    step(x, { straightThrough: true })
      .mul(tensor([2, -3, 5, 7]))
      .sum()
      .backward();
    expect(Array.from((x.grad as Tensor).data)).toEqual([2, -3, 5, 7]);
    expect(Array.from(step(x, { straightThrough: true }).data)).toEqual([0, 0, 1, 1]);
    const y = tensor(xs, { requiresGrad: true });
    step(y).backward(tensor([Infinity, -Infinity, Number.NaN, 1]));
    expect(Array.from((y.grad as Tensor).data)).toEqual([0, 0, 0, 0]);
  });
  it('prelu: d/dalpha = x where x <= 0, summed over the broadcast axes', () => {
    const x = tensor([
      [-2, 0, 3],
      [-1, 5, -4],
    ]);
    const alpha = tensor([0.25], { requiresGrad: true });
    prelu(x, alpha).sum().backward();
    expect(Array.from((alpha.grad as Tensor).data)).toEqual([-7]);
  });
});

describe('extreme inputs: finite values and gradients where the math is finite', () => {
  const xs = [-1e4, -1000, -100, -50, 50, 100, 1000, 1e4];
  for (const dtype of ['float32', 'float64'] as const) {
    it(`every elementwise activation (${dtype})`, () => {
      for (const a of elementwise) {
        const x = tensor(xs, { dtype, requiresGrad: true });
        const y = a.apply(x);
        y.sum().backward();
        const g = x.grad as Tensor;
        xs.forEach((v, i) => {
          expect(Number.isFinite(y.data[i]), `${a.name}(${v}) = ${y.data[i]}`).toBe(true);
          expect(Number.isFinite(g.data[i]), `${a.name}'(${v}) = ${g.data[i]}`).toBe(true);
        });
      }
    });
    it(`the values the issue names (${dtype})`, () => {
      const at = (f: (x: Tensor) => Tensor, v: number) => f(tensor([v], { dtype })).item();
      expect(at(sigmoid, -1000)).toBe(0);
      expect(at(sigmoid, 1000)).toBe(1);
      expect(at((x) => softplus(x), 1000)).toBe(1000);
      expect(at((x) => softplus(x), -1000)).toBe(0);
      expect(Math.abs(at(mish, -1000))).toBe(0);
      expect(at(mish, 1000)).toBe(1000);
      expect(at(logSigmoid, -1000)).toBe(-1000);
      expect(Math.abs(at(logSigmoid, 1000))).toBe(0);
      expect(Math.abs(at((x) => gelu(x), -1e4))).toBe(0);
      expect(at((x) => gelu(x), 1e4)).toBe(1e4);
      expect(Math.abs(at((x) => gelu(x, { approximate: 'tanh' }), -1e4))).toBe(0);
      expect(at((x) => gelu(x, { approximate: 'tanh' }), 1e4)).toBe(1e4);
      expect(Math.abs(at((x) => swish(x), -1e4))).toBe(0);
      expect(at((x) => swish(x), 1e4)).toBe(1e4);
      expect(Math.abs(at(silu, -1e4))).toBe(0);
      expect(at(tanh, -1e4)).toBe(-1);
      expect(at(softsign, 1e4)).toBeCloseTo(1e4 / 10001, 6);
      expect(at(elliott, -1e4)).toBeCloseTo(0.5 - 0.5 * (1e4 / 10001), 6);
      expect(at(lisht, -1e4)).toBe(1e4);
      expect(at(identity, -1e4)).toBe(-1e4);
    });
  }
  it('softplus is linear above the threshold (PyTorch) and log1p(exp) below', () => {
    const y = softplus(tensor([20, 20.5, 4, 4.5], { dtype: 'float64' }), { threshold: 20 });
    expect(y.data[0]).toBeCloseTo(20 + Math.log1p(Math.exp(-20)), 15);
    expect(y.data[1]).toBe(20.5);
    const z = softplus(tensor([2, 2.5], { dtype: 'float64' }), { beta: 2, threshold: 4 });
    expect(z.data[0]).toBeCloseTo(Math.log1p(Math.exp(4)) / 2, 14);
    expect(z.data[1]).toBe(2.5);
  });
});

describe('bad input is rejected with core error classes', () => {
  const x = tensor([1, 2]);
  it('non-finite or out-of-range parameters', () => {
    expect(() => leakyRelu(x, Number.NaN)).toThrow(ArgumentError);
    expect(() => leakyRelu(x, Number.NaN)).toThrow(/alpha must be a finite number, got NaN/);
    expect(() => softplus(x, { beta: 0 })).toThrow(/beta must be > 0, got 0/);
    expect(() => celu(x, 0)).toThrow(ArgumentError);
    expect(() => hardTanh(x, 2, 1)).toThrow(/min \(2\) is greater than max \(1\)/);
    expect(() => gelu(x, { approximate: 'erf' as 'none' })).toThrow(
      /approximate must be 'none' or 'tanh', got 'erf'/,
    );
    expect(() => swish(x, Number.POSITIVE_INFINITY)).toThrow(ArgumentError);
  });
  it('prelu alpha that does not broadcast to x, and mixed dtypes', () => {
    const x2 = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => prelu(x2, tensor([0.1, 0.2]))).toThrow(ShapeError);
    expect(() => prelu(x2, tensor([0.1, 0.2]))).toThrow(
      /alpha of shape \[2\] does not broadcast to x of shape \[2,3\]/,
    );
    expect(() => prelu(x2, tensor([[[0.1, 0.2, 0.3]]]))).toThrow(ShapeError);
    expect(() => prelu(x2, tensor([0.1], { dtype: 'float64' }))).toThrow(DTypeError);
  });
  it('inputs that are not tensors', () => {
    expect(() => sigmoid('a' as unknown as Tensor)).toThrow(ArgumentError);
    expect(() => relu([1, 2] as unknown as Tensor)).toThrow(ArgumentError);
  });
  it('registry apply: unknown or non-numeric parameters', () => {
    expect(() => getActivation('leakyRelu').apply(x, { alpah: 0.2 })).toThrow(
      /did you mean 'alpha'/,
    );
    expect(() => getActivation('relu').apply(x, { alpha: 0.2 })).toThrow(/takes no parameters/);
    expect(() => getActivation('elu').apply(x, { alpha: 'big' as unknown as number })).toThrow(
      /alpha must be a finite number, got 'big'/,
    );
    expect(
      Array.from(getActivation('leakyRelu').apply(tensor([-10]), { alpha: 0.2 }).data),
    ).toEqual([-2]);
  });
});
