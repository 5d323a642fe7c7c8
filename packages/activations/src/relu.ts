/** The rectifiers: ReLU, leaky ReLU, PReLU (learnable slope) and ReLU6. */
import {
  ANY_BACKEND,
  broadcastShapes,
  defineOp,
  formatShape,
  getKernels,
  registerKernel,
  ShapeError,
  sameShape,
  type Tensor,
  type TensorLike,
  type TypedArray,
  tensor,
  where,
} from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { checkFinite, resolveParams } from './params.js';
import { registerActivation } from './registry.js';

const reluOp = defineElementwiseOp({
  name: 'relu',
  doc: opDocs.relu,
  value: (x) => Math.max(x, 0),
  // PyTorch's threshold_backward: 0 where x <= 0 (an infinite gradient too), g elsewhere.
  rule: (g, x) => where(x.le(0), 0, g),
});

// relu's forward as the backend's own `maximum` against a broadcast zero, then its `add` of that
// zero in place, which turns the -0 that `maximum` may return for -0 into +0 and leaves every
// other value as it is (both WebAssembly SIMD on 'wasm-simd'): the values of `Math.max(x, 0)`
// (NaN stays NaN), faster than the generic per-element path, whose branch on the sign
// mispredicts on half the inputs.
const ZERO32 = new Float32Array(1);
const ZERO64 = new Float64Array(1);
registerKernel('relu', ANY_BACKEND, (x: TypedArray, out: TypedArray) => {
  const n = [x.length];
  const zero = x instanceof Float64Array ? ZERO64 : ZERO32;
  const k = getKernels();
  k.binary('maximum', x, n, zero, [1], out, n);
  k.binary('add', out, n, zero, [1], out, n);
});

// relu's backward in one loop (the values of the rule above).
registerKernel(
  'reluBackward',
  ANY_BACKEND,
  (g: TypedArray, x: TypedArray, _y: TypedArray, out: TypedArray) => {
    for (let i = 0; i < out.length; i++) {
      out[i] = (x[i] as number) <= 0 ? 0 : (g[i] as number);
    }
  },
);

/** relu(x) = max(x, 0). Derivative 1 for x > 0, 0 for x ≤ 0: relu'(0) = 0 (PyTorch). */
export function relu(x: TensorLike): Tensor {
  return reluOp([x]);
}

interface Alpha {
  readonly alpha: number;
  [k: string]: unknown;
}

const leakyReluOp = defineElementwiseOp<Alpha>({
  name: 'leakyRelu',
  doc: opDocs.leakyRelu,
  value: (x, { alpha }) => (x > 0 ? x : alpha * x),
  rule: (g, x, _y, { alpha }) => where(x.gt(0), g, g.mul(alpha)),
  validate: ({ alpha }) => {
    checkFinite('leakyRelu', 'alpha', alpha);
  },
});

/**
 * leakyRelu(x) = x for x > 0, alpha x otherwise (alpha = 0.01 as PyTorch). Derivative 1 for
 * x > 0 and alpha for x ≤ 0, so leakyRelu'(0) = alpha (PyTorch's convention).
 */
export function leakyRelu(x: TensorLike, alpha = 0.01): Tensor {
  return leakyReluOp([x], { alpha });
}

const preluOp = defineOp({
  name: 'prelu',
  arity: 2,
  doc: opDocs.prelu,
  validate([x, alpha]) {
    const xs = (x as Tensor).shape;
    const as = (alpha as Tensor).shape;
    let ok = true;
    try {
      const s = broadcastShapes('prelu', xs, as);
      ok = sameShape(s, xs);
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new ShapeError(
        `prelu: alpha of shape ${formatShape(as)} does not broadcast to x of shape ${formatShape(xs)}; expected a scalar, [1] or [${xs[xs.length - 1] ?? 1}] (one slope per channel on the last axis)`,
      );
    }
  },
  forward([x, alpha]) {
    const t = x as Tensor;
    return where(t.gt(0), t, t.mul(alpha as Tensor));
  },
  backward(g, { inputs: [x, alpha], needsInputGrad }) {
    const t = x as Tensor;
    const pos = t.gt(0);
    return [
      needsInputGrad[0] ? where(pos, g, g.mul(alpha as Tensor)) : null,
      needsInputGrad[1] ? where(pos, 0, g.mul(t)) : null,
    ];
  },
  macs: (_inputs, out) => out.size,
});

/**
 * PReLU: prelu(x, alpha) = x for x > 0, alpha x otherwise, with alpha a tensor (a parameter
 * that receives a gradient) of shape [] / [1] (one slope) or [C] (one slope per channel on the
 * last axis; any shape that broadcasts to x's works). d/dx = 1 or alpha (alpha at 0, as
 * leakyRelu); d/dalpha = x where x ≤ 0, summed over the broadcast axes.
 */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  return preluOp([x, alpha]);
}

const relu6Op = defineElementwiseOp({
  name: 'relu6',
  doc: opDocs.relu6,
  value: (x) => Math.min(Math.max(x, 0), 6),
  rule: (g, x) => g.mul(x.gt(0).mul(x.le(6))),
});

/**
 * relu6(x) = min(max(x, 0), 6). Derivative 1 on (0, 6], 0 elsewhere: 0 at the ReLU kink x = 0,
 * 1 at the cap x = 6 (TensorFlow.js's Relu6 gradient; PyTorch's hardtanh-based one gives 0 there).
 */
