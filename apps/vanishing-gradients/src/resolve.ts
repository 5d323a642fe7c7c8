/**
 * Names → functions, from the packages: activations from `@gradscope/activations`, initialisers
 * from `@gradscope/trainer`. Unknown names throw core's NotFoundError listing the closest names.
 */
import { analyze, getActivation, listActivations } from '@gradscope/activations';
import { unknownName } from '@gradscope/core';
import { getInitializer, listInitializers } from '@gradscope/trainer';
import type { ApplyFn, InitFn } from './gradient-flow.js';
import type { Resolvers } from './gradient-flow-grid.js';
import { sigmaW2Of } from './init-variance.js';
import type { MomentsFn } from './meanfield.js';

/** The activations of the issue, in the order the seed article meets them. */
export const DEFAULT_ACTIVATIONS = [
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'swish',
  'mish',
] as const;

/** The initialisers compared: Glorot & Bengio's "standard" heuristic, Xavier, He. */
export const DEFAULT_INITS = ['standard', 'xavierNormal', 'heNormal'] as const;

/** Throws NotFoundError ("did you mean ...") for names that are not registered activations. */
export function checkActivationNames(names: readonly string[]): void {
  const known = listActivations().map((a) => a.name);
  for (const n of names) if (!known.includes(n)) throw unknownName('activation', n, known);
}

/** Throws NotFoundError for names that are not trainer initialisers. */
export function checkInitNames(names: readonly string[]): void {
  const known = listInitializers();
  for (const n of names) if (!known.includes(n)) throw unknownName('initializer', n, known);
}

/** An activation's tensor function. */
export function activationFn(name: string): ApplyFn {
  const a = getActivation(name);
  return (x) => a.apply(x);
}

/** Gaussian moments through the activations package's `analyze` (its own quadrature). */
export function analyzeMoments(name: string): MomentsFn {
  return (q) => {
    const r = analyze(name, { q });
    return { secondMoment: r.secondMoment, derivativeSecondMoment: r.derivativeSecondMoment };
  };
}

/** The resolvers the CLI uses. */
export const packageResolvers: Resolvers = {
  activation: activationFn,
  init: (name) => getInitializer(name) as InitFn,
  sigmaW2: (name, width) => sigmaW2Of(name, width, getInitializer(name) as InitFn),
  moments: analyzeMoments,
};
