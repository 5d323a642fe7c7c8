/**
 * Numbers at the edges (issue 9): every core op and every registered activation at ±0,
 * subnormals, ±1e4, ±Inf and NaN, in float32 and float64.
 *
 * Truth is plain double-precision JavaScript written here from the formulas (stable forms),
 * rounded to float32 where the dtype is float32. Rules, decided from the math:
 * - a NaN input gives a NaN output (NaN propagates);
 * - where the reference is NaN (log(-1), 0/0, Inf - Inf) the result must be NaN too;
 * - where the reference is finite the result is finite and close to it; where it is ±Inf
 *   (exp(1e4), log(0)) the result is that infinity;
 * - at x = ±Inf an elementwise function must equal its limit (sigmoid(-Inf) = 0,
 *   silu(-Inf) = 0, softsign(Inf) = 1): "no NaN where the mathematical value is finite";
 * - gradients are checked at the finite points (a derivative at ±Inf is not defined); where
 *   the reference derivative is NaN (0/0 in d(a/b)/db at a = b = 0) no value is required.
 */
import {
  type Activation,
  logSoftmax as actLogSoftmax,
  softmax as actSoftmax,
  getActivation,
  listActivations,
  normalCdf,
} from '@gradscope/activations';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  concat,
  conv1d,
  conv2d,
  convTranspose2d,
  type DType,
  gather,
  linear,
  listOps,
  maxPool2d,
  oneHot,
  pad,
  stack,
  type Tensor,
  tensor,
  where,
} from '@gradscope/core';
import { binaryCrossEntropy, crossEntropy } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';

const DTYPES: readonly DType[] = ['float32', 'float64'];

/** The edge points of each dtype (the subnormals are the dtype's own). */
function points(dtype: DType): number[] {
  const sub = dtype === 'float32' ? 1e-40 : 5e-324;
  const sub2 = dtype === 'float32' ? 1.4e-45 : 1e-310;
  const ps = [0, -0, sub, -sub, sub2, 1e4, -1e4, Infinity, -Infinity, Number.NaN];
  return dtype === 'float32' ? ps.map(Math.fround) : ps;
}
const finitePoints = (dtype: DType) => points(dtype).filter(Number.isFinite);

const round = (dtype: DType, v: number) => (dtype === 'float32' ? Math.fround(v) : v);

interface Tol {
  rtol: number;
  atol: number;
}
const valueTol = (dtype: DType): Tol =>
  dtype === 'float32' ? { rtol: 2e-5, atol: 1e-44 } : { rtol: 1e-6, atol: 1e-321 };
const gradTol = (dtype: DType): Tol =>
  dtype === 'float32' ? { rtol: 1e-4, atol: 1e-44 } : { rtol: 1e-6, atol: 1e-321 };

/** Checks `got` against the reference `want` by the rules in the file comment. */
function agree(got: number, want: number, tol: Tol, nanFree = false): string | null {
  if (Number.isNaN(want)) {
    if (nanFree) return null;
    return Number.isNaN(got) ? null : `expected NaN, got ${got}`;
  }
  if (Number.isNaN(got)) return `got NaN where the value is ${want}`;
  if (!Number.isFinite(want)) return got === want ? null : `expected ${want}, got ${got}`;
  if (!Number.isFinite(got)) return `got ${got} where the value is finite (${want})`;
  return Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want)
    ? null
    : `expected ${want}, got ${got}`;
}

/**
 * The reference at ±Inf: the formula itself when it is defined there (JavaScript's Math follows
 * IEEE 754: exp(-Inf) = 0, log(Inf) = Inf), else its limit, read off at ±1e300 (a huge value
 * standing for an infinite limit). Every activation here grows at most like x.
 */
function atInfinity(f: (x: number) => number, x: number): number {
  const direct = f(x);
  if (!Number.isNaN(direct)) return direct;
  const v = f(Math.sign(x) * 1e300);
  return Math.abs(v) > 1e200 ? Math.sign(v) * Infinity : v;
}

// --- reference formulas in double precision -------------------------------------------------

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
/** erfc with relative error < 1.2e-7 (Numerical Recipes' Chebyshev fit): enough here. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
const Phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
const K = Math.sqrt(2 / Math.PI);
const SELU_A = 1.6732632423543772;
const SELU_L = 1.0507009873554805;

interface Ref {
  value: (x: number) => number;
  /** d value / dx at finite x. */
  derivative(x: number): number;
}

