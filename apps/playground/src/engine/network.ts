/**
 * The network of the state, built from the trainer's modules exactly as the trainer's `mlp`
 * builds one (each hidden layer `Linear → [norm] → activation`, in a `Residual` when its input
 * and output widths match, then `[Dropout]`; a final `Linear` to the logits), but with an
 * activation per layer. With one activation for all layers the result equals
 * `mlp({ ..., rng })` parameter for parameter (tested).
 */
import { createRng, type Rng } from '@gradscope/core';
import {
  Activation,
  BatchNorm1d,
  calculateGain,
  Dropout,
  type InitOptions,
  LayerNorm,
  Linear,
  type Module,
  Residual,
  Sequential,
} from '@gradscope/trainer';
import { activationOf, type NetworkState, paramsOf } from '../state/state.js';

/** The model and the layers the probes and the theory look at. */
export interface BuiltNetwork {
  readonly model: Sequential;
  /** Every Linear, first to last: the hidden layers, then the output layer. */
  readonly linears: readonly Linear[];
  /** The hidden activations, first to last. */
  readonly activations: readonly Activation[];
  /** The gain each Linear's initialiser got (undefined: the initialiser's own). */
  readonly gains: ReadonlyArray<number | undefined>;
}

const gainCache = new Map<string, number>();

/** A cache key for an activation with its parameters (keys sorted). */
export function activationKey(
  activation: string,
  params?: Readonly<Record<string, number>>,
): string {
  if (params === undefined) return activation;
  return `${activation}(${Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(',')})`;
}

/**
 * 1/√E[f(z)²], z ~ N(0, 1), from the activation's moments with its parameters (the trainer's
 * `calculateGain`).
 */
export function momentsGain(activation: string, params?: Readonly<Record<string, number>>): number {
  const key = activationKey(activation, params);
  let g = gainCache.get(key);
  if (g === undefined) {
    g = calculateGain(activation, {
      fromMoments: true,
      ...(params === undefined ? {} : { params }),
    });
    gainCache.set(key, g);
  }
  return g;
}

/**
 * The trainer's Activation layer for `name` with the state's parameters: fixed parameters, or
 * for PReLU the initial value of its learnable slope.
 */
export function activationLayer(
  name: string,
  params?: Readonly<Record<string, number>>,
  dtype: 'float32' | 'float64' = 'float32',
): Activation {
  if (name === 'prelu')
    return new Activation('prelu', {
      dtype,
      ...(params?.alpha === undefined ? {} : { alpha: params.alpha }),
    });
  return new Activation(name, { dtype, ...(params === undefined ? {} : { params }) });
}

/**
 * The gain of Linear `l` (0-based; `depth` is the output layer) under the state's gain choice:
 * with `'moments'`, hidden layer l gets its own activation's moment gain and the output layer
 * the last hidden activation's.
 */
export function gainOf(n: NetworkState, l: number): number | undefined {
  if (n.gain !== 'moments') return undefined;
  const act = activationOf(n, Math.min(l, n.depth - 1));
  return momentsGain(act, paramsOf(n, act));
}

/** The generator the weights are drawn from for `seed`. */
export function weightRng(seed: number): Rng {
  return createRng(seed).fork('model');
}

/** Builds the network for `n` with `inputSize` inputs and `outputSize` outputs. */
export function buildNetwork(
  n: NetworkState,
  inputSize: number,
  outputSize: number,
  rng: Rng,
): BuiltNetwork {
  const linears: Linear[] = [];
  const activations: Activation[] = [];
  const gains: Array<number | undefined> = [];
  const lin = (i: number, o: number, l: number) => {
    const gain = gainOf(n, l);
    const initOptions: InitOptions = gain === undefined ? {} : { gain };
    const layer = new Linear(i, o, { init: n.init, initOptions, rng, dtype: 'float32' });
    linears.push(layer);
    gains.push(gain);
    return layer;
  };
  const model = new Sequential();
  let prev = inputSize;
  for (let l = 0; l < n.depth; l++) {
    const h = n.width;
    const parts: Module[] = [lin(prev, h, l)];
    if (n.norm === 'layer') parts.push(new LayerNorm(h, { dtype: 'float32' }));
    else if (n.norm === 'batch') parts.push(new BatchNorm1d(h, { dtype: 'float32' }));
    const name = activationOf(n, l);
    const act = activationLayer(name, paramsOf(n, name));
    activations.push(act);
    parts.push(act);
    if (n.residual && prev === h) model.append(new Residual(new Sequential(...parts)));
    else for (const p of parts) model.append(p);
    if (n.dropout > 0) model.append(new Dropout(n.dropout, { rng: rng.split() }));
    prev = h;
  }
  model.append(lin(prev, outputSize, n.depth));
  return { model, linears, activations, gains };
}
