/**
 * The mean-field prediction for the state's network at initialisation (`meanFieldPrediction`
 * of `@gradscope/activations`, σ_w² from the trainer's `initSigmaW2`): per hidden layer the
 * predicted RMS ∂L/∂h, relative to the last hidden layer. The page sets it beside the
 * measurement at initialisation by matching the two at the last hidden layer, so what is
 * compared is the theory's claim: how the gradient grows or shrinks going down the stack.
 */
import { getActivation, meanFieldPrediction, quadratureMoments } from '@gradscope/activations';
import type { Tensor } from '@gradscope/core';
import { initSigmaW2 } from '@gradscope/trainer';
import { layerActivations, type NetworkState, paramsOf } from '../state/state.js';
import { activationKey, gainOf } from './network.js';

/** The theory's numbers for the hidden layers, or why there are none. */
export type Theory =
  | {
      readonly available: true;
      /** Predicted RMS ∂L/∂h per hidden layer divided by the last hidden layer's. */
      readonly relativeRmsGrad: readonly number[];
      /** q_l, the predicted variance of each hidden layer's pre-activations. */
      readonly q: readonly number[];
      /** χ_l per hidden layer. */
      readonly chi: readonly number[];
      /** σ_w² of each hidden Linear. */
      readonly sigmaW2: readonly number[];
      /** log10(RMS δ_1 / RMS δ_L). */
      readonly log10Ratio: number;
    }
  | { readonly available: false; readonly reason: string };

const momentsCache = new Map<string, ReturnType<typeof quadratureMoments>>();

function momentsOf(name: string, params?: Readonly<Record<string, number>>) {
  const key = activationKey(name, params);
  let m = momentsCache.get(key);
  if (m === undefined) {
    const a = getActivation(name);
    m = quadratureMoments((x: Tensor) => a.apply(x, params) as Tensor);
    momentsCache.set(key, m);
  }
  return m;
}

const NON_ZERO_MEAN = new Set(['uniform', 'constant']);

/** The prediction for `n` with `inputSize` inputs whose mean second moment is `q_in`. */
export function theoryFor(n: NetworkState, inputSize: number, qIn: number): Theory {
  if (n.residual || n.norm !== 'none')
    return {
      available: false,
      reason:
        'the mean-field recursion here is for plain stacks: turn off residual blocks and normalisation to compare',
    };
  if (n.dropout > 0)
    return {
      available: false,
      reason: 'the mean-field recursion here has no dropout: set dropout to 0 to compare',
    };
  if (NON_ZERO_MEAN.has(n.init))
    return {
      available: false,
      reason: `'${n.init}' draws weights with a non-zero mean; mean-field theory assumes zero-mean weights`,
    };
  const sigmaW2 = Array.from({ length: n.depth }, (_, l) => {
    const g = gainOf(n, l);
    return initSigmaW2(
      n.init,
      [n.width, l === 0 ? inputSize : n.width],
      g === undefined ? {} : { gain: g },
    );
  });
  if (sigmaW2.some((s) => !(s > 0)))
    return {
      available: false,
      reason: `'${n.init}' draws every weight equal (σ_w² = 0): no signal spreads, and there is nothing to predict`,
    };
  if (!(qIn > 0)) return { available: false, reason: 'the inputs are all zero' };
  const p = meanFieldPrediction({
    moments: layerActivations(n).map((a) => momentsOf(a, paramsOf(n, a))),
    sigmaW2,
    depth: n.depth,
    inputSecondMoment: qIn,
  });
  const last = p.rmsGrad[n.depth - 1] as number;
  if (!(last > 0))
    return {
      available: false,
      reason:
        'the activation passes no gradient (f′ = 0 almost everywhere): every layer gets exactly 0',
    };
  return {
    available: true,
    relativeRmsGrad: p.rmsGrad.map((v) => v / last),
    q: p.q,
    chi: p.chi,
    sigmaW2,
    log10Ratio: p.log10Ratio,
  };
}
