/**
 * @gradscope/core — n-d tensors, a define-by-run reverse-mode autograd engine, a public op
 * registry, gradcheck, a seeded RNG.
 *
 * @packageDocumentation
 */
// The Tensor module must load first: op modules register themselves while it loads.
export { Tensor, type TensorLike, type GradHook, type HookHandle } from './tensor.js';
export {
  tensor,
  zeros,
  ones,
  full,
  zerosLike,
  onesLike,
  arange,
  linspace,
  eye,
  rand,
  randn,
  uniform,
  type TensorOptions,
  type TensorFromOptions,
  type RandomOptions,
} from './create.js';
export type { DType, TypedArray } from './dtype.js';
export { DTYPES } from './dtype.js';
export type { Shape } from './shape.js';
export { broadcastShapes, formatShape, sizeOf } from './shape.js';
export type { NestedArray } from './nested.js';
export {
  GradscopeError,
  ShapeError,
  DTypeError,
  ArgumentError,
  GraphError,
  NotFoundError,
  GradcheckError,
  closestNames,
  unknownName,
} from './errors.js';
export { createRng, manualSeed, getDefaultRng, type Rng } from './rng.js';
export {
  defineOp,
  getOp,
  hasOp,
  listOps,
  type OpSpec,
  type OpDef,
  type OpFn,
  type Attrs,
  type BackwardContext,
} from './registry.js';
export {
  Node,
  noGrad,
  enableGrad,
  isGradEnabled,
  withGradMode,
  scope,
  currentScope,
  addEngineObserver,
  type BackwardOptions,
  type EngineObserver,
} from './engine.js';
export {
  gradients,
  grad,
  valueAndGrad,
  type GradientsOptions,
  type GradOptions,
  type GradArg,
} from './grad.js';
export { gradcheck, type GradcheckOptions } from './gradcheck.js';
export {
  add,
  sub,
  mul,
  div,
  pow,
  neg,
  exp,
  log,
  log1p,
  expm1,
  sqrt,
  abs,
  square,
  sign,
  maximum,
  minimum,
  clamp,
  where,
  greater,
  greaterEqual,
  less,
  lessEqual,
  equal,
  notEqual,
} from './ops/elementwise.js';
export { matmul } from './ops/matmul.js';
export { sum, mean, max, min, logSumExp, type Axis } from './ops/reduce.js';
export {
  reshape,
  permute,
  transpose,
  matrixTranspose,
  expand,
  expand as broadcastTo,
  sumToShape,
  slice,
  gather,
  concat,
  stack,
  cast,
} from './ops/shape-ops.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { oneHot } from './ops/one-hot.js';
export {
  getKernels,
  setKernels,
  referenceKernels,
  type Kernels,
  type UnaryKind,
  type BinaryKind,
  type ReduceKind,
} from './kernels/index.js';
export { formatTensor } from './format.js';

import type { Tensor as T } from './tensor.js';
/** A tensor with the same data and no history (functional form of `t.detach()`). */
export function detach(t: T): T {
  return t.detach();
}
