/**
 * Export cases of core's convolution, pooling and padding ops (`ops-nn.ts`, `ops-pool.ts`) —
 * batched and unbatched inputs, 'same' padding, groups and dilation, ceil mode with and without
 * a dropped last window, average pooling's divisors both ways, adaptive windows that divide the
 * input evenly or not — and of every registered activation, on values that reach their kinks and
 * saturated regions, with their options.
 */
import {
  celu,
  elliott,
  elu,
  gelu,
  hardSigmoid,
  hardSigmoidTfjs,
  hardSwish,
  hardTanh,
  identity,
  leakyRelu,
  lisht,
  logSigmoid,
  mish,
  normalCdf,
  prelu,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  step,
  swish,
  tanh,
} from '@gradscope/activations';
import {
  adaptiveAvgPool2d,
  avgPool2d,
  conv1d,
  conv2d,
  convTranspose2d,
  maxPool2d,
  pad,
  type Tensor,
} from '@gradscope/core';
import type { OpCase, OpCases } from './export-cases-core.js';
import type { Draw } from './export-support.js';

const B = (d: Draw) => d.batch;

/** Cases of a pooling op on `[N, 3, h, w]` (dynamic batch) and on unbatched `[3, h, w]`. */
function pooling(f: (x: Tensor) => Tensor, name: string, h: number, w = h): OpCase[] {
  return [
    { name, f, inputs: (d) => [d.randn([B(d), 3, h, w])], dynamicBatch: true },
    { name: `${name}, unbatched`, f, inputs: (d) => [d.randn([3, h, w])] },
  ];
}

export const nnCases: OpCases = {
  conv2d: [
    {
      name: 'stride 2, padding 1, bias',
      f: (x, w, b) => conv2d(x, w, b, { stride: 2, padding: 1 }),
      inputs: (d) => [d.randn([B(d), 3, 7, 6]), d.randn([4, 3, 3, 3]), d.randn([4])],
      dynamicBatch: true,
    },
    {
      name: "'same', dilation 2, groups 2, no bias",
      f: (x, w) => conv2d(x, w, { padding: 'same', dilation: 2, groups: 2 }),
      inputs: (d) => [d.randn([B(d), 4, 6, 6]), d.randn([6, 2, 2, 3])],
    },
    {
      name: 'unbatched [C, H, W]',
      f: (x, w, b) => conv2d(x, w, b, { stride: [2, 1], padding: [1, 0] }),
      inputs: (d) => [d.randn([3, 7, 6]), d.randn([4, 3, 3, 3]), d.randn([4])],
    },
  ],
  conv1d: [
    {
      name: 'stride 2, padding 1, bias',
      f: (x, w, b) => conv1d(x, w, b, { stride: 2, padding: 1 }),
      inputs: (d) => [d.randn([B(d), 2, 9]), d.randn([3, 2, 3]), d.randn([3])],
      dynamicBatch: true,
    },
    {
      name: "'same', dilation 2",
      f: (x, w) => conv1d(x, w, { padding: 'same', dilation: 2 }),
      inputs: (d) => [d.randn([B(d), 2, 8]), d.randn([3, 2, 4])],
    },
    {
      name: 'unbatched [C, L], groups 2',
      f: (x, w) => conv1d(x, w, { groups: 2 }),
      inputs: (d) => [d.randn([4, 8]), d.randn([6, 2, 3])],
    },
  ],
  convTranspose2d: [
    {
      name: 'stride 2, padding 1, output padding 1, bias',
      f: (x, w, b) => convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }),
      inputs: (d) => [d.randn([B(d), 2, 4, 4]), d.randn([2, 3, 3, 3]), d.randn([3])],
      dynamicBatch: true,
    },
    {
      name: 'groups 2, dilation 2',
      f: (x, w) => convTranspose2d(x, w, { groups: 2, dilation: 2 }),
      inputs: (d) => [d.randn([B(d), 4, 3, 3]), d.randn([4, 1, 2, 2])],
    },
    {
      name: 'unbatched [C, H, W]',
      f: (x, w, b) => convTranspose2d(x, w, b, { stride: [2, 1] }),
      inputs: (d) => [d.randn([2, 3, 4]), d.randn([2, 3, 3, 2]), d.randn([3])],
    },
  ],
  maxPool2d: [
    ...pooling((x) => maxPool2d(x, 2), 'kernel 2', 6, 5),
    ...pooling((x) => maxPool2d(x, 3, { stride: 2, padding: 1, dilation: 2 }), 'dilation 2', 7),
    // Ceil mode: at 8 with kernel 3, stride 3, padding 1 PyTorch drops the last window (it would
    // start in the right padding); at 7 with kernel 2, stride 2 it keeps a partial one.
    ...pooling((x) => maxPool2d(x, 3, { stride: 3, padding: 1, ceilMode: true }), 'ceil, drop', 8),
    ...pooling((x) => maxPool2d(x, 2, { ceilMode: true }), 'ceil, partial window', 7),
  ],
  avgPool2d: [
    ...pooling((x) => avgPool2d(x, 2), 'kernel 2', 6, 5),
    ...pooling(
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1 }),
      'padding 1, counting the padding',
      7,
      6,
    ),
    ...pooling(
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }),
      'padding 1, not counting the padding',
      7,
      6,
    ),
    ...pooling(
      (x) => avgPool2d(x, 3, { stride: 3, padding: 1, ceilMode: true }),
      'ceil, drop, counting the padding',
      8,
    ),
    ...pooling(
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
      'ceil, partial window, not counting the padding',
      6,
    ),
    ...pooling(
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }),
      'ceil, partial window overhanging the padding, counting it',
      6,
    ),
    ...pooling((x) => avgPool2d(x, 2, { divisorOverride: 3 }), 'divisorOverride 3', 6, 4),
    ...pooling(
      (x) => avgPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true, divisorOverride: 5 }),
      'divisorOverride with padding and ceil',
      6,
    ),
  ],
  adaptiveAvgPool2d: [
    ...pooling((x) => adaptiveAvgPool2d(x, 1), 'global', 5, 4),
    ...pooling((x) => adaptiveAvgPool2d(x, [4, 3]), 'dividing evenly (8×6 → 4×3)', 8, 6),
    ...pooling((x) => adaptiveAvgPool2d(x, [3, 4]), 'uneven windows (7×6 → 3×4)', 7, 6),
    ...pooling((x) => adaptiveAvgPool2d(x, [2, null]), 'one axis kept (5×3 → 2×3)', 5, 3),
  ],
  pad: [
    {
      name: 'constant 2.5 on the last two axes',
      f: (x) => pad(x, [1, 2, 0, 1], { value: 2.5 }),
      inputs: (d) => [d.randn([B(d), 2, 3, 4])],
      dynamicBatch: true,
    },
    {
      name: 'reflect',
      f: (x) => pad(x, [2, 1, 1, 2], { mode: 'reflect' }),
      inputs: (d) => [d.randn([B(d), 2, 4, 5])],
      dynamicBatch: true,
    },
    {
      name: 'reflect, 1-d signal',
      f: (x) => pad(x, [3, 1], { mode: 'reflect' }),
      inputs: (d) => [d.randn([2, 5])],
    },
    {
      name: 'negative (a crop)',
      f: (x) => pad(x, [-1, 2, 1, -2]),
      inputs: (d) => [d.randn([B(d), 5, 4])],
    },
  ],
};

