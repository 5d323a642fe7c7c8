import { allocate, type DType } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp } from '../registry.js';
import { describe } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';

const oneHotOp = defineOp<{ depth: number; dtype: DType }>({
  name: 'oneHot',
  arity: 1,
  doc: opDocs.oneHot,
  forward([x], { depth, dtype }) {
    const t = x as Tensor;
    const out = allocate(dtype, t.size * depth);
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      const v = d[i] as number;
      if (!Number.isInteger(v) || v < 0 || v >= depth) {
        throw new ArgumentError(
          `oneHot: label ${describe(v)} at position ${i} is not an integer in [0, ${depth})`,
        );
      }
      out[i * depth + v] = 1;
    }
    return Tensor._make(out, [...t.shape, depth]);
  },
});

/**
 * One-hot encoding of integer `labels` with `depth` classes: shape `[...labels.shape, depth]`
 * (no gradient).
 */
export function oneHot(
  labels: TensorLike | readonly number[],
  depth: number,
  options: { dtype?: DType } = {},
): Tensor {
  if (!Number.isInteger(depth) || depth <= 0)
    throw new ArgumentError(`oneHot: depth must be a positive integer, got ${describe(depth)}`);
  const t = labels instanceof Tensor ? labels : Tensor.from(labels as never, 'oneHot');
  return oneHotOp([t.detach()], { depth, dtype: options.dtype ?? 'float32' });
}
