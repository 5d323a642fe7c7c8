/**
 * PyTorch's exports in fixtures/torch (made by fixtures/export_fixtures.py with Debian's
 * python3-torch 1.13) run in ONNX Runtime: each reproduces the output PyTorch computed, stored
 * beside it in safetensors, read with the trainer's reader. Models with a dynamic batch also run
 * on the first row and the first two rows alone (rows are independent in eval mode).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Tensor, tensor } from '@gradscope/core';
import { decodeSafetensors } from '@gradscope/trainer';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { expectClose, runOrt } from './ort-support.js';

interface FixtureEntry {
  name: string;
  opset: number;
  description: string;
  inputName: string;
  outputName: string;
  inputShape: number[];
  outputShape: number[];
  dynamicBatch: boolean;
  torchModules: string[];
  onnxOps: string[];
}

const dir = fileURLToPath(new URL('../fixtures/torch/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as FixtureEntry[];

/** Every activation PyTorch 1.13 has as an nn module. */
const TORCH_ACTIVATIONS = [
  'ReLU',
  'LeakyReLU',
  'ELU',
  'SELU',
  'CELU',
  'GELU',
  'SiLU',
  'Mish',
  'Softplus',
  'Softsign',
  'Sigmoid',
  'Tanh',
  'Hardtanh',
  'ReLU6',
  'Hardsigmoid',
  'Hardswish',
  'LogSigmoid',
  'Tanhshrink',
  'Softshrink',
  'Hardshrink',
  'PReLU',
  'Threshold',
];

function load(name: string): Record<string, Tensor> {
  return decodeSafetensors(new Uint8Array(readFileSync(join(dir, `${name}.safetensors`)))).tensors;
}

/** The first `n` rows (batch entries) of `t`. */
function rows(t: Tensor, n: number): Tensor {
  const per = t.size / (t.shape[0] as number);
  return tensor((t.data as Float32Array).slice(0, n * per), { shape: [n, ...t.shape.slice(1)] });
}

describe('PyTorch fixtures (fixtures/torch)', () => {
  it('cover every PyTorch activation module, both heads, opsets 13 to 17 and the model kinds', () => {
    const modules = new Set(manifest.flatMap((e) => e.torchModules));
    for (const m of [...TORCH_ACTIVATIONS, 'Softmax', 'LogSoftmax'])
      expect(modules.has(m), m).toBe(true);
    for (const m of ['Conv2d', 'Conv1d', 'BatchNorm2d', 'BatchNorm1d', 'LayerNorm', 'Dropout'])
      expect(modules.has(m), m).toBe(true);
    expect(new Set(manifest.map((e) => e.opset))).toEqual(new Set([13, 14, 15, 16, 17]));
    const names = manifest.map((e) => e.name);
    for (const n of ['mlp_o13', 'mlp_o17', 'lenet_o13', 'lenet_o17']) expect(names).toContain(n);
    // Both LayerNorm forms and the batch-size arithmetic of x.view(x.size(0), -1).
    const ops = (n: string) => manifest.find((e) => e.name === n)?.onnxOps ?? [];
    expect(ops('layernorm_o17')).toContain('LayerNormalization');
    expect(ops('layernorm_o14')).toEqual(expect.arrayContaining(['ReduceMean', 'Pow', 'Sqrt']));
    expect(ops('lenet_o13')).toEqual(
      expect.arrayContaining(['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Reshape']),
    );
    expect(ops('linear3d_o16')).toContain('MatMul');
  });

  it.each(manifest.map((e) => [e.name, e] as const))('%s', async (name, entry) => {
    const t = load(name);
    const { input, output, grad_output: gy, grad_input: gx } = t as Record<string, Tensor>;
    expect(Object.keys(t).sort()).toEqual(['grad_input', 'grad_output', 'input', 'output']);
    expect([...(input as Tensor).shape]).toEqual(entry.inputShape);
    expect([...(output as Tensor).shape]).toEqual(entry.outputShape);
    expect([...(gy as Tensor).shape]).toEqual(entry.outputShape);
    expect([...(gx as Tensor).shape]).toEqual(entry.inputShape);
    for (const v of [input, output, gy, gx]) expect((v as Tensor).dtype).toBe('float32');

    const bytes = new Uint8Array(readFileSync(join(dir, `${name}.onnx`)));
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual([entry.inputName]);
    expect(session.outputNames).toEqual([entry.outputName]);
    await session.release();

    const got = await runOrt(bytes, { [entry.inputName]: input as Tensor });
    expectClose(got[entry.outputName] as never, output as Tensor, 1e-5);
    if (entry.dynamicBatch) {
      for (const n of [1, 2]) {
        const part = await runOrt(bytes, { [entry.inputName]: rows(input as Tensor, n) });
        expectClose(part[entry.outputName] as never, rows(output as Tensor, n), 1e-5);
      }
    }
  });
});
