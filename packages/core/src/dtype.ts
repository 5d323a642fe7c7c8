import { DTypeError } from './errors.js';

/** Element types gradscope stores. float32 is the default, as in PyTorch and TensorFlow.js. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor of either dtype. */
export type TypedArray = Float32Array | Float64Array;

/** All supported dtypes. */
export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Throws a {@link DTypeError} unless `d` is a supported dtype; returns it typed. */
export function checkDType(d: unknown, where: string): DType {
  if (d === 'float32' || d === 'float64') return d;
  throw new DTypeError(`${where}: expected dtype 'float32' or 'float64', got ${JSON.stringify(d)}`);
}

/** Allocates a zero-filled typed array of `dtype` with `n` elements. */
export function allocate(dtype: DType, n: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** dtype of a typed array. */
export function dtypeOf(a: TypedArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}
