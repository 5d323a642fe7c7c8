/**
 * Round trip: `fromONNX(toONNX(m))` computes what `m` computes, with the same input and parameter
 * gradients (under the same dotted names), for the trainer's `mlp` with each activation, its
 * residual / LayerNorm / BatchNorm / dropout variants and CNNs, at opsets 13, 17 and 21 (ONNX
 * Runtime runs those variants' exports as gradscope does too); and the imported model works with
 * traceGraph, toDot, hooks, monitors and fit.
 */
import { listActivations } from '@gradscope/activations';
import { createRng, randn, type Tensor, tensor, toDot, traceGraph } from '@gradscope/core';
import {
  Activation,
  AvgPool2d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  ConvTranspose2d,
  Dropout,
  Flatten,
  fit,
  GradientFlowMonitor,
  Linear,
  MaxPool2d,
  mlp,
  Sequential,
  SGD,
  xor,
} from '@gradscope/trainer';
import { describe, expect, it } from 'vitest';
import { fromONNX, OnnxModel, toONNX } from '../src/index.js';
import { expectSameModel, worstError } from './import-support.js';
import { expectClose, runOrt } from './ort-support.js';

const weights = (seed: number) => (y: Tensor) => randn(y.shape, { rng: createRng(seed) });
const names = listActivations().map((a) => a.name);

describe('fromONNX(toONNX(mlp)) with each activation', () => {
  for (const opset of [13, 17, 21]) {
    it.each(names)(`opset ${opset}: %s`, (activation) => {
      const model = mlp({ inputSize: 5, hidden: [8, 6], outputSize: 3, activation, seed: 3 });
      const x = randn([7, 5], { rng: createRng(11) }).mul(2);
      const imported = fromONNX(toONNX(model, [x], { opset, dynamicBatch: true }));
      expect(imported).toBeInstanceOf(OnnxModel);
      expectSameModel(model, imported, x, weights(5));
    });
  }
});

function cnn(): Sequential {
  return new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }),
    new BatchNorm2d(4),
    new Activation('relu'),
    new MaxPool2d(2),
    new Conv2d(4, 6, 3, { padding: 'same', groups: 2 }),
    new Activation('gelu'),
    new AvgPool2d(2, { stride: 1 }),
    new Dropout(0.3),
    new Flatten(),
    new Linear(6 * 2 * 2, 3),
    new Activation('mish'),
  );
}

const variants: Array<[string, () => Sequential | ReturnType<typeof mlp>, number[]]> = [
  [
    'residual tanh',
    () =>
      mlp({
        inputSize: 6,
        hidden: [6, 6, 6],
        outputSize: 2,
        activation: 'tanh',
        residual: true,
        seed: 4,
      }),
    [5, 6],
  ],
  [
    'LayerNorm gelu',
    () =>
      mlp({
        inputSize: 5,
        hidden: [8, 8],
        outputSize: 2,
        activation: 'gelu',
        norm: 'layer',
        seed: 6,
      }),
    [4, 5],
  ],
  [
    'BatchNorm relu (eval)',
    () =>
      mlp({
        inputSize: 5,
        hidden: [8, 8],
        outputSize: 2,
        activation: 'relu',
        norm: 'batch',
        seed: 7,
      }),
    [4, 5],
  ],
  [
    'dropout selu (eval)',
    () =>
      mlp({ inputSize: 5, hidden: [8], outputSize: 2, activation: 'selu', dropout: 0.2, seed: 8 }),
    [4, 5],
  ],
  ['CNN', cnn, [2, 1, 6, 6]],
  [
    'Conv1d',
    () =>
      new Sequential(
        new Conv1d(2, 3, 3, { padding: 1 }),
        new Activation('elu'),
        new Flatten(),
        new Linear(3 * 7, 2),
      ),
    [3, 2, 7],
  ],
  [
    'ConvTranspose2d',
    () =>
      new Sequential(
        new ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1 }),
        new Activation('sigmoid'),
      ),
    [2, 2, 4, 4],
  ],
];

