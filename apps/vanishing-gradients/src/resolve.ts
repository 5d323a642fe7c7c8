/**
 * Names → functions, from the packages: activations from `@gradscope/activations`, initialisers
 * from `@gradscope/trainer`. Unknown names throw core's NotFoundError listing the closest names.
 */

import type { MomentsFn } from '@gradscope/activations';
import { analyze, getActivation } from '@gradscope/activations';
import { getInitializer } from '@gradscope/trainer';
import type { ApplyFn, InitFn } from './gradient-flow.js';
import type { Resolvers } from './gradient-flow-grid.js';
import { sigmaW2Of } from './init-variance.js';

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
