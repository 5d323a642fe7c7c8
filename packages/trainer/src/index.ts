/**
 * @gradscope/trainer — modules, initialisers, losses, optimisers, schedules, data, the fit loop,
 * gradient-flow monitors and safetensors checkpoints. Runs in browsers and Node; file helpers
 * live in `@gradscope/trainer/node`.
 *
 * @packageDocumentation
 */

export {
  randomShift,
  type ShiftFill,
  type ShiftOptions,
  shiftImages,
} from './data/augment.js';
export { Dataset, permutation, type SplitOptions, trainValidationSplit } from './data/dataset.js';
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  FASHION_MNIST_FILES,
  type FashionMnistArrays,
  type FashionMnistOptions,
  fashionMnistFromArrays,
} from './data/fashion-mnist.js';
export {
  decodeIdx,
  IDX_MAX_BYTES,
  type IdxArray,
  type IdxDType,
  IdxError,
  type IdxHeader,
  readIdxHeader,
} from './data/idx.js';
export type { ImageNormalization, ImageSplit, PixelStats } from './data/images.js';
export { iris, irisSplit } from './data/iris.js';
export { type Batch, DataLoader, type DataLoaderOptions } from './data/loader.js';
export { type MnistOptions, mnist } from './data/mnist.js';
export {
  checkerboard,
  circles,
  moons,
  noisySine,
  type SyntheticOptions,
  twoSpirals,
  xor,
} from './data/synthetic.js';
export * from './init.js';
export { initSigmaW2 } from './init-sigma.js';
export {
  type CheckpointParts,
  loadCheckpoint,
  modelFromJSON,
  modelToJSON,
  saveCheckpoint,
} from './io/checkpoint.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './io/model-checkpoint.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  MAX_HEADER_BYTES,
  type SafetensorsContents,
  SafetensorsError,
} from './io/safetensors.js';
export {
  binaryCrossEntropy,
  crossEntropy,
  getLoss,
  huber,
  type Labels,
  type LossFn,
  type LossOptions,
  mae,
  mse,
  nll,
  type Reduction,
} from './losses.js';
export { Activation, type ActivationFn, type ActivationOptions } from './modules/activation.js';
export {
  BatchNorm,
  BatchNorm1d,
  BatchNorm2d,
  type BatchNormOptions,
} from './modules/batch-norm.js';
export {
  Conv1d,
  type Conv1dLayerOptions,
  Conv2d,
  type Conv2dLayerOptions,
  type ConvGeometryOptions,
  type ConvInitOptions,
  ConvNd,
  type PaddingMode,
} from './modules/conv.js';
export { ConvTranspose2d, type ConvTranspose2dLayerOptions } from './modules/conv-transpose.js';
export { Dropout, Dropout2d, type DropoutOptions } from './modules/dropout.js';
export { Flatten } from './modules/flatten.js';
export { LayerNorm, type LayerNormOptions } from './modules/layer-norm.js';
export { Linear, type LinearOptions } from './modules/linear.js';
export { type MlpOptions, mlp } from './modules/mlp.js';
export {
  type ModelSummary,
  type ModelSummaryRow,
  modelSummary,
} from './modules/model-summary.js';
export {
  type ForwardHook,
  type LoadReport,
  type LoadStateDictOptions,
  Module,
  type StateDict,
  StateDictError,
} from './modules/module.js';
export { AdaptiveAvgPool2d, AvgPool2d, MaxPool2d, Pool2d } from './modules/pool.js';
export { Residual } from './modules/residual.js';
export { Sequential } from './modules/sequential.js';
export {
  DeadUnitMonitor,
  type DeadUnitOptions,
  type DeadUnitRecord,
} from './monitors/dead-units.js';
export type { WeightLayer } from './monitors/describe-model.js';
export {
  GradientFlowMonitor,
  type GradientFlowOptions,
  type GradientFlowRecord,
} from './monitors/gradient-flow.js';
export {
  SaturationMonitor,
  type SaturationOptions,
  type SaturationRecord,
} from './monitors/saturation.js';
export { Adagrad, type AdagradOptions } from './optim/adagrad.js';
export { Adam, type AdamOptions, AdamW } from './optim/adam.js';
export { clipGradNorm, clipGradValue } from './optim/clip.js';
export { Optimizer, type OptimizerState, type ParamState } from './optim/optimizer.js';
export {
  createOptimizer,
  listOptimizers,
  type OptimizerName,
  type OptimizerOptionsByName,
} from './optim/registry.js';
export { RMSProp, RMSProp as RMSprop, type RMSPropOptions } from './optim/rmsprop.js';
export {
  CosineAnnealingLR,
  ExponentialLR,
  LinearWarmup,
  LRSchedule,
  type PlateauOptions,
  ReduceLROnPlateau,
  StepLR,
} from './optim/schedules.js';
export { SGD, type SGDOptions } from './optim/sgd.js';
export {
  checkSharedMemory,
  type FactorySource,
  LocalPool,
  type MlpSource,
  type ModelSource,
  type PoolSetup,
  type ShardJob,
  type ShardOutput,
  type ShardPool,
  type ShardResult,
  sharedMemoryAvailable,
  WorkerError,
} from './parallel/pool.js';
export {
  type ParamLayout,
  paramLayout,
  reduceShards,
  type ShardBounds,
  shardBounds,
} from './parallel/shards.js';
export {
  type BatchInfo,
  type Callback,
  type EpochLogs,
  type FitContext,
  type History,
  readMonitored,
} from './train/callback.js';
export { EarlyStopping, type EarlyStoppingOptions } from './train/early-stopping.js';
export {
  evaluate,
  type FitOptions,
  fit,
  type ParallelFitOptions,
  predict,
} from './train/fit.js';
export {
  EpochLogger,
  formatEpoch,
  historyToCSV,
  historyToJSONLines,
  ProgressBar,
} from './train/logging.js';
export { accuracy, type Metric, resolveMetric } from './train/metrics.js';