/** Reference value and derivative of every built-in elementwise activation (default params). */
const ACTIVATION_REFS: Record<string, Ref> = {
  identity: { value: (x) => x, derivative: () => 1 },
  relu: { value: (x) => Math.max(x, 0), derivative: (x) => (x > 0 ? 1 : 0) },
  relu6: {
    value: (x) => Math.min(Math.max(x, 0), 6),
    derivative: (x) => (x > 0 && x < 6 ? 1 : 0),
  },
  leakyRelu: { value: (x) => (x > 0 ? x : 0.01 * x), derivative: (x) => (x > 0 ? 1 : 0.01) },
  prelu: { value: (x) => (x > 0 ? x : 0.25 * x), derivative: (x) => (x > 0 ? 1 : 0.25) },
  elu: { value: (x) => (x > 0 ? x : Math.expm1(x)), derivative: (x) => (x > 0 ? 1 : Math.exp(x)) },
  celu: {
    value: (x) => (x > 0 ? x : Math.expm1(x)),
    derivative: (x) => (x > 0 ? 1 : Math.exp(x)),
  },
  selu: {
    value: (x) => SELU_L * (x > 0 ? x : SELU_A * Math.expm1(x)),
    derivative: (x) => SELU_L * (x > 0 ? 1 : SELU_A * Math.exp(x)),
  },
  sigmoid: { value: sigmoid, derivative: (x) => sigmoid(x) * sigmoid(-x) },
  logSigmoid: { value: (x) => -softplus(-x), derivative: (x) => sigmoid(-x) },
  hardSigmoid: {
    value: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
    derivative: (x) => (x > -3 && x < 3 ? 1 / 6 : 0),
  },
  hardSigmoidTfjs: {
    value: (x) => Math.min(Math.max(0.2 * x + 0.5, 0), 1),
    derivative: (x) => (x > -2.5 && x < 2.5 ? 0.2 : 0),
  },
  tanh: { value: Math.tanh, derivative: (x) => 1 - Math.tanh(x) ** 2 },
  hardTanh: {
    value: (x) => Math.min(Math.max(x, -1), 1),
    derivative: (x) => (x >= -1 && x <= 1 ? 1 : 0),
  },
  softsign: {
    value: (x) => x / (1 + Math.abs(x)),
    derivative: (x) => 1 / (1 + Math.abs(x)) ** 2,
  },
  elliott: {
    value: (x) => (0.5 * x) / (1 + Math.abs(x)) + 0.5,
    derivative: (x) => 0.5 / (1 + Math.abs(x)) ** 2,
  },
  lisht: {
    value: (x) => x * Math.tanh(x),
    derivative: (x) => Math.tanh(x) + x * (1 - Math.tanh(x) ** 2),
  },
  softplus: { value: softplus, derivative: sigmoid },
  silu: {
    value: (x) => x * sigmoid(x),
    derivative: (x) => sigmoid(x) + x * sigmoid(x) * sigmoid(-x),
  },
  swish: {
    value: (x) => x * sigmoid(x),
    derivative: (x) => sigmoid(x) + x * sigmoid(x) * sigmoid(-x),
  },
  hardSwish: {
    value: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
    derivative: (x) => (x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6),
  },
  mish: {
    value: (x) => x * Math.tanh(softplus(x)),
    derivative: (x) => {
      const t = Math.tanh(softplus(x));
      return t + x * (1 - t * t) * sigmoid(x);
    },
  },
  gelu: { value: (x) => x * Phi(x), derivative: (x) => Phi(x) + x * phi(x) },
  geluTanh: {
    value: (x) => {
      const u = K * (x + 0.044715 * x * x * x);
      return 0.5 * x * (1 + Math.tanh(u));
    },
    derivative: (x) => {
      const u = K * (x + 0.044715 * x * x * x);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * 0.044715 * x * x);
    },
  },
  step: { value: (x) => (Number.isNaN(x) ? x : x > 0 ? 1 : 0), derivative: () => 0 },
};
/** NaN propagates through every activation (the comparisons in the refs above would drop it). */
for (const r of Object.values(ACTIVATION_REFS)) {
  const v = r.value;
  r.value = (x) => (Number.isNaN(x) ? x : v(x));
}

/** Activations normalising along an axis: tested on rows below, not elementwise. */
const AXIS_ACTIVATIONS = new Set(['softmax', 'logSoftmax']);

/** Applies `f` to the dtype's edge points; returns values and d(sum f)/dx. */
function run(f: (x: Tensor) => Tensor, xs: readonly number[], dtype: DType) {
  const x = tensor(xs, { dtype, requiresGrad: true });
  const y = f(x);
  expect(y.dtype).toBe(dtype);
  expect(y.shape).toEqual(x.shape);
  y.backward(
    tensor(
      xs.map(() => 1),
      { dtype },
    ),
  );
  return { y: Array.from(y.data), g: Array.from((x.grad as Tensor).data) };
}

