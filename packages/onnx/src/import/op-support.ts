/**
 * The shape of an op implementation of the importer, and the helpers they share: reading inputs
 * with clear errors, and integer arithmetic with NumPy broadcasting for shape computations.
 */
import { broadcastShapes, Tensor } from '@gradscope/core';
import type { NodeContext } from './node-context.js';
import { asFloat, describeValue, type IntDType, IntTensor, type OnnxValue } from './values.js';

/** Runs one ONNX node on its input values (`undefined` for an omitted optional input). */
export type OpImpl = (
  inputs: ReadonlyArray<OnnxValue | undefined>,
  ctx: NodeContext,
) => OnnxValue[];

/** Input `i`, which the op requires. */
export function required(
  inputs: ReadonlyArray<OnnxValue | undefined>,
  i: number,
  ctx: NodeContext,
): OnnxValue {
  const v = inputs[i];
  if (v === undefined) throw ctx.error(`input ${i} is required but was not given`);
  return v;
}

/** Input `i` as a float tensor (an integer input is an error). */
export function floatInput(
  inputs: ReadonlyArray<OnnxValue | undefined>,
  i: number,
  ctx: NodeContext,
): Tensor {
  const v = required(inputs, i, ctx);
  if (!(v instanceof Tensor))
    throw ctx.error(`input ${i} must be a float tensor, got ${describeValue(v)}`);
  return v;
}

/** Input `i` as a float tensor of `like`'s dtype, converting integers (e.g. Pow's exponent). */
export function floatLike(v: OnnxValue, like: Tensor): Tensor {
  if (v instanceof Tensor) return v;
  return asFloat(v, like.dtype === 'float64' ? 'float64' : 'float32');
}

/** Strides of `shape` read as broadcast to `out` (0 along broadcast axes). */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = out.length - shape.length + i;
    strides[j] = shape[i] === 1 ? 0 : s;
    s *= shape[i] as number;
  }
  return strides;
}

/** `f` elementwise over integer tensors with NumPy broadcasting. */
export function intMap(
  name: string,
  values: readonly IntTensor[],
  f: (...xs: number[]) => number,
  dtype: IntDType,
): IntTensor {
  const shape = broadcastShapes(name, ...values.map((v) => v.shape));
  const n = shape.reduce((a, b) => a * b, 1);
  const strides = values.map((v) => broadcastStrides(v.shape, shape));
  const out = new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  const args = new Array<number>(values.length);
  for (let k = 0; k < n; k++) {
    for (let v = 0; v < values.length; v++) {
      let off = 0;
      const st = strides[v] as number[];
      for (let d = 0; d < shape.length; d++) off += (idx[d] as number) * (st[d] as number);
      args[v] = (values[v] as IntTensor).data[off] as number;
    }
    out[k] = f(...args);
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      if ((idx[d] as number) < (shape[d] as number)) break;
      idx[d] = 0;
    }
  }
  return new IntTensor(dtype, shape, out);
}

/** Whether every value is an integer tensor (so the op is shape arithmetic). */
export function allInt(values: ReadonlyArray<OnnxValue | undefined>): values is IntTensor[] {
  return values.every((v) => v instanceof IntTensor);
}
