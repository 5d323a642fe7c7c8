/**
 * Optimisers by name, for configs and command lines:
 * `createOptimizer('adam', model.parameters(), { lr: 1e-3 })`. Unknown names throw a
 * NotFoundError that suggests the closest known names.
 */
import { type Tensor, unknownName } from '@gradscope/core';
import { Adagrad, type AdagradOptions } from './adagrad.js';
import { Adam, type AdamOptions, AdamW } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { RMSProp, type RMSPropOptions } from './rmsprop.js';
import { SGD, type SGDOptions } from './sgd.js';

/** The options each named optimiser takes. */
export interface OptimizerOptionsByName {
  /** {@link SGD} (`lr` required). */
  sgd: SGDOptions;
  /** {@link Adam} (default lr 1e-3, L2 weight decay 0). */
  adam: AdamOptions;
  /** {@link AdamW} (default lr 1e-3, decoupled weight decay 1e-2). */
  adamw: AdamOptions;
  /** {@link RMSProp} (default lr 1e-2). */
  rmsprop: RMSPropOptions;
  /** {@link Adagrad} (default lr 1e-2). */
  adagrad: AdagradOptions;
}

/** A registered optimiser name (lower case, as in most configs). */
export type OptimizerName = keyof OptimizerOptionsByName;

const OPTIMIZERS: {
  readonly [N in OptimizerName]: (
    params: Iterable<Tensor>,
    options: OptimizerOptionsByName[N],
  ) => Optimizer;
} = {
  sgd: (p, o) => new SGD(p, o),
  adam: (p, o) => new Adam(p, o),
  adamw: (p, o) => new AdamW(p, o),
  rmsprop: (p, o) => new RMSProp(p, o),
  adagrad: (p, o) => new Adagrad(p, o),
};

/** Names accepted by {@link createOptimizer}, sorted. */
export function listOptimizers(): OptimizerName[] {
  return (Object.keys(OPTIMIZERS) as OptimizerName[]).sort();
}

/**
 * Creates the optimiser called `name` over `params` (e.g. `'sgd'` with `{ lr: 0.1 }`). Options
 * are checked by the optimiser's constructor; an unknown name throws a NotFoundError with the
 * closest names (`'Adam'` suggests `'adam'`).
 */
export function createOptimizer<N extends OptimizerName>(
  name: N,
  params: Iterable<Tensor>,
  options?: OptimizerOptionsByName[N],
): Optimizer {
  if (typeof name !== 'string' || !Object.hasOwn(OPTIMIZERS, name))
    throw unknownName('optimizer', String(name), listOptimizers());
  const make = OPTIMIZERS[name] as (p: Iterable<Tensor>, o: unknown) => Optimizer;
  return make(params, options ?? {});
}
