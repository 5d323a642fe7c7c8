/**
 * PyTorch's exports (fixtures/torch, made by fixtures/export_fixtures.py with Debian's
 * python3-torch): fromONNX gives PyTorch's outputs within 1e-5 and PyTorch's input gradients
 * within 1e-4 (float32; |a − b| / (1 + |b|)), at every opset the fixtures use (13 to 17).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableGrad, type Tensor } from '@gradscope/core';
import { decodeSafetensors, GradientFlowMonitor } from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { fromONNX } from '../src/index.js';
import { worstError } from './import-support.js';

interface Entry {
  name: string;
  opset: number;
  inputShape: number[];
  outputShape: number[];
  onnxOps: string[];
}

const dir = fileURLToPath(new URL('../fixtures/torch/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Entry[];

describe('PyTorch exports through fromONNX', () => {
  it('cover opsets 13 to 17, MLPs and CNNs', () => {
    expect(new Set(manifest.map((e) => e.opset))).toEqual(new Set([13, 14, 15, 16, 17]));
    expect(manifest.length).toBeGreaterThanOrEqual(12);
    const ops = new Set(manifest.flatMap((e) => e.onnxOps));
    for (const op of ['Gemm', 'Conv', 'MaxPool', 'BatchNormalization', 'Erf', 'Shape', 'Gather'])
      expect(ops.has(op), op).toBe(true);
  });

  it.each(manifest.map((e) => [e.name, e] as const))('%s', (name, entry) => {
    const model = fromONNX(readFileSync(join(dir, `${name}.onnx`)));
    const { tensors } = decodeSafetensors(readFileSync(join(dir, `${name}.safetensors`)));
    const x = (tensors.input as Tensor).detach().setRequiresGrad(true);
    expect([...x.shape]).toEqual(entry.inputShape);
    const y = enableGrad(() => model.call(x));
    expect(worstError(y, tensors.output as Tensor)).toBeLessThanOrEqual(1e-5);
    enableGrad(() => y.mul(tensors.grad_output as Tensor).sum()).backward();
    expect(worstError(x.grad as Tensor, tensors.grad_input as Tensor)).toBeLessThanOrEqual(1e-4);
  });
});

describe("imported PyTorch models keep PyTorch's module paths", () => {
  it('lenet: layers at their named_modules() paths, found by the gradient-flow monitor', () => {
    const model = fromONNX(readFileSync(join(dir, 'lenet_o17.onnx')));
    expect(new GradientFlowMonitor(model).layers.map(([n]) => n)).toEqual([
      'features.1',
      'features.5',
      'classifier.0',
      'classifier.4',
    ]);
    expect(model.namedModules().map(([n]) => n)).toContain('classifier.1');
  });
  it('residual blocks: nested scopes give the full path', () => {
    const model = fromONNX(readFileSync(join(dir, 'residual_o15.onnx')));
    expect(model.namedModules().map(([n]) => n)).toEqual(
      expect.arrayContaining(['2.f.0', '2.f.1', '4.f.0']),
    );
  });
});
