/**
 * What toONNX records (src/record.ts): every op the forward applies, also those autograd leaves
 * out — ops without a backward rule, ops on inputs that an op detaches, ops under noGrad — so
 * that ONNX Runtime computes them from the input instead of reading the example's values back as
 * constants; module buffers under their dotted names.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { createRng, noGrad, oneHot, randn, type Tensor, tensor, where } from '@gradscope/core';
import { Activation, BatchNorm2d, Conv2d, Sequential } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { toONNX } from '../src/index.js';
import { ModelProtoSchema } from '../src/proto/onnx_pb.js';
import { OrtModel } from './export-support.js';
import { expectClose } from './ort-support.js';

/** Exports `f` at `example`, runs ONNX Runtime on `other` and compares with `f(other)`. */
async function agreesElsewhere(
  f: (...xs: Tensor[]) => Tensor,
  example: Tensor[],
  other: Tensor[],
): Promise<string[]> {
  const bytes = toONNX(f, example, { opset: 17 });
  const session = await OrtModel.load(bytes);
  const [got] = await session.run(other);
  await session.release();
  expectClose(got as never, f(...other));
  return fromBinary(ModelProtoSchema, bytes).graph?.node.map((n) => n.opType) ?? [];
}

const x1 = randn([3, 4], { rng: createRng(1) });
const x2 = randn([3, 4], { rng: createRng(2) });

describe('toONNX records the ops autograd leaves out', () => {
  it('a comparison (no backward rule) as a mask: computed from the input', async () => {
    const f = (x: Tensor) => where(x.gt(0), x, x.mul(0.1));
    expect(await agreesElsewhere(f, [x1], [x2])).toContain('Greater');
  });

  it('oneHot of an input (the op detaches its labels): computed from the input', async () => {
    const f = (l: Tensor) => oneHot(l, 4);
    const labels = (v: number[]) => tensor(v);
    expect(await agreesElsewhere(f, [labels([0, 3, 1])], [labels([2, 2, 0])])).toContain('OneHot');
  });

  it('a gather whose index is a second input (detached by the op)', async () => {
    const f = (x: Tensor, i: Tensor) => x.gather(i, 1);
    const i1 = tensor([[0], [1], [3]]);
    const i2 = tensor([[2], [0], [1]]);
    expect(await agreesElsewhere(f, [x1, i1], [x2, i2])).toContain('GatherElements');
  });

  it('ops under noGrad and on a detached result', async () => {
    const f = (x: Tensor) =>
      x.sub(noGrad(() => x.mean(0, true))).div(x.square().mean().sqrt().detach());
    const types = await agreesElsewhere(f, [x1], [x2]);
    expect(types).toContain('ReduceMean');
    expect(types).toContain('Sqrt');
  });
});

describe('module buffers', () => {
  it('are written under their dotted names, listed in the metadata, and left as they were', async () => {
    const model = new Sequential(
      new Conv2d(1, 2, 3, { padding: 1 }),
      new BatchNorm2d(2),
      new Activation('relu'),
    );
    model.train();
    model.call(randn([4, 1, 5, 5], { rng: createRng(3) }).add(1));
    model.eval();
    const buffers = model.namedBuffers();
    const x = randn([2, 1, 5, 5], { rng: createRng(4) });
    const bytes = toONNX(model, [x], { opset: 13, dynamicBatch: true });
    const m = fromBinary(ModelProtoSchema, bytes);
    const names = m.graph?.initializer.map((t) => t.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['1.running_mean', '1.running_var']));
    const listed = JSON.parse(
      m.metadataProps.find((p) => p.key === 'gradscope.buffers')?.value ?? '[]',
    );
    expect(listed.sort()).toEqual(['1.running_mean', '1.running_var']);
    for (const [, t] of buffers) expect(t.requiresGrad).toBe(false);
    const session = await OrtModel.load(bytes);
    const x3 = randn([3, 1, 5, 5], { rng: createRng(5) });
    expectClose((await session.run([x3]))[0] as never, model.call(x3));
    await session.release();
  });
});
