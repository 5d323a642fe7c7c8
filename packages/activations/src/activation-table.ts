/**
 * The table of registered activations, by name: what `getActivation` reads and
 * `registerActivation` writes. A leaf module, so `analyze` can look names up without importing
 * the registration code (which uses `analyze` to infer metadata).
 */
import { type Tensor, unknownName } from '@gradscope/core';
import type { ActivationMeta, LearnableParameter } from './meta.js';
import type { ActivationParams } from './params.js';

/** An activation as the registry holds it. */
export interface Activation {
  /** Registry name, e.g. `'leakyRelu'`. */
  readonly name: string;
  /**
   * Applies the activation with fixed numeric parameters (defaults from `meta.params`), e.g.
   * `getActivation('leakyRelu').apply(x, { alpha: 0.2 })`. Unknown parameter names throw.
   */
  apply(x: Tensor, params?: ActivationParams): Tensor;
  /** Full metadata: range, smoothness, saturation, f'(0), origin (see {@link ActivationMeta}). */
  readonly meta: ActivationMeta;
  /** Learnable parameters a layer using this activation owns (PReLU's slope). */
  readonly parameters?: readonly LearnableParameter[];
  /** Name of the core op it applies (what graph exports show). */
  readonly op: string;
}

const table = new Map<string, Activation>();

/** Stores `activation` under its name, replacing any activation of that name. */
export function storeActivation(activation: Activation): void {
  table.set(activation.name, activation);
}

/** The activation registered as `name`; unknown names throw a NotFoundError with the closest names. */
export function getActivation(name: string): Activation {
  const a = typeof name === 'string' ? table.get(name) : undefined;
  if (a === undefined) throw unknownName('activation', name, [...table.keys()].sort());
  return a;
}

/** True when an activation of that name is registered. */
export function hasActivation(name: string): boolean {
  return table.has(name);
}

/** Every registered activation (objects, not names), sorted by name. */
export function listActivations(): Activation[] {
  return [...table.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
