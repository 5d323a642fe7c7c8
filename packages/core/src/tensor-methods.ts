/**
 * The functions behind Tensor's chained methods. `tensor.ts` imports no op (ops import it), so
 * each op module installs its functions here when it loads, and the engine installs `backward`.
 * @internal
 */
import type { DType } from './dtype.js';
import { GradscopeError } from './errors.js';
import type { MatmulOptions } from './ops/matmul.js';
import type { Axis } from './ops/reduce.js';
import type { Shape } from './shape.js';
import type { Tensor, TensorLike } from './tensor.js';

/** Options of a backward pass. */
export interface BackwardOptions {
  /** Keep the graph so that another backward can go through it (default false). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (default false). */
  createGraph?: boolean;
}

/** The functions behind the chained methods, each taking the tensor first. */
export interface TensorMethods {
  add(a: Tensor, b: TensorLike): Tensor;
  sub(a: Tensor, b: TensorLike): Tensor;
  mul(a: Tensor, b: TensorLike): Tensor;
  div(a: Tensor, b: TensorLike): Tensor;
  pow(a: Tensor, b: TensorLike): Tensor;
  maximum(a: Tensor, b: TensorLike): Tensor;
  minimum(a: Tensor, b: TensorLike): Tensor;
  greater(a: Tensor, b: TensorLike): Tensor;
  greaterEqual(a: Tensor, b: TensorLike): Tensor;
  less(a: Tensor, b: TensorLike): Tensor;
  lessEqual(a: Tensor, b: TensorLike): Tensor;
  equal(a: Tensor, b: TensorLike): Tensor;
  notEqual(a: Tensor, b: TensorLike): Tensor;
  neg(x: Tensor): Tensor;
  exp(x: Tensor): Tensor;
  log(x: Tensor): Tensor;
  log1p(x: Tensor): Tensor;
  expm1(x: Tensor): Tensor;
  sqrt(x: Tensor): Tensor;
  abs(x: Tensor): Tensor;
  square(x: Tensor): Tensor;
  sign(x: Tensor): Tensor;
  clamp(x: Tensor, min?: number | null, max?: number | null): Tensor;
  matmul(a: Tensor, b: TensorLike, options?: MatmulOptions): Tensor;
  matrixTranspose(x: Tensor): Tensor;
  sum(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor;
  mean(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor;
  max(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor;
  min(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor;
  logSumExp(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor;
  reshape(x: Tensor, shape: readonly number[]): Tensor;
  transpose(x: Tensor, axes?: readonly number[]): Tensor;
  permute(x: Tensor, perm: readonly number[]): Tensor;
  expand(x: Tensor, shape: readonly number[]): Tensor;
  sumToShape(x: Tensor, shape: Shape, where?: string): Tensor;
  slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor;
  gather(
    x: Tensor,
    index: TensorLike | readonly number[] | readonly number[][],
    axis: number,
  ): Tensor;
  softmax(x: Tensor, axis?: number): Tensor;
  logSoftmax(x: Tensor, axis?: number): Tensor;
  cast(x: Tensor, dtype: DType): Tensor;
  backward(t: Tensor, grad: Tensor, options: BackwardOptions): void;
}

/** A method's function before its op module has loaded (importing `@gradscope/core` loads all). */
function notInstalled(name: keyof TensorMethods): () => never {
  return () => {
    throw new GradscopeError(
      `Tensor.${name}: its op module has not loaded; import from '@gradscope/core'`,
    );
  };
}

/**
 * Filled in by the op modules and the engine. Every key is here from the start, so installing
 * only replaces values and the object keeps one shape: a method call is a plain property load.
 */
export const tensorMethods: TensorMethods = {
  add: notInstalled('add'),
  sub: notInstalled('sub'),
  mul: notInstalled('mul'),
  div: notInstalled('div'),
  pow: notInstalled('pow'),
  maximum: notInstalled('maximum'),
  minimum: notInstalled('minimum'),
  greater: notInstalled('greater'),
  greaterEqual: notInstalled('greaterEqual'),
  less: notInstalled('less'),
  lessEqual: notInstalled('lessEqual'),
  equal: notInstalled('equal'),
  notEqual: notInstalled('notEqual'),
  neg: notInstalled('neg'),
  exp: notInstalled('exp'),
  log: notInstalled('log'),
  log1p: notInstalled('log1p'),
  expm1: notInstalled('expm1'),
  sqrt: notInstalled('sqrt'),
  abs: notInstalled('abs'),
  square: notInstalled('square'),
  sign: notInstalled('sign'),
  clamp: notInstalled('clamp'),
  matmul: notInstalled('matmul'),
  matrixTranspose: notInstalled('matrixTranspose'),
  sum: notInstalled('sum'),
  mean: notInstalled('mean'),
  max: notInstalled('max'),
  min: notInstalled('min'),
  logSumExp: notInstalled('logSumExp'),
  reshape: notInstalled('reshape'),
  transpose: notInstalled('transpose'),
  permute: notInstalled('permute'),
  expand: notInstalled('expand'),
  sumToShape: notInstalled('sumToShape'),
  slice: notInstalled('slice'),
  gather: notInstalled('gather'),
  softmax: notInstalled('softmax'),
  logSoftmax: notInstalled('logSoftmax'),
  cast: notInstalled('cast'),
  backward: notInstalled('backward'),
};

/** Installs the functions behind some chained methods (op modules call it on load). */
export function installTensorMethods(methods: Partial<TensorMethods>): void {
  for (const key of Object.keys(methods) as (keyof TensorMethods)[]) {
    if (!(key in tensorMethods))
      throw new GradscopeError(`installTensorMethods: unknown method '${key}'`);
  }
  Object.assign(tensorMethods, methods);
}
