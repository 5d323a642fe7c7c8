/** `flatten`, as `torch.flatten`: a reshape that merges a run of axes (no op of its own). */
import { ArgumentError } from '../errors.js';
import { formatShape, normalizeAxis } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { reshape } from './shape-ops.js';

/**
 * Merges axes `startDim` to `endDim` (inclusive; negative counts from the end) of `x` into one,
 * as `torch.flatten`: `[N, C, H, W]` with startDim 1 becomes `[N, C·H·W]`. A reshape, so the
 * gradient is reshaped back; a 0-d tensor becomes `[1]`, and `startDim === endDim` returns `x`.
 *
 * @example
 * flatten(x, 1); // [64, 16, 5, 5] → [64, 400], the step between a CNN's features and its head
 */
export function flatten(x: TensorLike, startDim = 0, endDim = -1): Tensor {
  const t = Tensor.from(x, 'flatten');
  const rank = Math.max(t.ndim, 1);
  const s = normalizeAxis(startDim, rank, 'flatten');
  const e = normalizeAxis(endDim, rank, 'flatten');
  if (s > e) {
    throw new ArgumentError(
      `flatten: startDim must not come after endDim, got startDim ${startDim} (axis ${s}) and endDim ${endDim} (axis ${e}) for shape ${formatShape(t.shape)}`,
    );
  }
  if (t.ndim === 0) return reshape(t, [1]);
  if (s === e) return t;
  const shape: number[] = [];
  let merged = 1;
  for (let d = 0; d < t.ndim; d++) {
    if (d < s || d > e) shape.push(t.shape[d] as number);
    else {
      merged *= t.shape[d] as number;
      if (d === e) shape.push(merged);
    }
  }
  return reshape(t, shape);
}
