import {
  ArgumentError,
  type DType,
  describe,
  linear,
  type Rng,
  type Tensor,
} from '@gradscope/core';
import { getInitializer, type Initializer, type InitOptions, zeros } from '../init.js';
import { checkFeatures, Module } from './module.js';

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** Add a bias (default true). */
  bias?: boolean;
  /** Weight initialiser, by name or function (default `'standard'`: U[-1/sqrt(in), 1/sqrt(in)], PyTorch's default). */
  init?: string | Initializer;
  /** Extra options for the weight initialiser (gain, mode, negativeSlope). */
  initOptions?: InitOptions;
  /** Bias initialiser (default zeros). */
  biasInit?: string | Initializer;
  /** Generator for the initialisers. */
  rng?: Rng;
  /** Element type (default float32). */
  dtype?: DType;
}

function checkSize(where: string, name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0)
    throw new ArgumentError(`${where}: ${name} must be a positive integer, got ${describe(n)}`);
  return n;
}

/**
 * Fully connected layer `y = x W^T + b`, with W stored `[out, in]` as in PyTorch (so fan-in is
 * `in`). Accepts inputs of shape `[..., in]`.
 */
export class Linear extends Module {
  static override readonly typeName: string = 'Linear';
  /** Input width: the size of the last input axis. */
  readonly inFeatures: number;
  /** Output width: the size of the last output axis. */
  readonly outFeatures: number;
  /** Learnable weight W, shape `[outFeatures, inFeatures]`. */
  readonly weight: Tensor;
  /** Learnable bias b, shape `[outFeatures]`, zeros by default (`null` with `bias: false`). */
  readonly bias: Tensor | null;
  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    this.inFeatures = checkSize('Linear', 'inFeatures', inFeatures);
    this.outFeatures = checkSize('Linear', 'outFeatures', outFeatures);
    const init =
      typeof options.init === 'function'
        ? options.init
        : getInitializer(options.init ?? 'standard');
    const common = { rng: options.rng, dtype: options.dtype ?? 'float32' } as InitOptions;
    this.weight = this.registerParameter(
      'weight',
      init([outFeatures, inFeatures], { ...common, ...options.initOptions }),
    );
    if (options.bias === false) this.bias = null;
    else {
      const bi =
        options.biasInit === undefined
          ? zeros
          : typeof options.biasInit === 'function'
            ? options.biasInit
            : getInitializer(options.biasInit);
      this.bias = this.registerParameter('bias', bi([outFeatures], common));
    }
  }

  forward(x: Tensor): Tensor {
    checkFeatures('Linear', x, this.inFeatures);
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