/** Checks an elementwise function against its reference at every edge point of `dtype`. */
function checkElementwise(f: (x: Tensor) => Tensor, ref: Ref, dtype: DType): string[] {
  const xs = points(dtype);
  const { y, g } = run(f, xs, dtype);
  const problems: string[] = [];
  xs.forEach((x, i) => {
    // NaN in, NaN out, unless the reference says otherwise (IEEE: pow(NaN, 0) = 1).
    const want = Number.isFinite(x) ? ref.value(x) : atInfinity(ref.value, x);
    const e = agree(y[i] as number, round(dtype, want), valueTol(dtype));
    if (e !== null) problems.push(`value at ${Object.is(x, -0) ? '-0' : x}: ${e}`);
    if (Number.isFinite(x)) {
      const eg = agree(g[i] as number, round(dtype, ref.derivative(x)), gradTol(dtype), true);
      if (eg !== null) problems.push(`gradient at ${Object.is(x, -0) ? '-0' : x}: ${eg}`);
    }
  });
  return problems;
}

describe('every registered activation at the edges', () => {
  const names = listActivations().map((a) => a.name);

  it('has a reference for every elementwise activation (none is left untested)', () => {
    const missing = names.filter((n) => !AXIS_ACTIVATIONS.has(n) && !(n in ACTIVATION_REFS));
    expect(missing).toEqual([]);
  });

  for (const dtype of DTYPES) {
    for (const name of names.filter((n) => !AXIS_ACTIVATIONS.has(n))) {
      it(`${name} (${dtype}): NaN propagates, limits at ±Inf, finite where the math is`, () => {
        const act: Activation = getActivation(name);
        const ref = ACTIVATION_REFS[name] as Ref;
        expect(checkElementwise((x) => act.apply(x), ref, dtype)).toEqual([]);
      });
    }
  }

  const SPECIAL: Record<string, Ref & { apply: (x: Tensor) => Tensor }> = {
    normalCdf: { apply: (x) => normalCdf(x), value: Phi, derivative: phi },
  };
  for (const dtype of DTYPES) {
    for (const [name, r] of Object.entries(SPECIAL)) {
      it(`${name}, the special function behind gelu (${dtype})`, () => {
        expect(checkElementwise(r.apply, r, dtype)).toEqual([]);
      });
    }
  }

  it('sigmoid(±1e4) and softplus(1e4) are the finite values, with finite gradients', () => {
    for (const dtype of DTYPES) {
      const x = tensor([1e4, -1e4], { dtype, requiresGrad: true });
      const s = getActivation('sigmoid').apply(x);
      expect(Array.from(s.data)).toEqual([1, 0]);
      const sp = getActivation('softplus').apply(x);
      expect(Array.from(sp.data)).toEqual([1e4, 0]);
      sp.add(s).sum().backward();
      expect(Array.from((x.grad as Tensor).data)).toEqual([1, 0]);
    }
  });

  for (const dtype of DTYPES) {
    it(`softmax / logSoftmax rows at ±1e4, -Inf masks and NaN (${dtype})`, () => {
      const x = tensor(
        [
          [1e4, -1e4],
          [1e4, 1e4],
          [0, -Infinity],
          [-1e4, -1e4],
        ],
        { dtype, requiresGrad: true },
      );
      const sm = actSoftmax(x);
      expect(sm.toArray()).toEqual([
        [1, 0],
        [0.5, 0.5],
        [1, 0],
        [0.5, 0.5],
      ]);
      const ls = actLogSoftmax(x);
      expect(ls.toArray()).toEqual([
        [0, -2e4],
        [round(dtype, -Math.LN2), round(dtype, -Math.LN2)],
        [0, -Infinity],
        [round(dtype, -Math.LN2), round(dtype, -Math.LN2)],
      ]);
      // Gradients of sum(softmax * w) + sum(finite logSoftmax * w) stay finite.
      const w = tensor([[1, 2]], { dtype });
      sm.mul(w)
        .sum()
        .add(ls.slice([0, 0], [4, 1]).mul(2).sum())
        .backward();
      for (const v of (x.grad as Tensor).data) expect(Number.isFinite(v)).toBe(true);
      const nan = actSoftmax(tensor([[Number.NaN, 0]], { dtype }));
      expect(Array.from(nan.data).every(Number.isNaN)).toBe(true);
    });
  }
});

// --- core ops --------------------------------------------------------------------------------

