/**
 * Fuzzing: 10,000 mutations of valid models (bytes flipped, cut, inserted, repeated, varints
 * overwritten) go through fromONNX and, when a model comes out, through its forward. Every failure
 * must be an OnnxError: no TypeError, RangeError or other exception may escape, and nothing may
 * allocate without bound. Deterministic (seeded); a failure prints the seed and mutation to replay.
 */
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { createRng, type Rng, randn, Tensor } from '@gradscope/core';
import {
  Activation,
  AvgPool2d,
  BatchNorm2d,
  Conv2d,
  Dropout,
  Flatten,
  Linear,
  MaxPool2d,
  mlp,
  Sequential,
} from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { fromONNX, OnnxError, supportedOnnxOps, toONNX } from '../src/index.js';
import { ModelProtoSchema, TensorShapeProto_DimensionSchema } from '../src/proto/onnx_pb.js';
import { linearModel } from './hostile-support.js';

const ITERATIONS = 10_000;

function seeds(): Array<[string, Uint8Array, number[]]> {
  const cnn = new Sequential(
    new Conv2d(1, 2, 3, { padding: 1 }),
    new BatchNorm2d(2),
    new Activation('relu'),
    new MaxPool2d(2),
    new AvgPool2d(2, { stride: 1 }),
    new Dropout(0.2),
    new Flatten(),
    new Linear(2, 2),
  ).eval();
  const gelu = mlp({ inputSize: 3, hidden: [4], outputSize: 2, activation: 'gelu', seed: 1 });
  const mish = mlp({
    inputSize: 3,
    hidden: [4],
    outputSize: 2,
    activation: 'mish',
    norm: 'layer',
    seed: 2,
  });
  return [
    ['hand-made Gemm', linearModel(), [2, 3]],
    [
      'CNN opset 13',
      toONNX(cnn, [randn([1, 1, 4, 4])], { opset: 13, dynamicBatch: true }),
      [2, 1, 4, 4],
    ],
    ['gelu mlp opset 17', toONNX(gelu, [randn([2, 3])], { opset: 17 }), [2, 3]],
    ['mish LayerNorm mlp opset 21', toONNX(mish, [randn([2, 3])], { opset: 21 }), [2, 3]],
  ];
}

function int(rng: Rng, n: number): number {
  return Math.floor(rng.random() * n);
}

/** One random mutation of `bytes`, and its description. */
function mutate(bytes: Uint8Array, rng: Rng): [Uint8Array, string] {
  const out = Array.from(bytes);
  const kind = int(rng, 6);
  const at = int(rng, out.length);
  switch (kind) {
    case 0: {
      const n = 1 + int(rng, 8);
      for (let i = 0; i < n; i++) {
        const p = int(rng, out.length);
        out[p] = (out[p] as number) ^ (1 << int(rng, 8));
      }
      return [Uint8Array.from(out), `flip ${n} bits`];
    }
    case 1:
      return [Uint8Array.from(out.slice(0, at)), `cut at ${at}`];
    case 2: {
      const n = 1 + int(rng, 16);
      const ins = Array.from({ length: n }, () => int(rng, 256));
      out.splice(at, 0, ...ins);
      return [Uint8Array.from(out), `insert ${n} bytes at ${at}`];
    }
    case 3: {
      const n = 1 + int(rng, 64);
      out.splice(at, 0, ...out.slice(at, at + n));
      return [Uint8Array.from(out), `repeat ${n} bytes at ${at}`];
    }
    case 4: {
      const n = 1 + int(rng, 9);
      for (let i = 0; i < n && at + i < out.length; i++) out[at + i] = i === n - 1 ? 0x0f : 0xff;
      return [Uint8Array.from(out), `varint of ${n} bytes at ${at}`];
    }
    default: {
      const n = 1 + int(rng, 32);
      out.splice(at, n);
      return [Uint8Array.from(out), `delete ${n} bytes at ${at}`];
    }
  }
}

const NUMBERS = [-1_000_000_000, -3, -1, 0, 1, 2, 3, 7, 65_536, 3_000_000_000];

