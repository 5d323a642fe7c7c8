/**
 * The trainer's `mlp` with each registered activation, exported at opsets 13, 17 and 21 and run
 * in ONNX Runtime: outputs equal gradscope's forward to float32 tolerance.
 */
import { listActivations } from '@gradscope/activations';
import { createRng, randn } from '@gradscope/core';
import { mlp } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { toONNX } from '../src/index.js';
import { expectClose, runOrt } from './ort-support.js';

const names = listActivations().map((a) => a.name);

describe('mlp with each activation → ONNX Runtime', () => {
  it('covers the registered activations', () => {
    expect(names.length).toBeGreaterThanOrEqual(20);
  });
  for (const opset of [13, 17, 21]) {
    it.each(names)(`opset ${opset}: %s`, async (activation) => {
      const model = mlp({ inputSize: 5, hidden: [8, 6], outputSize: 3, activation, seed: 3 });
      // Wide inputs reach each activation's saturated and linear regions.
      const x = randn([7, 5], { rng: createRng(11) }).mul(3);
      const want = model.call(x);
      const bytes = toONNX(model, [x], { opset });
      const got = await runOrt(bytes, { input: x });
      expectClose(got.output as never, want);
    });
  }
});