const UNARY: Record<string, Ref & { apply: (x: Tensor) => Tensor }> = {
  neg: { apply: (x) => x.neg(), value: (x) => -x, derivative: () => -1 },
  exp: { apply: (x) => x.exp(), value: Math.exp, derivative: Math.exp },
  log: { apply: (x) => x.log(), value: Math.log, derivative: (x) => 1 / x },
  log1p: { apply: (x) => x.log1p(), value: Math.log1p, derivative: (x) => 1 / (1 + x) },
  expm1: { apply: (x) => x.expm1(), value: Math.expm1, derivative: Math.exp },
  sqrt: { apply: (x) => x.sqrt(), value: Math.sqrt, derivative: (x) => 0.5 / Math.sqrt(x) },
  abs: {
    apply: (x) => x.abs(),
    value: Math.abs,
    derivative: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  },
  square: { apply: (x) => x.square(), value: (x) => x * x, derivative: (x) => 2 * x },
  sign: { apply: (x) => x.sign(), value: Math.sign, derivative: () => 0 },
  clamp: {
    apply: (x) => x.clamp(-1, 1),
    value: (x) => Math.min(Math.max(x, -1), 1),
    derivative: (x) => (x >= -1 && x <= 1 ? 1 : 0),
  },
  'pow(x, 2)': { apply: (x) => x.pow(2), value: (x) => x ** 2, derivative: (x) => 2 * x },
  'pow(x, 0.5)': {
    apply: (x) => x.pow(0.5),
    value: (x) => x ** 0.5,
    derivative: (x) => 0.5 * x ** -0.5,
  },
  'pow(x, -1)': { apply: (x) => x.pow(-1), value: (x) => x ** -1, derivative: (x) => -(x ** -2) },
  'pow(x, 0)': { apply: (x) => x.pow(0), value: (x) => x ** 0, derivative: () => 0 },
  'pow(2, x)': {
    apply: (x) => tensor(2, { dtype: x.dtype }).pow(x),
    value: (x) => 2 ** x,
    derivative: (x) => 2 ** x * Math.LN2,
  },
};

describe('core elementwise ops at the edges', () => {
  for (const dtype of DTYPES) {
    for (const [name, r] of Object.entries(UNARY)) {
      it(`${name} (${dtype})`, () => {
        expect(checkElementwise(r.apply, r, dtype)).toEqual([]);
      });
    }
  }

  const BINARY: Record<
    string,
    {
      apply: (a: Tensor, b: Tensor) => Tensor;
      value: (a: number, b: number) => number;
      grad?: (a: number, b: number) => [number, number];
    }
  > = {
    add: { apply: (a, b) => a.add(b), value: (a, b) => a + b, grad: () => [1, 1] },
    sub: { apply: (a, b) => a.sub(b), value: (a, b) => a - b, grad: () => [1, -1] },
    mul: { apply: (a, b) => a.mul(b), value: (a, b) => a * b, grad: (a, b) => [b, a] },
    div: {
      apply: (a, b) => a.div(b),
      value: (a, b) => a / b,
      grad: (a, b) => [1 / b, -(a / b) / b],
    },
    pow: { apply: (a, b) => a.pow(b), value: (a, b) => a ** b },
    maximum: {
      apply: (a, b) => a.maximum(b),
      value: (a, b) => Math.max(a, b),
      grad: (a, b) => (a > b ? [1, 0] : a < b ? [0, 1] : [0.5, 0.5]),
    },
    minimum: {
      apply: (a, b) => a.minimum(b),
      value: (a, b) => Math.min(a, b),
      grad: (a, b) => (a < b ? [1, 0] : a > b ? [0, 1] : [0.5, 0.5]),
    },
    greater: { apply: (a, b) => a.gt(b), value: (a, b) => +(a > b) },
    greaterEqual: { apply: (a, b) => a.ge(b), value: (a, b) => +(a >= b) },
    less: { apply: (a, b) => a.lt(b), value: (a, b) => +(a < b) },
    lessEqual: { apply: (a, b) => a.le(b), value: (a, b) => +(a <= b) },
    equal: { apply: (a, b) => a.eq(b), value: (a, b) => +(a === b) },
    notEqual: { apply: (a, b) => a.ne(b), value: (a, b) => +(a !== b) },
  };

  for (const dtype of DTYPES) {
    for (const [name, r] of Object.entries(BINARY)) {
      it(`${name} over every pair of edge points (${dtype})`, () => {
        const ps = points(dtype);
        const n = ps.length;
        const a = tensor(ps, { dtype, shape: [n, 1], requiresGrad: r.grad !== undefined });
        const b = tensor(ps, { dtype, shape: [1, n], requiresGrad: r.grad !== undefined });
        const y = r.apply(a, b);
        expect(y.shape).toEqual([n, n]);
        const problems: string[] = [];
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            const e = agree(
              y.data[i * n + j] as number,
              round(dtype, r.value(ps[i] as number, ps[j] as number)),
              valueTol(dtype),
            );
            if (e !== null) problems.push(`${name}(${ps[i]}, ${ps[j]}): ${e}`);
          }
        expect(problems).toEqual([]);
        if (r.grad !== undefined) {
          // Gradients pair by pair at finite points (a broadcast sum would mix them).
          const fs = finitePoints(dtype);
          for (const u of fs)
            for (const v of fs) {
              const x1 = tensor([u], { dtype, requiresGrad: true });
              const x2 = tensor([v], { dtype, requiresGrad: true });
              r.apply(x1, x2).sum().backward();
              const [ga, gb] = r.grad(u, v);
              for (const [got, want, which] of [
                [(x1.grad as Tensor).data[0], ga, 'a'],
                [(x2.grad as Tensor).data[0], gb, 'b'],
              ] as const) {
                const e = agree(got as number, round(dtype, want), gradTol(dtype), true);
                if (e !== null) problems.push(`d${name}/d${which} at (${u}, ${v}): ${e}`);
              }
            }
          expect(problems).toEqual([]);
        }
      });
    }
  }

  it('where picks NaN and infinities through unchanged, and its gradient does not leak NaN', () => {
    for (const dtype of DTYPES) {
      const ps = points(dtype);
      const x = tensor(ps, { dtype, requiresGrad: true });
      const y = where(x.detach().gt(0), x, 0);
      for (const [i, p] of ps.entries()) {
        // biome-ignore lint/complexity/useMathMinMax: NaN > 0 is false, so where picks 0; Math.max would give NaN
        const want = p > 0 ? p : 0;
        expect(y.data[i]).toBe(want);
      }
      y.sum().backward();
      expect(Array.from((x.grad as Tensor).data)).toEqual(ps.map((p) => (p > 0 ? 1 : 0)));
    }
  });
});