export function relu6(x: TensorLike): Tensor {
  return relu6Op([x]);
}

const ALPHA_LEAKY = [
  { name: 'alpha', default: 0.01, description: 'slope for x ≤ 0 (PyTorch default 0.01)' },
] as const;
const ALPHA_PRELU = [
  {
    name: 'alpha',
    default: 0.25,
    description: 'fixed slope for x ≤ 0 when applied from the registry (learnable in a layer)',
  },
] as const;

registerActivation({
  name: 'relu',
  op: 'relu',
  apply: (x) => relu(x),
  meta: {
    displayName: 'ReLU',
    formula: { text: 'relu(x) = max(x, 0)', latex: '\\max(0, x)' },
    params: [],
    range: range(0, Number.POSITIVE_INFINITY, true, false),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: true, right: false },
    derivativeAtZero: 0,
    maxDerivative: 1,
    kinkConvention:
      "relu'(0) = 0 (PyTorch threshold_backward, TensorFlow.js step); a convention at one point is harmless in practice, the kink does not stop training",
    origin: {
      paper:
        'Nair & Hinton, "Rectified linear units improve restricted Boltzmann machines", ICML (2010); Glorot, Bordes & Bengio, "Deep sparse rectifier neural networks", AISTATS (2011)',
      year: 2010,
    },
    note: 'Unbounded on the positive side with a constant gradient of exactly 1, so it does not saturate there and fixes the vanishing gradient of sigmoid and tanh; its derivative is itself a step function. Negative inputs are cut to 0 with zero gradient (sparse outputs, a strong regulariser), but a unit whose inputs stay negative is dead and never recovers, and the gradient jumps at 0, which makes steps uneven.',
    elementwise: true,
  },
});

registerActivation({
  name: 'leakyRelu',
  op: 'leakyRelu',
  apply: (x, params) => leakyRelu(x, resolveParams('leakyRelu', params, ALPHA_LEAKY).alpha),
  meta: {
    displayName: 'Leaky ReLU',
    formula: {
      text: 'leakyRelu(x) = x if x > 0 else alpha * x',
      latex: '\\begin{cases} x & x > 0 \\\\ \\alpha x & x \\le 0 \\end{cases}',
    },
    params: ALPHA_LEAKY,
    range: range(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: false, right: false },
    derivativeAtZero: 0.01,
    maxDerivative: 1,
    kinkConvention: "leakyRelu'(0) = alpha (PyTorch leaky_relu_backward: x > 0 ? 1 : alpha)",
    origin: {
      paper:
        'Maas, Hannun & Ng, "Rectifier nonlinearities improve neural network acoustic models", ICML Workshop (2013)',
      year: 2013,
    },
    note: 'ReLU with a small slope alpha for negative inputs: no unit is ever completely dead, since a negative input still passes alpha of the gradient.',
    elementwise: true,
  },
});

registerActivation({
  name: 'prelu',
  op: 'prelu',
  apply: (x, params) => {
    const { alpha } = resolveParams('prelu', params, ALPHA_PRELU);
    const t = x as Tensor;
    return prelu(t, tensor([alpha], { dtype: t.dtype ?? 'float32' }));
  },
  parameters: [
    {
      name: 'alpha',
      init: 0.25,
      shape: 'scalar, [1] or [channels] on the last axis (anything that broadcasts to x)',
      description: 'learnable slope for x ≤ 0 (PyTorch initialises it to 0.25)',
    },
  ],
  meta: {
    displayName: 'PReLU (parametric ReLU)',
    formula: {
      text: 'prelu(x) = x if x > 0 else alpha * x, alpha learned',
      latex: '\\begin{cases} x & x > 0 \\\\ a x & x \\le 0 \\end{cases}',
    },
    params: ALPHA_PRELU,
    range: range(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: false, right: false },
    derivativeAtZero: 0.25,
    maxDerivative: 1,
    kinkConvention: "prelu'(0) = alpha, as leakyRelu; d/dalpha = x for x ≤ 0 (0 at x = 0)",
    origin: {
      paper:
        'He, Zhang, Ren & Sun, "Delving deep into rectifiers: surpassing human-level performance on ImageNet classification", ICCV (2015)',
      year: 2015,
    },
    note: 'Leaky ReLU whose negative slope is learned per channel: the network decides how much gradient negative inputs keep (values are for the initial slope 0.25; monotonic only while alpha ≥ 0).',
    elementwise: true,
  },
});

registerActivation({
  name: 'relu6',
  op: 'relu6',
  apply: (x) => relu6(x),
  meta: {
    displayName: 'ReLU6',
    formula: { text: 'relu6(x) = min(max(x, 0), 6)', latex: '\\min(\\max(0, x), 6)' },
    params: [],
    range: range(0, 6, true, true),
    monotonic: true,
    smoothness: 'continuous',
    zeroCentred: false,
    saturating: { left: true, right: true },
    derivativeAtZero: 0,
    maxDerivative: 1,
    kinkConvention:
      'gradient 0 at x = 0 (as relu) and 1 at x = 6 (TensorFlow.js Relu6 gradient: 0 < x <= 6)',
    origin: {
      paper:
        'Krizhevsky, "Convolutional deep belief networks on CIFAR-10", technical report (2010)',
      year: 2010,
    },
    note: 'ReLU capped at 6 for low-precision arithmetic (MobileNet): dead for x < 0 like ReLU, and also saturated (zero gradient) above 6.',
    elementwise: true,
  },
});
