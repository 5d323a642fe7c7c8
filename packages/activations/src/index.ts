/**
 * @gradscope/activations — the activation catalogue. Every activation is a core op registered
 * with `defineOp` (forward kernel + backward rule in differentiable ops) and an entry in the
 * activation registry with its metadata. Importing this module registers the catalogue.
 *
 * @packageDocumentation
 */

export { type ActivationAnalysis, type AnalyzeOptions, analyze } from './analyze.js';
export type { ForwardFn } from './derived.js';
export { celu, elu, SELU_ALPHA, SELU_LAMBDA, selu } from './elu.js';
export { type GeluOptions, gelu, normalCdf } from './gelu.js';
export { identity } from './identity.js';
export {
  type GaussianMoments,
  type MeanFieldOptions,
  type MeanFieldPrediction,
  type MomentsFn,
  meanFieldPrediction,
  type QuadratureRule,
  quadratureMoments,
} from './meanfield.js';
export {
  type ActivationMeta,
  type ActivationParam,
  type ActivationRange,
  type LearnableParameter,
  META_FIELDS,
  type Smoothness,
} from './meta.js';
export type { ActivationParams } from './params.js';
export {
  type GaussRule,
  gaussHermite,
  gaussLegendre,
  type NormalRule,
  normalRule,
  splitNormalRule,
} from './quadrature.js';
export {
  type Activation,
  type ActivationBackwardContext,
  type ActivationMetaInput,
  type ActivationSpec,
  getActivation,
  hasActivation,
  listActivations,
  registerActivation,
} from './registry.js';
export { leakyRelu, prelu, relu, relu6 } from './relu.js';
export { hardSigmoid, hardSigmoidTfjs, logSigmoid, sigmoid } from './sigmoid.js';
export { logSoftmax, softmax } from './softmax.js';
export { type SoftplusOptions, softplus } from './softplus.js';
export { erf, erfc } from './special.js';
export { type StepOptions, step } from './step.js';
export { hardSwish, mish, silu, swish } from './swish.js';
export { elliott, hardTanh, lisht, softsign, tanh } from './tanh.js';
