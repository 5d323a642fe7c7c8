/**
 * The values an imported graph computes with: float tensors are core `Tensor`s (differentiable);
 * integer and boolean tensors (shapes, indices, masks) are {@link IntTensor}s, plain numbers
 * evaluated in JavaScript and never differentiated.
 */
import { describe, formatShape, Tensor, tensor } from '@gradscope/core';
import { OnnxError } from '../errors.js';

/** Element types an {@link IntTensor} holds. */
export type IntDType = 'int64' | 'int32' | 'bool';

/** Most elements a tensor the importer makes itself (a constant, a folded value) may have. */
export const MAX_ELEMENTS = 1 << 26;

/** An integer or boolean tensor: row-major `data` of `shape` (int64 values beyond 2^53 are clamped). */
export class IntTensor {
  constructor(
    readonly dtype: IntDType,
    readonly shape: readonly number[],
    readonly data: readonly number[],
  ) {}

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }
}

/** A value of the imported graph. */
export type OnnxValue = Tensor | IntTensor;

/** The element count of `shape`, refused above {@link MAX_ELEMENTS}. */
export function checkedSize(shape: readonly number[], where: string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0)
      throw new OnnxError(`${where}: expected dimensions ≥ 0, got ${formatShape(shape)}`);
    n *= d;
  }
  if (n > MAX_ELEMENTS)
    throw new OnnxError(
      `${where}: a tensor of shape ${formatShape(shape)} (${n} elements) is larger than the ${MAX_ELEMENTS} elements the importer makes`,
    );
  return n;
}

/** `v` as a float tensor (integers and booleans convert, without gradient). */
export function asFloat(v: OnnxValue, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  if (v instanceof Tensor) return v;
  return tensor(Float64Array.from(v.data), { dtype, shape: [...v.shape] });
}

/** `v` as integers: an {@link IntTensor} as it is, a float tensor truncated towards zero. */
export function asInt(v: OnnxValue): IntTensor {
  if (v instanceof IntTensor) return v;
  return new IntTensor(
    'int64',
    v.shape,
    Array.from(v.data, (x) => Math.trunc(x)),
  );
}

/** The values of a 1-d (or 0-d) integer input, e.g. a shape or a list of axes. */
export function intList(v: OnnxValue | undefined, what: string): number[] {
  if (v === undefined) throw new OnnxError(`${what}: expected an integer list, got nothing`);
  if (!(v instanceof IntTensor))
    throw new OnnxError(`${what}: expected an integer tensor, got a ${v.dtype} tensor`);
  if (v.shape.length > 1)
    throw new OnnxError(
      `${what}: expected a 1-d integer tensor, got shape ${formatShape(v.shape)}`,
    );
  return [...v.data];
}

/** The one number of a scalar (or one-element) value. */
export function scalarOf(v: OnnxValue, what: string): number {
  if (v.size !== 1)
    throw new OnnxError(`${what}: expected a single value, got shape ${formatShape(v.shape)}`);
  return v.data[0] as number;
}

/** Describes a value for error messages: `float32 [2, 3]`. */
export function describeValue(v: OnnxValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v instanceof Tensor || v instanceof IntTensor) return `${v.dtype} ${formatShape(v.shape)}`;
  return describe(v);
}

/** Normalises a possibly negative `axis` of a rank-`rank` tensor. */
export function normAxis(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= Math.max(rank, 1))
    throw new OnnxError(`${what}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}
