import { ArgumentError, type DType, describe, ones, type Tensor, zeros } from '@gradscope/core';
import { checkFeatures, Module } from './module.js';

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learnable scale `weight` (ones) and shift `bias` (zeros) (default true). */
  elementwiseAffine?: boolean;
  /** Element type (default float32). */
  dtype?: DType;
}

/**
 * Layer normalisation (Ba et al. 2016) over the last axis:
 * `y = (x - mean) / sqrt(var + eps) * weight + bias`, biased variance, as PyTorch.
 */
export class LayerNorm extends Module {
  static override readonly typeName: string = 'LayerNorm';
  /** Size of the normalised last axis: inputs are `[..., normalizedShape]`. */
  readonly normalizedShape: number;
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps: number;
  /** Learnable scale, shape `[normalizedShape]`, initialised to ones (`null` without elementwise affine). */
  readonly weight: Tensor | null;
  /** Learnable shift, shape `[normalizedShape]`, initialised to zeros (`null` without elementwise affine). */
  readonly bias: Tensor | null;
  constructor(normalizedShape: number, options: LayerNormOptions = {}) {
    super();
    if (!Number.isInteger(normalizedShape) || normalizedShape <= 0)
      throw new ArgumentError(
        `LayerNorm: normalizedShape must be a positive integer, got ${describe(normalizedShape)}`,
      );
    this.normalizedShape = normalizedShape;
    this.eps = options.eps ?? 1e-5;
    const dtype = options.dtype ?? 'float32';
    if (options.elementwiseAffine === false) {
      this.weight = null;
      this.bias = null;
    } else {
      this.weight = this.registerParameter('weight', ones([normalizedShape], { dtype }));
      this.bias = this.registerParameter('bias', zeros([normalizedShape], { dtype }));
    }
  }

  forward(x: Tensor): Tensor {
    checkFeatures('LayerNorm', x, this.normalizedShape);
    const mean = x.mean(-1, true);
    const c = x.sub(mean);
    const v = c.square().mean(-1, true);
    let y = c.div(v.add(this.eps).sqrt());
    if (this.weight !== null && this.bias !== null) y = y.mul(this.weight).add(this.bias);
    return y;
  }

  override extraRepr(): string {
    return `${this.normalizedShape}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
