import { ArgumentError, describe, flatten, type Tensor } from '@gradscope/core';
import { Module } from './module.js';

function axis(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new ArgumentError(`Flatten: ${name} must be an integer axis, got ${describe(v)}`);
  return v;
}

/**
 * Merges axes `startDim` to `endDim` into one, as `torch.nn.Flatten` (whose defaults these are:
 * `startDim = 1`, `endDim = -1`, so the batch axis stays): `[N, 16, 5, 5]` → `[N, 400]`, the
 * step between a CNN's feature maps and its Linear head. A reshape (core's `flatten`): the
 * gradient is reshaped back.
 *
 * @example
 * new Flatten(); // [N, C, H, W] → [N, C·H·W]
 */
export class Flatten extends Module {
  static override readonly typeName: string = 'Flatten';
  /** First merged axis (negative counts from the end). */
  readonly startDim: number;
  /** Last merged axis, inclusive (negative counts from the end). */
  readonly endDim: number;
  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = axis('startDim', startDim);
    this.endDim = axis('endDim', endDim);
  }

  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
