import { getActivation, prelu } from '@gradscope/activations';
import {
  ArgumentError,
  type DType,
  enableGrad,
  full,
  gradients,
  type Tensor,
} from '@gradscope/core';
import { checkOptions } from '../optim/options.js';
import { Module } from './module.js';

/** An activation given as a plain differentiable function. */
export type ActivationFn = (x: Tensor) => Tensor;

/** Options of {@link Activation}. */
export interface ActivationOptions {
  /** Fixed parameters passed to the registry activation (e.g. `{ alpha: 0.2 }` for leakyRelu). */
  params?: Readonly<Record<string, number>>;
  /** PReLU: initial learnable slope (default 0.25, as PyTorch). */
  alpha?: number;
  /** PReLU: number of learnable slopes, 1 or the number of channels (default 1). */
  numParameters?: number;
  /** Display name for a function activation (default the function's name). */
  name?: string;
  /** Element type of learnable parameters (default float32). */
  dtype?: DType;
}

/**
 * An activation layer: by registry name (`new Activation('relu')`, with fixed parameters
 * `new Activation('leakyRelu', { params: { alpha: 0.2 } })`), by function
 * (`new Activation((x) => x.mul(x.sigmoid()))`), or with learnable parameters:
 * `new Activation('prelu')` owns a slope `alpha` (PyTorch's PReLU, init 0.25).
 */
export class Activation extends Module {
  static override readonly typeName: string = 'Activation';
  /** The activation's name (registry name, or the function's). */
  readonly activationName: string;
  /** PReLU's learnable slope, else null. */
  readonly alpha: Tensor | null = null;
  private readonly fn: ActivationFn;
  /** f'(x) by input tensor, dropped with the input (see {@link Activation.derivative}). */
  private readonly derivatives: WeakMap<Tensor, Tensor> | null;

  constructor(activation: string | ActivationFn, options: ActivationOptions = {}) {
    super();
    checkOptions('Activation', options);
    this.derivatives =
      typeof activation === 'string' && activation !== 'prelu' ? new WeakMap() : null;
    if (typeof activation === 'function') {
      this.activationName = options.name ?? (activation.name || 'custom');
      this.fn = activation;
    } else if (typeof activation === 'string') {
      if (activation === 'prelu') {
        const n = options.numParameters ?? 1;
        if (!Number.isInteger(n) || n <= 0)
          throw new ArgumentError(
            `Activation('prelu'): numParameters must be a positive integer, got ${String(n)}`,
          );
        const alpha = this.registerParameter(
          'alpha',
          full([n], options.alpha ?? 0.25, { dtype: options.dtype ?? 'float32' }),
        );
        this.alpha = alpha;
        this.activationName = 'prelu';
        this.fn = (x) => prelu(x, alpha);
      } else {
        const act = getActivation(activation);
        this.activationName = act.name;
        const params = options.params;
        const apply = act.apply as (x: Tensor, p?: Readonly<Record<string, number>>) => Tensor;
        this.fn = params === undefined ? (x) => apply(x) : (x) => apply(x, params);
      }
    } else {
      throw new ArgumentError(
        `Activation: expected a registered activation name or a function, got ${String(activation)}`,
      );
    }
  }

  forward(x: Tensor): Tensor {
    return this.fn(x);
  }

  /**
   * Elementwise derivative f'(x) at `x` (computed by autograd; no graph is kept): the
   * vector–Jacobian product of f with a gradient of ones, which for an elementwise f is f'.
   * For a registry activation without learnable parameters it is computed once per input
   * (tensors are immutable): the saturation and dead-unit monitors (and any other forward hook)
   * asking for the same `x` get the same tensor. PReLU and function activations, which may read
   * state that changes between calls, compute it every time.
   */
  derivative(x: Tensor): Tensor {
    if (this.derivatives === null) return this.computeDerivative(x);
    const known = this.derivatives.get(x);
    if (known !== undefined) return known;
    const d = this.computeDerivative(x);
    this.derivatives.set(x, d);
    return d;
  }

  private computeDerivative(x: Tensor): Tensor {
    return enableGrad(() => {
      const xi = x.detach().setRequiresGrad(true);
      const y = this.fn(xi);
      const ones = full(y.shape, 1, { dtype: y.dtype });
      const [g] = gradients(y, xi, { gradOutputs: [ones], materialize: true });
      return (g as Tensor).detach();
    });
  }

  /** Graph scopes name activation layers after the activation (`1:tanh`). */
  override scopeLabel(): string {
    return this.activationName;
  }

  override extraRepr(): string {
    return this.alpha === null
      ? this.activationName
      : `${this.activationName}, numParameters=${this.alpha.size}`;
  }
}