describe('reductions at the edges', () => {
  const cases: Array<{
    name: string;
    f: (x: Tensor) => Tensor;
    x: number[];
    value: number;
    grad?: number[];
    /**
     * float32 gradient tolerance where the output is large: the rule exp(x - out) (as
     * PyTorch's) inherits out's rounding error, ulp(1e4) / 2 = 4.9e-4 absolute.
     */
    grad32Rtol?: number;
  }> = [
    {
      name: 'sum cancels 1e4',
      f: (x) => x.sum(),
      x: [1e4, -1e4, 0.5],
      value: 0.5,
      grad: [1, 1, 1],
    },
    { name: 'sum with Inf', f: (x) => x.sum(), x: [Infinity, 1], value: Infinity },
    { name: 'sum of Inf and -Inf', f: (x) => x.sum(), x: [Infinity, -Infinity], value: Number.NaN },
    { name: 'sum with NaN', f: (x) => x.sum(), x: [Number.NaN, 1], value: Number.NaN },
    { name: 'mean of ±1e4', f: (x) => x.mean(), x: [1e4, -1e4], value: 0, grad: [0.5, 0.5] },
    { name: 'mean with NaN', f: (x) => x.mean(), x: [1, Number.NaN], value: Number.NaN },
    { name: 'max with NaN first', f: (x) => x.max(), x: [Number.NaN, 1], value: Number.NaN },
    { name: 'max with NaN last', f: (x) => x.max(), x: [1, Number.NaN], value: Number.NaN },
    { name: 'min with NaN last', f: (x) => x.min(), x: [1, Number.NaN], value: Number.NaN },
    { name: 'max of ±1e4', f: (x) => x.max(), x: [1e4, -1e4], value: 1e4, grad: [1, 0] },
    {
      name: 'max of -Inf ties',
      f: (x) => x.max(),
      x: [-Infinity, -Infinity],
      value: -Infinity,
      grad: [0.5, 0.5],
    },
    { name: 'min of +Inf and 0', f: (x) => x.min(), x: [Infinity, 0], value: 0, grad: [0, 1] },
    {
      name: 'logSumExp of 1e4 ties',
      f: (x) => x.logSumExp(),
      x: [1e4, 1e4],
      value: 1e4 + Math.LN2,
      grad: [0.5, 0.5],
      grad32Rtol: 1e-3,
    },
    {
      name: 'logSumExp of -1e4 ties',
      f: (x) => x.logSumExp(),
      x: [-1e4, -1e4],
      value: -1e4 + Math.LN2,
      grad: [0.5, 0.5],
      grad32Rtol: 1e-3,
    },
    {
      name: 'logSumExp of ±1e4',
      f: (x) => x.logSumExp(),
      x: [1e4, -1e4],
      value: 1e4,
      grad: [1, 0],
    },
    {
      name: 'logSumExp with a -Inf mask',
      f: (x) => x.logSumExp(),
      x: [0, -Infinity],
      value: 0,
      grad: [1, 0],
    },
    {
      name: 'logSumExp of all -Inf',
      f: (x) => x.logSumExp(),
      x: [-Infinity, -Infinity],
      value: -Infinity,
    },
    { name: 'logSumExp with +Inf', f: (x) => x.logSumExp(), x: [Infinity, 0], value: Infinity },
    { name: 'logSumExp with NaN', f: (x) => x.logSumExp(), x: [Number.NaN, 0], value: Number.NaN },
    {
      name: 'logSumExp of subnormals',
      f: (x) => x.logSumExp(),
      x: [5e-324, -5e-324],
      value: Math.LN2,
      grad: [0.5, 0.5],
    },
  ];
  for (const dtype of DTYPES) {
    for (const c of cases) {
      it(`${c.name} (${dtype})`, () => {
        const x = tensor(c.x, { dtype, requiresGrad: true });
        const y = c.f(x);
        expect(agree(y.item(), round(dtype, c.value), valueTol(dtype))).toBeNull();
        if (c.grad !== undefined) {
          y.backward();
          const g = Array.from((x.grad as Tensor).data);
          const tol = gradTol(dtype);
          if (dtype === 'float32' && c.grad32Rtol !== undefined) tol.rtol = c.grad32Rtol;
          for (const [i, w] of c.grad.entries())
            expect(agree(g[i] as number, w, tol), `gradient ${i}`).toBeNull();
        }
      });
    }
  }
});