/** One random change to the decoded model (a field, not the bytes), re-encoded. */
function mutateStructure(bytes: Uint8Array, rng: Rng): [Uint8Array, string] {
  const m = fromBinary(ModelProtoSchema, bytes);
  const g = m.graph as NonNullable<typeof m.graph>;
  const pick = <T>(xs: readonly T[]): T | undefined => xs[int(rng, xs.length)];
  const values = [
    ...g.input.map((v) => v.name),
    ...g.initializer.map((t) => t.name),
    ...g.node.flatMap((n) => n.output),
  ];
  const n = pick(g.node);
  const t = pick(g.initializer);
  let how = 'nothing';
  switch (int(rng, 7)) {
    case 0: {
      const a = n === undefined ? undefined : pick(n.attribute);
      if (a !== undefined) {
        const v = pick(NUMBERS) as number;
        a.i = BigInt(v);
        if (a.ints.length > 0) a.ints[int(rng, a.ints.length)] = BigInt(v);
        a.f = v;
        how = `attribute ${a.name} of ${n?.opType} = ${v}`;
      }
      break;
    }
    case 1:
      if (n !== undefined && n.input.length > 0) {
        const k = int(rng, n.input.length);
        n.input[k] = pick(values) ?? '';
        how = `input ${k} of ${n.opType} = ${n.input[k]}`;
      }
      break;
    case 2:
      if (n !== undefined) {
        const op = pick(supportedOnnxOps()) as string;
        how = `${n.opType} becomes ${op}`;
        n.opType = op;
      }
      break;
    case 3:
      if (t !== undefined && t.dims.length > 0) {
        const v = pick(NUMBERS) as number;
        t.dims[int(rng, t.dims.length)] = BigInt(v);
        how = `dim of ${t.name} = ${v}`;
      }
      break;
    case 4:
      if (t !== undefined) {
        t.rawData = t.rawData.subarray(0, int(rng, t.rawData.length + 1));
        how = `raw data of ${t.name} cut to ${t.rawData.length}`;
      }
      break;
    case 5: {
      const v = pick(g.input)?.type?.value;
      if (v?.case === 'tensorType' && v.value.shape !== undefined && v.value.shape.dim.length > 0) {
        const d = pick(NUMBERS) as number;
        v.value.shape.dim[int(rng, v.value.shape.dim.length)] = create(
          TensorShapeProto_DimensionSchema,
          {
            value: { case: 'dimValue', value: BigInt(d) },
          },
        );
        how = `input dim = ${d}`;
      }
      break;
    }
    default:
      if (n !== undefined) {
        n.input.pop();
        how = `last input of ${n.opType} dropped`;
      }
  }
  return [toBinary(ModelProtoSchema, m), how];
}

describe('fromONNX fuzzing', () => {
  it(`${ITERATIONS} mutated models: only OnnxError escapes`, () => {
    const base = seeds();
    const rng = createRng(20261204);
    const escaped: string[] = [];
    let imported = 0;
    let ran = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const [name, bytes, shape] = base[i % base.length] as [string, Uint8Array, number[]];
      let [mutated, how] = i % 2 === 0 ? mutate(bytes, rng) : mutateStructure(bytes, rng);
      if (rng.random() < 0.3) {
        const [again, how2] = mutate(mutated, rng);
        mutated = again;
        how = `${how}, then ${how2}`;
      }
      try {
        const model = fromONNX(mutated);
        imported++;
        const x = randn(shape, { rng: createRng(i) });
        const ys = model.run(...model.inputNames.map(() => x));
        if (ys.every((y) => y instanceof Tensor)) ran++;
      } catch (e) {
        if (!(e instanceof OnnxError))
          escaped.push(
            `#${i} ${name}: ${how}: ${(e as Error).constructor.name}: ${(e as Error).message}`,
          );
      }
    }
    console.log(
      `fuzz: ${ITERATIONS} mutations, ${imported} imported, ${ran} ran, ${escaped.length} escaped`,
    );
    expect(escaped.slice(0, 10)).toEqual([]);
    // The mutations reach past the decoder: many models still import, some still run.
    expect(imported).toBeGreaterThan(ITERATIONS / 10);
    expect(ran).toBeGreaterThan(0);
  }, 300_000);
});
