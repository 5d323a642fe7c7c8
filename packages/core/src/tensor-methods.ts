/**
 * The functions behind Tensor's chained methods. `tensor.ts` imports no op (ops import it), so
 * each op module installs its functions here when it loads, and the engine installs `backward`.
 * @internal
 */
import type { DType } from './dtype.js';
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

/** Filled in by the op modules and the engine. */
export const tensorMethods = {} as TensorMethods;

/** Installs the functions behind some chained methods (op modules call it on load). */
export function installTensorMethods(methods: Partial<TensorMethods>): void {
  Object.assign(tensorMethods, methods);
}
