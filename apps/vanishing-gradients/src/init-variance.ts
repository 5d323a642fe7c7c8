/** σ_w² (fan-in × weight variance) of the initialisers, for the mean-field theory. */
import { createRng } from '@gradscope/core';
import { initSigmaW2, listInitializers } from '@gradscope/trainer';
import type { InitFn } from './gradient-flow.js';

/**
 * σ_w² = n_in · Var(W) for a square n × n layer: for the trainer's initialisers its closed form
 * (`initSigmaW2` of `@gradscope/trainer`: `standard` U[-1/√n, 1/√n] gives 1/3, Xavier/Glorot
 * 2 n_in / (n_in + n_out) = 1, He 2, LeCun and orthogonal 1). For any other initialiser it is
 * estimated from one drawn n × n matrix (fan-in × sample variance).
 */
export function sigmaW2Of(name: string, width: number, init: InitFn): number {
  if (listInitializers().includes(name)) return initSigmaW2(name, [width, width]);
  const w = init([width, width], { rng: createRng(12345) }).data;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) {
    s += w[i] as number;
    s2 += (w[i] as number) ** 2;
  }
  const mean = s / w.length;
  return width * (s2 / w.length - mean * mean);
}
