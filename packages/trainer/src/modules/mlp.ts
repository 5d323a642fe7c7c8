import { ArgumentError, createRng, type DType, describe, type Rng } from '@gradscope/core';
import type { Initializer, InitOptions } from '../init.js';
import { Activation, type ActivationFn, type ActivationOptions } from './activation.js';
import { BatchNorm1d } from './batch-norm.js';
import { Dropout } from './dropout.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import type { Module } from './module.js';
import { Residual } from './residual.js';
import { Sequential } from './sequential.js';

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Width of the input features (the first Linear's `inFeatures`). */
  inputSize: number;
  /** Widths of the hidden layers, e.g. `[32, 32]`. */
  hidden: readonly number[];
  /** Width of the output (the last Linear's `outFeatures`: logits for classification). */
  outputSize: number;
  /** Hidden activation: registry name or function (default `'relu'`). */
  activation?: string | ActivationFn;
  /** Options for the activation (fixed params, PReLU slope). */
  activationOptions?: ActivationOptions;
  /** Weight initialiser by name or function (default `'standard'`, PyTorch's Linear default). */
  init?: string | Initializer;
  /** Extra initialiser options (gain, mode, negativeSlope). */
  initOptions?: InitOptions;
  /** Wrap each hidden block whose input and output widths match in a {@link Residual}. */
  residual?: boolean;
  /** Normalisation after each hidden Linear: `'layer'` or `'batch'`. */
  norm?: 'layer' | 'batch' | null;
  /** Dropout probability after each hidden activation (default 0: none). */
  dropout?: number;
  /** Generator for weights and dropout masks. */
  rng?: Rng;
  /** Seed used when no `rng` is given (default 0). */
  seed?: number;
  /** Element type (default float32). */
  dtype?: DType;
}

/**
 * A multi-layer perceptron: for each hidden width h, `Linear -> [norm] -> activation ->
 * [dropout]` (optionally inside a residual block), then a final `Linear` to `outputSize`
 * with no activation (losses take logits).
 */
export function mlp(options: MlpOptions): Sequential {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`mlp: expected an options object, got ${describe(options)}`);
  const { inputSize, hidden, outputSize } = options;
  if (!Array.isArray(hidden))
    throw new ArgumentError(`mlp: hidden must be an array of widths, got ${describe(hidden)}`);
  const rng = options.rng ?? createRng(options.seed ?? 0);
  const dtype = options.dtype ?? 'float32';
  const lin = (i: number, o: number) =>
    new Linear(i, o, {
      init: options.init ?? 'standard',
      ...(options.initOptions === undefined ? {} : { initOptions: options.initOptions }),
      rng,
      dtype,
    });
  const net = new Sequential();
  let prev = inputSize;
  for (const h of hidden) {
    const parts: Module[] = [lin(prev, h)];
    if (options.norm === 'layer') parts.push(new LayerNorm(h, { dtype }));
    else if (options.norm === 'batch') parts.push(new BatchNorm1d(h, { dtype }));
    else if (options.norm !== undefined && options.norm !== null)
      throw new ArgumentError(
        `mlp: norm must be 'layer', 'batch' or null, got ${describe(options.norm)}`,
      );
    parts.push(
      new Activation(options.activation ?? 'relu', { dtype, ...options.activationOptions }),
    );
    if (options.residual === true && prev === h) net.append(new Residual(new Sequential(...parts)));
    else for (const p of parts) net.append(p);
    if ((options.dropout ?? 0) > 0) net.append(new Dropout(options.dropout, { rng: rng.split() }));
    prev = h;
  }
  net.append(lin(prev, outputSize));
  return net;
}
