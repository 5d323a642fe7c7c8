import { ArgumentError, describe } from '@gradscope/core';
import { Activation } from '../modules/activation.js';
import { Linear } from '../modules/linear.js';
import type { Module } from '../modules/module.js';

/** Activations whose derivative goes to 0 on both sides (they saturate). */
export const SATURATING = new Set([
  'sigmoid',
  'tanh',
  'hardSigmoid',
  'hardTanh',
  'softsign',
  'step',
]);

/** The model's Linear layers with their dotted paths, in forward order ("layer 1" is the first). */
export function linearLayers(model: Module): Array<[string, Linear]> {
  if (model === null || typeof model !== 'object' || typeof model.namedModules !== 'function')
    throw new ArgumentError(`expected a model (a Module), got ${describe(model)}`);
  return model.namedModules().filter((e): e is [string, Linear] => e[1] instanceof Linear);
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
