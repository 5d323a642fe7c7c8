/**
 * Test-only resolvers built from core ops alone (sigmoid, tanh, relu; standard / xavierNormal /
 * heNormal written from their formulas), so the pipeline is tested independently of the
 * activations and trainer packages.
 */

import { quadratureMoments } from '@gradscope/activations';
import { randn, type Tensor, uniform } from '@gradscope/core';
import type { ApplyFn, InitFn } from '../gradient-flow.js';
import type { Resolvers } from '../gradient-flow-grid.js';

const ACTS: Record<string, ApplyFn> = {
  sigmoid: (x: Tensor) => x.neg().exp().add(1).pow(-1),
  tanh: (x: Tensor) => x.mul(2).exp().sub(1).div(x.mul(2).exp().add(1)),
  relu: (x: Tensor) => x.maximum(0),
  step: (x: Tensor) => x.gt(0),
};

const INITS: Record<string, InitFn> = {
  standard: (s, o) => {
    const b = 1 / Math.sqrt(s[1] as number);
    return uniform(s, -b, b, o);
  },
  xavierNormal: (s, o) =>
    randn(s, { ...o, std: Math.sqrt(2 / ((s[0] as number) + (s[1] as number))) }),
  heNormal: (s, o) => randn(s, { ...o, std: Math.sqrt(2 / (s[1] as number)) }),
};
const SIGMA_W2: Record<string, number> = { standard: 1 / 3, xavierNormal: 1, heNormal: 2 };

export const coreResolvers: Resolvers = {
  activation: (n) => ACTS[n] as ApplyFn,
  init: (n) => INITS[n] as InitFn,
  sigmaW2: (n) => SIGMA_W2[n] as number,
  moments: (n) => quadratureMoments(ACTS[n] as ApplyFn),
};
