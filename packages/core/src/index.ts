/**
 * @gradscope/core — n-d tensors, a define-by-run reverse-mode autograd engine, a public op
 * registry, gradcheck, a seeded RNG.
 *
 * @packageDocumentation
 */
// Importing the op modules registers their ops and installs Tensor's chained methods; the engine
// installs `backward`. No module imports this one, and no import cycle runs through core.

export { className } from './class-name.js';
export {
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  type RandomOptions,
  rand,
  randn,
  type TensorFromOptions,
  type TensorOptions,
  tensor,
  uniform,
  zeros,
  zerosLike,
} from './create.js';
export type { DType, TypedArray } from './dtype.js';
export { DTYPES } from './dtype.js';
export type { BackwardOptions } from './engine.js';
export {
  ArgumentError,
  closestNames,
  DTypeError,
  GradcheckError,
  GradscopeError,
  GraphError,
  NotFoundError,
  ShapeError,
  unknownName,
} from './errors.js';
export { formatTensor } from './format.js';
export {
  borrowGrad,
  type GradArg,
  type GradientsOptions,
  type GradOptions,
  giveGrad,
  grad,
  gradients,
  valueAndGrad,
} from './grad.js';
export {
  currentScope,
  enableGrad,
  isGradEnabled,
  noGrad,
  scope,
  withGradMode,
} from './grad-mode.js';
export { type GradcheckOptions, gradcheck } from './gradcheck.js';
export { fastKernels } from './kernels/fast.js';
export {
  type AdamUpdate,
  type BinaryKind,
  type ConvGeometry,
  defaultKernels,
  getKernels,
  type Kernels,
  type ReduceKind,
  referenceKernels,
  setKernels,
  type UnaryKind,
} from './kernels/index.js';
export { ANY_BACKEND, getKernel, type OpKernel, registerKernel } from './kernels/op-kernels.js';
export {
  createWasmKernels,
  relaxedSimdSupported,
  type WasmKernels,
  type WasmKernelsOptions,
  wasmSimdSupported,
} from './kernels/wasm/wasm-kernels.js';
export type { NestedArray } from './nested.js';
export { Node } from './node.js';
export { addEngineObserver, type EngineObserver } from './observers.js';
// Every op module exports only its public functions: a new op needs no line here.
export * from './ops/adaptive-pool.js';
export * from './ops/conv.js';
export * from './ops/elementwise.js';
export * from './ops/flatten.js';
export * from './ops/linear.js';
export * from './ops/matmul.js';
export * from './ops/one-hot.js';
export * from './ops/pad.js';
export * from './ops/pool.js';
export * from './ops/reduce.js';
export * from './ops/shape-ops.js';
export { expand as broadcastTo } from './ops/shape-ops.js';
export * from './ops/softmax.js';
export {
  type Attrs,
  type BackwardContext,
  defineOp,
  getOp,
  hasOp,
  listOps,
  type OpDef,
  type OpFn,
  type OpSpec,
} from './registry.js';
export { createRng, getDefaultRng, manualSeed, type Rng } from './rng.js';
export type { Shape } from './shape.js';
export { broadcastShapes, describe, formatShape, sameShape, sizeOf } from './shape.js';
export { type GradHook, type HookHandle, Tensor, type TensorLike } from './tensor.js';

import { ArgumentError } from './errors.js';
import { describe } from './shape.js';
import { type Tensor as T, Tensor } from './tensor.js';
/** A tensor with the same data and no history (functional form of `t.detach()`). */
export function detach(t: T): T {
  if (!(t instanceof Tensor))
    throw new ArgumentError(`detach: expected a Tensor, got ${describe(t)}`);
  return t.detach();
}
export {
  AnomalyError,
  type AnomalyOptions,
  detectAnomaly,
  isAnomalyDetectionEnabled,
} from './anomaly.js';
export { DEFAULT_GRADIENT_RANGE, type GradientRange, gradientColor } from './export/colors.js';
export { type DotOptions, toDot } from './export/dot.js';
export {
  fromJSON,
  GRAPH_FORMAT,
  type GraphJSON,
  type GraphNodeJSON,
  type JsonNumber,
  type JsonValue,
  toJSON,
} from './export/json.js';
export { type MermaidOptions, toMermaid } from './export/mermaid.js';
export { type FormatGraphOptions, formatGraph } from './export/text.js';
export { zeroGrad } from './grad.js';
// graph inspection
export {
  type AttrValue,
  formatAttrs,
  GRAPH_VERSION,
  type Graph,
  type GraphEdge,
  type GraphNode,
  graphTensors,
  type LeafRole,
  retainAllGrads,
  type TraceOptions,
  traceGraph,
} from './graph.js';
export { type Summary, type SummaryRow, summary } from './summary.js';