/** Each activation on values with its kinks, scale 4 so that ±6 and beyond are reached. */
const act = (f: (x: Tensor) => Tensor, name = 'kinks and tails'): OpCase => ({
  name,
  f,
  inputs: (d) => [d.kinks([B(d), 12], 4)],
  dynamicBatch: true,
});

export const activationCases: OpCases = {
  relu: [act(relu)],
  leakyRelu: [act((x) => leakyRelu(x)), act((x) => leakyRelu(x, 0.2), 'alpha 0.2')],
  prelu: [
    {
      name: 'one slope per channel of the last axis',
      f: (x, a) => prelu(x, a),
      inputs: (d) => [d.randn([B(d), 3, 4]), d.uniform([4], 0, 0.5)],
    },
    {
      name: 'one slope',
      f: (x, a) => prelu(x, a),
      inputs: (d) => [d.randn([B(d), 2, 3, 3]), d.uniform([1], 0, 0.5)],
    },
  ],
  relu6: [act(relu6)],
  elu: [act((x) => elu(x)), act((x) => elu(x, 0.5), 'alpha 0.5')],
  selu: [act(selu)],
  celu: [act((x) => celu(x)), act((x) => celu(x, 1.5), 'alpha 1.5')],
  gelu: [act((x) => gelu(x)), act((x) => gelu(x, { approximate: 'tanh' }), 'tanh approximation')],
  normalCdf: [act(normalCdf)],
  sigmoid: [act(sigmoid)],
  logSigmoid: [act(logSigmoid)],
  hardSigmoid: [act(hardSigmoid)],
  hardSigmoidTfjs: [act(hardSigmoidTfjs)],
  softplus: [act((x) => softplus(x)), act((x) => softplus(x, { beta: 2 }), 'beta 2')],
  swish: [act((x) => swish(x)), act((x) => swish(x, 1.5), 'beta 1.5')],
  silu: [act(silu)],
  hardSwish: [act(hardSwish)],
  mish: [act(mish)],
  tanh: [act(tanh)],
  hardTanh: [act((x) => hardTanh(x)), act((x) => hardTanh(x, -0.5, 2), 'min −0.5, max 2')],
  softsign: [act(softsign)],
  elliott: [act(elliott)],
  lisht: [act(lisht)],
  identity: [act(identity)],
  step: [act((x) => step(x))],
};
