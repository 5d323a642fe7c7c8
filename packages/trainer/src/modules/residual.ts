import { ShapeError, sameShape, type Tensor } from '@gradscope/core';
import { Module } from './module.js';

/**
 * A residual block (He et al. 2016): `y = x + block(x)`, or `y = projection(x) + block(x)` when
 * a projection is given (for a change of width). The identity path carries the gradient past
 * the block unattenuated: the classic remedy for vanishing gradients in deep stacks.
 */
export class Residual extends Module {
  static override readonly typeName: string = 'Residual';
  /** The residual branch f in `y = skip(x) + f(x)`, registered as child `block`. */
  readonly block: Module;
  /** The skip-path module (child `projection`), or `null` for the identity skip. */
  readonly projection: Module | null;
  constructor(block: Module, projection?: Module) {
    super();
    this.block = this.registerModule('block', block);
    this.projection =
      projection === undefined ? null : this.registerModule('projection', projection);
  }

  forward(x: Tensor): Tensor {
    const f = this.block.call(x);
    const s = this.projection === null ? x : this.projection.call(x);
    if (!sameShape(f.shape, s.shape))
      throw new ShapeError(
        `Residual: block output [${f.shape.join(',')}] and skip path [${s.shape.join(',')}] differ; pass a projection`,
      );
    return s.add(f);
  }
}