describe('shape ops, matmul and casts carry edge values bit-exactly', () => {
  for (const dtype of DTYPES) {
    it(`reshape, transpose, expand, slice, concat, stack, gather, cast (${dtype})`, () => {
      const ps = points(dtype);
      const x = tensor(ps, { dtype });
      const same = (t: Tensor, want: readonly number[]) => {
        expect(t.size).toBe(want.length);
        for (const [i, w] of want.entries())
          expect(Object.is(t.data[i], w), `element ${i}: ${t.data[i]} vs ${w}`).toBe(true);
      };
      same(x.reshape([2, 5]), ps);
      same(x.reshape([2, 5]).transpose().transpose(), ps);
      same(x.reshape([5, 2]).permute([1, 0]).permute([1, 0]), ps);
      same(x.reshape([1, 10]).expand([2, 10]), [...ps, ...ps]);
      same(x.slice([3], [4]), ps.slice(3, 7));
      same(concat([x, x]), [...ps, ...ps]);
      same(stack([x, x]), [...ps, ...ps]);
      same(gather(x, tensor([9, 0, 1, 7]), 0), [ps[9], ps[0], ps[1], ps[7]] as number[]);
      const other: DType = dtype === 'float32' ? 'float64' : 'float32';
      same(
        x.to(other),
        ps.map((p) => round(other, p)),
      );
      same(x.to(other).to(dtype), dtype === 'float32' ? ps : ps.map((p) => Math.fround(p)));
      same(oneHot(tensor([0, 2]), 3).to(dtype), [1, 0, 0, 0, 0, 1]);
    });

    it(`matmul: NaN stays in its row, ±1e4 products are exact, gradients finite (${dtype})`, () => {
      const sub = dtype === 'float32' ? 1e-40 : 5e-324;
      const a = tensor(
        [
          [1e4, sub],
          [Number.NaN, 1],
        ],
        { dtype, requiresGrad: true },
      );
      const b = tensor([[1e4], [-1e4]], { dtype, requiresGrad: true });
      const y = a.matmul(b);
      expect(y.data[0]).toBe(round(dtype, 1e8 - sub * 1e4));
      expect(Number.isNaN(y.data[1] as number)).toBe(true);
      y.slice([0, 0], [1, 1]).sum().backward();
      // d y00 / d a = b^T in row 0; the NaN row gets gradient 0 (upstream 0, times finite b).
      expect(Array.from((a.grad as Tensor).data)).toEqual([1e4, -1e4, 0, 0]);
      // d y00 / d b = a^T g: the NaN entry of a meets upstream 0, and NaN * 0 is NaN under
      // IEEE 754, as in PyTorch. So check b's gradient on the finite rows only.
      const a2 = tensor([[1e4, sub]], { dtype });
      const b2 = tensor([[1e4], [-1e4]], { dtype, requiresGrad: true });
      a2.matmul(b2).sum().backward();
      expect(Array.from((b2.grad as Tensor).data)).toEqual([1e4, round(dtype, sub)]);
    });

    it(`linear: NaN stays in its row, ±1e4 and ±Inf bias exact, gradients finite (${dtype})`, () => {
      const sub = dtype === 'float32' ? 1e-40 : 5e-324;
      const x = tensor(
        [
          [1e4, sub],
          [Number.NaN, 1],
        ],
        { dtype, requiresGrad: true },
      );
      const w = tensor([[1e4, -1e4]], { dtype, requiresGrad: true });
      const b = tensor([-1e4], { dtype, requiresGrad: true });
      const y = linear(x, w, b);
      expect(y.data[0]).toBe(round(dtype, round(dtype, 1e8 - sub * 1e4) - 1e4));
      expect(Number.isNaN(y.data[1] as number)).toBe(true);
      y.slice([0, 0], [1, 1]).sum().backward();
      expect(Array.from((x.grad as Tensor).data)).toEqual([1e4, -1e4, 0, 0]);
      expect(Array.from((b.grad as Tensor).data)).toEqual([1]);
      const inf = linear(
        tensor([[1, 2]], { dtype }),
        w,
        tensor([Number.POSITIVE_INFINITY], { dtype }),
      );
      expect(inf.data[0]).toBe(Number.POSITIVE_INFINITY);
    });
  }

  it('covers every core op (each appears in one of the tables above)', () => {
    const tested = new Set([
      ...Object.keys(UNARY).map((k) => k.replace(/\(.*$/, '')),
      'add',
      'sub',
      'mul',
      'div',
      'pow',
      'maximum',
      'minimum',
      'greater',
      'greaterEqual',
      'less',
      'lessEqual',
      'equal',
      'notEqual',
      'where',
      'sum',
      'mean',
      'max',
      'min',
      'logSumExp',
      'softmax',
      'logSoftmax',
      'reshape',
      'permute',
      'expand',
      'slice',
      'concat',
      'gather',
      'cast',
      'oneHot',
      'matmul',
      'linear',
      // Backward helpers, exercised by the gradients of linear, slice and gather above.
      'linearInputGrad',
      'linearWeightGrad',
      'linearBiasGrad',
      'sliceGrad',
      'scatterAdd',
      // Activations' helper op behind gelu, tested with the special functions.
      'normalCdf',
      // Pooling and pad (below), with their backward ops in the gradients there.
      'maxPool2d',
      'maxPool2dBackward',
      'avgPool2d',
      'avgPool2dBackward',
      'adaptiveAvgPool2d',
      'adaptiveAvgPool2dBackward',
      'pad',
      'padBackward',
      // maxPool2d's positions of its maxima (run by its gradient above) and maxPool2dBackward's
      // own gradient (second order, run by core's gradcheck suite).
      'maxPool2dIndices',
      'maxPool2dGather',
      // Convolutions (below); their backward ops run in the gradients there.
      'conv2d',
      'conv1d',
      'convTranspose2d',
      'conv2dInputGrad',
      'conv2dWeightGrad',
    ]);
    // An activation's backward op (`reluBackward`) runs in every gradient check of it above.
    const activationOps = new Set(listActivations().flatMap((a) => [a.op, `${a.op}Backward`]));
    const untested = listOps().filter(
      (o) => !tested.has(o) && !activationOps.has(o) && !o.includes('.') && !o.includes(':'),
    );
    expect(untested).toEqual([]);
  });
});

describe('pooling and pad at the edges', () => {
  for (const dtype of DTYPES) {
    it(`maxPool2d, avgPool2d and adaptiveAvgPool2d over every pair of edge values (${dtype})`, () => {
      const ps = points(dtype);
      const problems: string[] = [];
      for (const a of ps)
        for (const b of ps) {
          // One window [a, b]: PyTorch's max takes the first maximum, and NaN wins.
          const x = tensor([[[a, b]]], { dtype, requiresGrad: true });
          const m = maxPool2d(x, [1, 2]);
          const first = Number.isNaN(b) ? 1 : Number.isNaN(a) || a >= b ? 0 : 1;
          const wantMax = first === 0 ? a : b;
          if (
            !Object.is(m.data[0], wantMax) &&
            !(Number.isNaN(wantMax) && Number.isNaN(m.data[0] as number))
          )
            problems.push(`max(${a}, ${b}) = ${m.data[0]}, expected ${wantMax}`);
          m.sum().backward();
          const g = Array.from((x.grad as Tensor).data);
          if (g[first] !== 1 || g[1 - first] !== 0) problems.push(`max(${a}, ${b}): gradient ${g}`);
          const want = round(dtype, (a + b) / 2);
          for (const [name, y] of [
            ['avgPool2d', avgPool2d(x.detach(), [1, 2])],
            ['adaptiveAvgPool2d', adaptiveAvgPool2d(x.detach(), [1, 1])],
          ] as const) {
            const e = agree(y.data[0] as number, want, valueTol(dtype));
            if (e !== null) problems.push(`${name}(${a}, ${b}): ${e}`);
          }
        }
      expect(problems).toEqual([]);
    });

    it(`pad fills with and mirrors edge values bit-exactly; gradients add up (${dtype})`, () => {
      const ps = points(dtype);
      const x = tensor(ps, { dtype, requiresGrad: true });
      for (const v of ps) {
        const y = pad(x, [1, 2], { value: v });
        const want = [v, ...ps, v, v];
        want.forEach((w, i) => {
          expect(Object.is(y.data[i], w), `pad value ${v}, element ${i}`).toBe(true);
        });
      }
      const r = pad(x, [2, 1], { mode: 'reflect' });
      const want = [ps[2], ps[1], ...ps, ps[8]] as number[];
      want.forEach((w, i) => {
        expect(Object.is(r.data[i], w), `reflect element ${i}`).toBe(true);
      });
      r.sum().backward();
      expect(Array.from((x.grad as Tensor).data)).toEqual([1, 2, 2, 1, 1, 1, 1, 1, 2, 1]);
    });
  }
});

describe('convolutions at the edges', () => {
  for (const dtype of DTYPES) {
    it(`conv2d, conv1d and convTranspose2d over every pair of edge values, with gradients (${dtype})`, () => {
      const ps = points(dtype);
      const problems: string[] = [];
      const check = (what: string, got: number, want: number) => {
        const e = agree(got, want, valueTol(dtype));
        if (e !== null) problems.push(`${what}: ${e}`);
      };
      for (const a of ps)
        for (const b of ps) {
          // One window [a, b] under the kernel [1, 1]: a + b; the input's gradient is the
          // kernel, the kernel's is the window.
          const x = tensor([[[[a, b]]]], { dtype, requiresGrad: true });
          const w = tensor([[[[1, 1]]]], { dtype, requiresGrad: true });
          const y = conv2d(x, w);
          check(`conv2d(${a}, ${b})`, y.data[0] as number, round(dtype, a + b));
          y.sum().backward();
          const gx = Array.from((x.grad as Tensor).data);
          if (gx[0] !== 1 || gx[1] !== 1) problems.push(`conv2d(${a}, ${b}): x gradient ${gx}`);
          const gw = (w.grad as Tensor).data;
          check(`conv2d(${a}, ${b}) weight gradient 0`, gw[0] as number, a);
          check(`conv2d(${a}, ${b}) weight gradient 1`, gw[1] as number, b);
          const y1 = conv1d(tensor([[[a, b]]], { dtype }), tensor([[[1, 1]]], { dtype }));
          check(`conv1d(${a}, ${b})`, y1.data[0] as number, round(dtype, a + b));
          // One input a spread by the kernel [1, b]: [a, a·b].
          const t = convTranspose2d(tensor([[[[a]]]], { dtype }), tensor([[[[1, b]]]], { dtype }));
          check(`convTranspose2d(${a}, ${b})[0]`, t.data[0] as number, a);
          check(`convTranspose2d(${a}, ${b})[1]`, t.data[1] as number, round(dtype, a * b));
        }
      expect(problems).toEqual([]);
    });

    it(`padding takes part in the products: 0 · Inf is NaN, as with an explicitly padded input (${dtype})`, () => {
      const w = tensor([[[[Number.POSITIVE_INFINITY, 1]]]], { dtype });
      const y = conv2d(tensor([[[[2]]]], { dtype }), w, { padding: [0, 1] });
      expect(Number.isNaN(y.data[0] as number)).toBe(true);
      expect(y.data[1]).toBe(Number.POSITIVE_INFINITY);
    });
  }
});

describe('losses from logits at ±1e4', () => {
  for (const dtype of DTYPES) {
    it(`crossEntropy stays finite with finite gradients (${dtype})`, () => {
      const logits = tensor(
        [
          [1e4, -1e4],
          [-1e4, 1e4],
        ],
        { dtype, requiresGrad: true },
      );
      const wrong = crossEntropy(logits, [1, 0]);
      expect(wrong.item()).toBe(2e4);
      wrong.backward();
      expect((logits.grad as Tensor).toArray()).toEqual([
        [0.5, -0.5],
        [-0.5, 0.5],
      ]);
      logits.zeroGrad();
      const right = crossEntropy(logits, [0, 1]);
      expect(right.item()).toBe(0);
      right.backward();
      expect(Array.from((logits.grad as Tensor).data).map(Math.abs)).toEqual([0, 0, 0, 0]);
      const smooth = crossEntropy(logits, [0, 1], { labelSmoothing: 0.1 });
      expect(Number.isFinite(smooth.item())).toBe(true);
      expect(smooth.item()).toBeCloseTo(0.05 * 2e4, 0);
    });

    it(`binaryCrossEntropy stays finite with finite gradients (${dtype})`, () => {
      const x = tensor([1e4, -1e4, 1e4, -1e4, 1e4], { dtype, requiresGrad: true });
      const y = tensor([0, 1, 1, 0, 0.5], { dtype });
      const l = binaryCrossEntropy(x, y, { reduction: 'none' });
      expect(Array.from(l.data)).toEqual([1e4, 1e4, 0, 0, 5e3]);
      l.sum().backward();
      // d/dx = sigmoid(x) - y
      expect(Array.from((x.grad as Tensor).data)).toEqual([1, -1, 0, 0, 0.5]);
    });
  }
});
