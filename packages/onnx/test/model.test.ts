/**
 * What the ModelProto says (decoded with the same generated schema): IR version and opset,
 * initializers under the module's dotted parameter names, node names from scopes, doc strings
 * from op docs, the symbolic batch; errors for unsupported ops and bad options; the user
 * mapping route; the generated protobuf code is up to date with the schema.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fromBinary } from '@bufbuild/protobuf';
import { createRng, defineOp, getOp, randn, type Tensor } from '@gradscope/core';
import { mlp } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { OnnxError, registerOnnxMapping, supportedOps, toONNX } from '../src/index.js';
import { ModelProtoSchema } from '../src/proto/onnx_pb.js';
import { expectClose, runOrt } from './ort-support.js';

const cube = defineOp({
  name: 'onnxTestCube',
  arity: 1,
  doc: 'x³, a user op for the export tests',
  forward: ([x]) => (x as Tensor).mul(x as Tensor).mul(x as Tensor),
  backward: (g, { inputs: [x] }) => [g.mul((x as Tensor).square().mul(3))],
});

describe('the ModelProto', () => {
  const model = mlp({ inputSize: 4, hidden: [3], outputSize: 2, activation: 'gelu' });
  const x = randn([2, 4], { rng: createRng(1) });

  it('has the IR version of its opset, names, initializers, scopes, docs and a symbolic batch', () => {
    const m = fromBinary(ModelProtoSchema, toONNX(model, x, { opset: 17, dynamicBatch: true }));
    expect(m.irVersion).toBe(8n);
    expect(m.opsetImport.map((o) => [o.domain, o.version])).toEqual([['', 17n]]);
    const g = m.graph!;
    expect(g.initializer.map((t) => t.name)).toEqual(
      expect.arrayContaining(['0.weight', '0.bias', '2.weight', '2.bias']),
    );
    const w = g.initializer.find((t) => t.name === '0.weight')!;
    expect(w.dims).toEqual([3n, 4n]);
    expect(w.rawData.length).toBe(12 * 4);
    const gemm = g.node.find((n) => n.opType === 'Gemm')!;
    expect(gemm.name).toBe('Sequential/0:Linear/Gemm_1');
    expect(gemm.docString).toBe(getOp('linear').doc);
    expect(g.node.some((n) => n.opType === 'Erf')).toBe(true); // GELU before opset 20
    const dim0 = g.input[0]!.type!.value.value!.shape!.dim[0]!;
    expect(dim0.value).toEqual({ case: 'dimParam', value: 'batch' });
    expect(g.output[0]!.name).toBe('output');
  });

  it('uses ONNX Gelu and IR 10 at opset 21', () => {
    const m = fromBinary(ModelProtoSchema, toONNX(model, x));
    expect(m.irVersion).toBe(10n);
    expect(m.graph!.node.some((n) => n.opType === 'Gelu')).toBe(true);
  });
});

describe('errors and user mappings', () => {
  const f = (x: Tensor) => cube([x.add(1)]);
  const x = randn([3], { rng: createRng(2) });

  it('names an op without a mapping and says how to supply one', () => {
    expect(() => toONNX(f, x)).toThrow(OnnxError);
    expect(() => toONNX(f, x)).toThrow(
      /op 'onnxTestCube' \(node \d+.*has no ONNX mapping; supply one with registerOnnxMapping/,
    );
    expect(supportedOps()).toContain('conv2d');
    expect(supportedOps()).not.toContain('onnxTestCube');
  });

  it('exports the op once a mapping is registered, and runs in ONNX Runtime', async () => {
    const remove = registerOnnxMapping('onnxTestCube', (ctx) => {
      const v = ctx.inputs[0] as string;
      return ctx.node('Mul', [ctx.node('Mul', [v, v]), v]);
    });
    try {
      const got = await runOrt(toONNX(f, x, { opset: 13 }), { input: x });
      expectClose(got.output as never, f(x));
    } finally {
      remove();
    }
    expect(() => toONNX(f, x)).toThrow(OnnxError);
  });

  it('rejects opsets outside 13-21, bad names and bad inputs', () => {
    expect(() => toONNX(f, x, { opset: 12 })).toThrow(
      /opset must be an integer from 13 to 21, got 12/,
    );
    expect(() => toONNX(f, x, { opset: 22 })).toThrow(OnnxError);
    expect(() => toONNX(f, x, { inputNames: ['a', 'b'] })).toThrow(
      /inputNames to be 1 non-empty strings/,
    );
    expect(() => toONNX(f, [] as never)).toThrow(/expected example inputs/);
    expect(() => toONNX(42 as never, x)).toThrow(/expected a function or a module, got/);
  });
});

describe('generated protobuf code', () => {
  it('is up to date with proto/onnx.proto', () => {
    const script = fileURLToPath(new URL('../scripts/generate-proto.mjs', import.meta.url));
    const out = execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});
