/**
 * The CNNs of `cnn-models.json`, built from @gradscope/trainer layers (the Python script builds
 * the same ones from torch.nn), and the deterministic gradscope weights whose safetensors file
 * PyTorch reads (`golden/<model>.gradscope.safetensors`, written by `write-gradscope.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRng, type Rng } from '@gradscope/core';
import {
  Activation,
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm,
  BatchNorm1d,
  BatchNorm2d,
  Conv1d,
  Conv2d,
  ConvTranspose2d,
  Flatten,
  Linear,
  MaxPool2d,
  type Module,
  Sequential,
} from '../../src/index.js';

/** One layer: its torch.nn class name, positional arguments and (gradscope-named) options. */
export type LayerSpec = [string, unknown[], Record<string, unknown>];

/** A model of the spec file. */
export interface ModelSpec {
  /** Input shape. */
  input: number[];
  /** The layers, in order (an `nn.Sequential`). */
  layers: LayerSpec[];
}

const specFile = new URL('./cnn-models.json', import.meta.url);
/** The models of `cnn-models.json` by name. */
export const MODELS = (
  JSON.parse(readFileSync(specFile, 'utf8')) as { models: Record<string, ModelSpec> }
).models;

/** Where the fixtures live. */
export const GOLDEN = new URL('./golden/', import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: the spec's arguments are untyped JSON
type Args = any[];

/** The gradscope layer for one spec entry (the weights drawn from `rng`). */
function layer([name, args, options]: LayerSpec, rng: Rng): Module {
  const a = args as Args;
  const o = { ...options };
  switch (name) {
    case 'Conv2d':
      return new Conv2d(a[0], a[1], a[2], { ...o, rng });
    case 'Conv1d':
      return new Conv1d(a[0], a[1], a[2], { ...o, rng });
    case 'ConvTranspose2d':
      return new ConvTranspose2d(a[0], a[1], a[2], { ...o, rng });
    case 'Linear':
      return new Linear(a[0], a[1], { ...o, rng });
    case 'BatchNorm2d':
      return new BatchNorm2d(a[0], o);
    case 'BatchNorm1d':
      return new BatchNorm1d(a[0], o);
    case 'ReLU':
      return new Activation('relu');
    case 'Tanh':
      return new Activation('tanh');
    case 'MaxPool2d':
      return new MaxPool2d(a[0], o);
    case 'AvgPool2d':
      return new AvgPool2d(a[0], o);
    case 'AdaptiveAvgPool2d':
      return new AdaptiveAvgPool2d(a[0]);
    case 'Flatten':
      return new Flatten(...(a as [number?, number?]));
    default:
      throw new Error(`cnn-models: no layer '${name}'`);
  }
}

/** The model `name` of the spec as a gradscope Sequential, weights from `createRng(seed)`. */
export function buildModel(name: string, seed = 0): Sequential {
  const spec = MODELS[name];
  if (spec === undefined) throw new Error(`cnn-models: no model '${name}'`);
  const rng = createRng(seed);
  return new Sequential(...spec.layers.map((l) => layer(l, rng)));
}

/**
 * The weights gradscope hands to PyTorch: its default initialisation from seed 100, and every
 * batch norm's affine parameters and running statistics set to distinct values (no forward pass,
 * so the file does not depend on the kernels' rounding).
 */
export function gradscopeModel(name: string): Sequential {
  const m = buildModel(name, 100);
  for (const bn of m.modules()) {
    if (!(bn instanceof BatchNorm)) continue;
    for (let c = 0; c < bn.numFeatures; c++) {
      bn.weight?.data.set([1 + 0.1 * c], c);
      bn.bias?.data.set([0.05 * c - 0.1], c);
      bn.runningMean?.data.set([0.1 * (c + 1) - 0.2], c);
      bn.runningVar?.data.set([0.5 + 0.25 * c], c);
    }
    bn.numBatchesTracked?.data.set([7]);
  }
  return m;
}
