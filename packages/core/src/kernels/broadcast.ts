/** Classifying broadcast patterns, for kernels with fast paths for the common ones. */
import type { Shape } from '../shape.js';

/**
 * How an operand of shape `shape` broadcasts to `outShape` (NumPy rules, right-aligned):
 * `'row'` when, leading 1s aside, it equals the trailing axes of `outShape` (a bias `[n]` against
 * `[m, n]`: the operand repeats as whole rows); `'col'` when it equals a leading block of
 * `outShape` and is 1 after it (`[m, 1]` against `[m, n]`: each element repeats along a row);
 * null for any other pattern. An all-ones shape counts as a row.
 */
export function broadcastPattern(shape: Shape, outShape: Shape): 'row' | 'col' | null {
  const r = outShape.length;
  const off = r - shape.length;
  // Row: leading axes of `shape` are 1 (or missing), the rest equal outShape's.
  let first = 0;
  while (first < shape.length && shape[first] === 1) first++;
  let row = true;
  for (let i = first; i < shape.length; i++) if (shape[i] !== outShape[off + i]) row = false;
  if (row) return 'row';
  // Column: shape equals outShape on a leading block and is 1 after it.
  let last = shape.length;
  while (last > 0 && shape[last - 1] === 1) last--;
  for (let i = 0; i < last; i++) if (shape[i] !== outShape[off + i]) return null;
  for (let i = 0; i < off; i++) if (outShape[i] !== 1) return null;
  return 'col';
}
