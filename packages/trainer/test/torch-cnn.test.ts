/**
 * State dicts in both directions between gradscope and PyTorch 1.13, on the `nn.Sequential`
 * CNNs of `torch/cnn-models.json` (Conv2d, Conv1d, ConvTranspose2d, BatchNorm2d / 1d, ReLU, Tanh,
 * MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Linear; groups, dilation, reflection
 * padding, momentum null, affine false). The fixtures come from `torch/cnn.torch.py` (it says
 * how to run it); torch is not needed here.
 *
 * - PyTorch → gradscope: the model's safetensors file (F32, num_batches_tracked I64) loads
 *   strictly into the gradscope model, which then gives PyTorch's outputs, input and parameter
 *   gradients and running statistics over two training passes, and its eval-mode output.
 * - gradscope → PyTorch: the file gradscope writes (still byte for byte what this code writes)
 *   loaded into torch.nn with `load_state_dict(strict=True)` gave outputs that gradscope matches.
 */
import { readFileSync } from 'node:fs';
import { type Tensor, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type Sequential } from '../src/index.js';
import { buildModel, GOLDEN, gradscopeModel, MODELS } from './torch/cnn-models.js';

interface Pass {
  y: number[];
  outShape: number[];
  gradInput: number[];
  grads: Record<string, number[]>;
  buffersAfter: Record<string, number[]>;
}
interface Fixture {
  keys: string[];
  x1: number[];
  x2: number[];
  xEval: number[];
  u: number[];
  fromTorch: { train1: Pass; train2: Pass; eval: number[] };
  fromGradscope: { eval: number[]; train1: Pass };
}

const golden = JSON.parse(readFileSync(new URL('cnn.torch.json', GOLDEN), 'utf8')) as {
  torch: string;
  models: Record<string, Fixture>;
};

/** |a − b| ≤ tol · (1 + max |b|) elementwise (float32 on both sides, different summation orders). */
function close(a: ArrayLike<number>, b: readonly number[], tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  const scale = 1 + Math.max(0, ...b.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < b.length; i++)
    worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  expect(worst).toBeLessThanOrEqual(tol * scale);
}

/** One training pass as the script's `train_pass`: y = model(x), backward of sum(y · u). */
function trainPass(model: Sequential, x: number[], u: number[], input: number[], want: Pass) {
  model.train();
  model.zeroGrad();
  const xi = tensor(x, { shape: input }).setRequiresGrad(true);
  const y = model.call(xi);
  expect(y.shape).toEqual(want.outShape);
  y.mul(tensor(u, { shape: want.outShape }))
    .sum()
    .backward();
  close(y.data, want.y);
  close((xi.grad as Tensor).data, want.gradInput);
  const params = Object.fromEntries(model.namedParameters());
  expect(Object.keys(params)).toEqual(Object.keys(want.grads));
  for (const [k, g] of Object.entries(want.grads)) close((params[k] as Tensor).grad?.data ?? [], g);
  const sd = model.stateDict();
  for (const [k, v] of Object.entries(want.buffersAfter)) {
    if (k.endsWith('num_batches_tracked')) expect(Array.from(sd[k]?.data ?? [])).toEqual(v);
    else close((sd[k] as Tensor).data, v);
  }
}

function evalPass(model: Sequential, x: number[], input: number[], want: number[]): void {
  model.eval();
  close(model.call(tensor(x, { shape: input })).data, want);
}

describe(`CNN state dicts against PyTorch ${golden.torch}`, () => {
  it('covers every model of the spec', () => {
    expect(Object.keys(golden.models)).toEqual(Object.keys(MODELS));
  });

  describe.each(Object.keys(MODELS))('%s', (name) => {
    const fx = golden.models[name] as Fixture;
    const input = MODELS[name]?.input as number[];

    it("has PyTorch's state-dict keys, in PyTorch's order", () => {
      expect(Object.keys(buildModel(name).stateDict())).toEqual(fx.keys);
    });

    it("PyTorch → gradscope: loads torch's safetensors strictly and computes what PyTorch computed", () => {
      const bytes = new Uint8Array(readFileSync(new URL(`${name}.torch.safetensors`, GOLDEN)));
      const { tensors } = decodeSafetensors(bytes);
      const model = buildModel(name, 12345); // different weights: all must come from the file
      const report = model.loadStateDict(tensors);
      expect(report.missingKeys).toEqual([]);
      expect(report.unexpectedKeys).toEqual([]);
      const counts = Object.keys(tensors).filter((k) => k.endsWith('num_batches_tracked'));
      for (const k of counts) expect(model.stateDict()[k]?.data[0]).toBe(1); // the warm-up pass
      trainPass(model, fx.x1, fx.u, input, fx.fromTorch.train1);
      trainPass(model, fx.x2, fx.u, input, fx.fromTorch.train2);
      evalPass(model, fx.xEval, input, fx.fromTorch.eval);
      // and what gradscope writes back decodes to the same values
      const again = decodeSafetensors(encodeSafetensors(model.stateDict())).tensors;
      for (const [k, t] of Object.entries(model.stateDict()))
        expect(Array.from(again[k]?.data ?? [])).toEqual(Array.from(t.data));
    });

    it('gradscope → PyTorch: torch.nn loaded the file gradscope writes and computed what gradscope computes', () => {
      const model = gradscopeModel(name);
      const written = encodeSafetensors(model.stateDict());
      const committed = new Uint8Array(
        readFileSync(new URL(`${name}.gradscope.safetensors`, GOLDEN)),
      );
      // if this fails, the writer changed: rerun torch/write-gradscope.ts and torch/cnn.torch.py
      expect(Buffer.from(written).equals(Buffer.from(committed))).toBe(true);
      evalPass(model, fx.xEval, input, fx.fromGradscope.eval);
      trainPass(model, fx.x1, fx.u, input, fx.fromGradscope.train1);
    });
  });
});

describe('PyTorch-style loading errors', () => {
  it('a shape mismatch (e.g. a Conv2d weight stored [in, out]) is named and nothing loads', () => {
    const model = buildModel('lenet');
    const before = Array.from(model.stateDict()['0.weight']?.data ?? []);
    const sd = {
      ...model.stateDict(),
      '0.weight': tensor(new Float32Array(36), { shape: [1, 4, 3, 3] }),
    };
    expect(() => model.loadStateDict(sd)).toThrow(
      "shape mismatch for '0.weight': expected [4,1,3,3], got [1,4,3,3]",
    );
    expect(Array.from(model.stateDict()['0.weight']?.data ?? [])).toEqual(before);
  });
});
