import { ArgumentError, describe } from '@gradscope/core';
import { Activation } from '../modules/activation.js';
import { ConvNd } from '../modules/conv.js';
import { Linear } from '../modules/linear.js';
import type { Module } from '../modules/module.js';

/** A layer with a weight the gradient-flow monitor watches: a Linear or a convolution. */
export type WeightLayer = Linear | ConvNd;

/** Activations whose derivative goes to 0 on both sides (they saturate). */
export const SATURATING = new Set([
  'sigmoid',
  'tanh',
  'hardSigmoid',
  'hardTanh',
  'softsign',
  'step',
]);

/**
 * The model's Linear and convolution layers (Conv1d, Conv2d, ConvTranspose2d) with their dotted
 * paths, in registration order, which for a Sequential is forward order ("layer 1" is the first).
 */
export function weightLayers(model: Module): Array<[string, WeightLayer]> {
  if (model === null || typeof model !== 'object' || typeof model.namedModules !== 'function')
    throw new ArgumentError(`expected a model (a Module), got ${describe(model)}`);
  return model
    .namedModules()
    .filter((e): e is [string, WeightLayer] => e[1] instanceof Linear || e[1] instanceof ConvNd);
}

/**
 * The axis whose entries are a layer's units, and how many: the channels (axis 1) of a
 * channels-first `[N, C, ...]` input of rank 3 or more, as convolution layers produce; else the
 * last axis (the features of `[N, F]`). Also the stride between a unit's consecutive entries in
 * the flat data, so that element `k` belongs to unit `floor(k / stride) % count`.
 */
export function unitsOf(shape: readonly number[]): {
  /** The unit axis: 1 for rank >= 3, else the last (0 for a scalar: one unit). */
  axis: number;
  /** Number of units (channels or features). */
  count: number;
  /** Product of the sizes after the unit axis. */
  stride: number;
  /** True when the units are channels (rank >= 3). */
  channels: boolean;
} {
  if (shape.length === 0) return { axis: 0, count: 1, stride: 1, channels: false };
  const channels = shape.length >= 3;
  const axis = channels ? 1 : shape.length - 1;
  let stride = 1;
  for (let d = axis + 1; d < shape.length; d++) stride *= shape[d] as number;
  return { axis, count: shape[axis] as number, stride, channels };
}

/** The model's activation layers with their dotted paths. */
export function activationLayers(model: Module): Array<[string, Activation]> {
  if (model === null || typeof model !== 'object' || typeof model.namedModules !== 'function')
    throw new ArgumentError(`expected a model (a Module), got ${describe(model)}`);
  return model.namedModules().filter((e): e is [string, Activation] => e[1] instanceof Activation);
}

/** Names of the activations a model uses (deduplicated). */
export function activationNames(model: Module): string[] {
  return [...new Set(activationLayers(model).map(([, a]) => a.activationName))];
}

/** `3e-9` style: one significant digit. */
export function sci(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return x.toExponential(0).replace('e+', 'e');
}

/** A remedy hint for vanishing gradients, naming the saturating activation if there is one. */
export function vanishingAdvice(model: Module): string {
  const sat = activationNames(model).filter((n) => SATURATING.has(n));
  const head =
    sat.length > 0 ? `${sat.join(' and ')} saturate${sat.length === 1 ? 's' : ''}; ` : '';
  return `${head}try relu with heNormal, a residual block or LayerNorm`;
}
