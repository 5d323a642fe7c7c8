/**
 * A small CNN (conv, pooling, flatten, linear, log-softmax) and a function of core's ops,
 * exported at opsets 13, 17 and 21 and run in ONNX Runtime; `dynamicBatch` runs at another batch.
 */
import {
  concat,
  conv1d,
  convTranspose2d,
  createRng,
  logSoftmax,
  matmul,
  pad,
  randn,
  softmax,
  type Tensor,
} from '@gradscope/core';
import {
  Activation,
  AdaptiveAvgPool2d,
  AvgPool2d,
  Conv2d,
  Flatten,
  Linear,
  MaxPool2d,
  Sequential,
} from '@gradscope/trainer';
import { describe, it } from 'vitest';
import { toONNX } from '../src/index.js';
import { expectClose, runOrt } from './ort-support.js';

function cnn(): Sequential {
  return new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new Activation('relu'),
    new MaxPool2d(2),
    new Conv2d(4, 6, 3, { padding: 'same', groups: 2 }),
    new Activation('gelu'),
    new AvgPool2d(2, { stride: 1 }),
    new Conv2d(6, 6, 2, { stride: 2, dilation: 1 }),
    new AdaptiveAvgPool2d(1),
    new Flatten(),
    new Linear(6, 3),
    new Activation('mish'),
  );
}

/** Many of core's ops in one function of two inputs. */
function coreOps(x: Tensor, w: Tensor): Tensor[] {
  const a = pad(x, [1, 2, 0, 1]); // [2, 3, 5, 7]
  const s = a.sum(1).mean([0], true).reshape([5, 7]); // [5, 7]
  const m = matmul(s, w); // [5, 4]
  const e = m.exp().log1p().sqrt().sub(m.abs().square().div(10)).clamp(-2, 2);
  const sl = e.slice([1, 0], [3, 4]).permute([1, 0]); // [4, 3]
  const big = sl.reshape([4, 3, 1]).expand([4, 3, 2]).max(2); // [4, 3]
  const c = concat([big, sl.neg(), sl.maximum(big).minimum(0.5)], 1); // [4, 9]
  const cmp = c
    .gt(0)
    .mul(c)
    .add(c.le(-0.1).mul(2))
    .add(c.ne(0).mul(c.eq(c)));
  return [softmax(cmp, 0), logSoftmax(c.pow(2).logSumExp([1], true).sub(c.min(1, true)), 1)];
}

describe('small CNN → ONNX Runtime', () => {
  for (const opset of [13, 17, 21]) {
    it(`opset ${opset}: outputs match, and dynamicBatch runs at another batch size`, async () => {
      const model = cnn();
      const x = randn([2, 1, 8, 8], { rng: createRng(5) });
      const bytes = toONNX(model, [x], { opset, dynamicBatch: true, outputNames: ['logits'] });
      expectClose((await runOrt(bytes, { input: x })).logits as never, model.call(x));
      const x5 = randn([5, 1, 8, 8], { rng: createRng(6) });
      expectClose((await runOrt(bytes, { input: x5 })).logits as never, model.call(x5));
    });
  }
});

describe("core's ops → ONNX Runtime", () => {
  for (const opset of [13, 17, 21]) {
    it(`opset ${opset}: elementwise, reductions, shape ops, softmax with two inputs and outputs`, async () => {
      const x = randn([2, 3, 4, 4], { rng: createRng(1) });
      const w = randn([7, 4], { rng: createRng(2) });
      const bytes = toONNX(coreOps, [x, w], { opset, inputNames: ['x', 'w'] });
      const want = coreOps(x, w);
      const got = await runOrt(bytes, { x, w });
      expectClose(got.output_0 as never, want[0] as Tensor);
      expectClose(got.output_1 as never, want[1] as Tensor);
    });
    it(`opset ${opset}: gather (torch.gather semantics) of log-probabilities by label`, async () => {
      const f = (x: Tensor) => logSoftmax(x, 1).gather([[2], [0], [1]], 1);
      const x = randn([3, 4], { rng: createRng(9) });
      expectClose((await runOrt(toONNX(f, x, { opset }), { input: x })).output as never, f(x));
    });
    it(`opset ${opset}: conv1d and convTranspose2d`, async () => {
      const k = randn([3, 2, 3], { rng: createRng(3) });
      const kt = randn([2, 3, 3, 3], { rng: createRng(4) });
      const f1 = (x: Tensor) => conv1d(x, k, { stride: 2, padding: 1 });
      const f2 = (x: Tensor) => convTranspose2d(x, kt, { stride: 2, padding: 1, outputPadding: 1 });
      const x1 = randn([2, 2, 9], { rng: createRng(7) });
      expectClose((await runOrt(toONNX(f1, x1, { opset }), { input: x1 })).output as never, f1(x1));
      const x2 = randn([1, 2, 4, 4], { rng: createRng(8) });
      expectClose((await runOrt(toONNX(f2, x2, { opset }), { input: x2 })).output as never, f2(x2));
    });
  }
});