describe('fromONNX(toONNX(model)) for residual, LayerNorm, BatchNorm, dropout and CNN models', () => {
  for (const opset of [13, 17, 21]) {
    it.each(variants)(`opset ${opset}: %s`, async (_name, make, shape) => {
      const model = make();
      // Warm the batch-norm statistics so that eval mode reads non-trivial ones.
      model.train();
      model.call(
        randn(shape, { rng: createRng(1) })
          .mul(2)
          .add(0.5),
      );
      model.eval();
      const x = randn(shape, { rng: createRng(12) });
      const bytes = toONNX(model, [x], { opset, dynamicBatch: true });
      // ONNX Runtime runs the export as gradscope does ...
      expectClose((await runOrt(bytes, { input: x })).output as never, model.call(x));
      // ... and the import computes it, with the same gradients.
      const imported = fromONNX(bytes);
      expectSameModel(model, imported, x, weights(9));
      // Another batch size through the symbolic batch dimension.
      const x2 = randn([(shape[0] as number) + 2, ...shape.slice(1)], { rng: createRng(13) });
      expect(worstError(imported.call(x2), model.call(x2))).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('an imported model is a gradscope model', () => {
  const source = mlp({ inputSize: 2, hidden: [8, 8], outputSize: 2, activation: 'tanh', seed: 2 });
  const bytes = toONNX(source, [randn([1, 2])], { opset: 17, dynamicBatch: true });

  it('keeps the layers, their dotted names and the state dict keys', () => {
    const m = fromONNX(bytes);
    expect(m.namedModules().map(([n, l]) => `${n}:${l.constructor.name}`)).toEqual([
      ':OnnxModel',
      '0:Linear',
      '1:Activation',
      '2:Linear',
      '3:Activation',
      '4:Linear',
    ]);
    expect(Object.keys(m.stateDict())).toEqual(Object.keys(source.stateDict()));
    expect(m.training).toBe(false);
  });

  it('traces a graph with the layer scopes, draws it and runs gradient hooks', () => {
    const m = fromONNX(bytes);
    const x = randn([3, 2], { rng: createRng(4) });
    const y = m.call(x);
    const g = traceGraph(y);
    const scopes = new Set(g.nodes.flatMap((n) => (n.scope.length > 0 ? [n.scope.join('/')] : [])));
    expect([...scopes]).toEqual(
      expect.arrayContaining(['OnnxModel/0:Linear', 'OnnxModel/1:tanh', 'OnnxModel/4:Linear']),
    );
    expect(toDot(g)).toContain('digraph');
    const seen: number[] = [];
    const first = m.namedParameters()[0]?.[1] as Tensor;
    first.registerHook((grad) => {
      seen.push(grad.size);
    });
    y.sum().backward();
    expect(seen).toEqual([first.size]);
  });

  it('trains with fit and a GradientFlowMonitor', () => {
    const m = fromONNX(bytes);
    const monitor = new GradientFlowMonitor(m);
    expect(monitor.layers.map(([n]) => n)).toEqual(['0', '2', '4']);
    const data = xor({ n: 128, seed: 3 });
    const history = fit(m, {
      data,
      loss: 'crossEntropy',
      optimizer: new SGD(m.parameters(), { lr: 0.5 }),
      epochs: 30,
      batchSize: 32,
      callbacks: [monitor],
    });
    const losses = history.epochs.map((e) => e.loss);
    expect(monitor.records.length).toBeGreaterThan(0);
    // It learns XOR: the loss falls well below its start.
    expect(losses[losses.length - 1] as number).toBeLessThan((losses[0] as number) * 0.5);
  });

  it('keeps ONNX names for parameters it had to rename', () => {
    const m = fromONNX(bytes);
    expect(m.onnxNames().get('0.weight')).toBe('0.weight');
    expect(m.inputNames).toEqual(['input']);
    expect(m.outputNames).toEqual(['output']);
    expect(m.opset).toBe(17);
  });

  it('reports the declared inputs (symbolic batch as null)', () => {
    const f = (x: Tensor) => x.mul(2);
    const fixed = fromONNX(toONNX(f, [tensor(new Float32Array(6), { shape: [2, 3] })]));
    expect(fixed.inputSpecs).toEqual([{ name: 'input', dtype: 'float32', dims: [2, 3] }]);
    const dyn = fromONNX(
      toONNX(f, [tensor(new Float32Array(6), { shape: [2, 3] })], { dynamicBatch: true }),
    );
    expect(dyn.inputSpecs[0]?.dims).toEqual([null, 3]);
  });
});
