/**
 * @gradscope/onnx — export gradscope functions and modules to ONNX (`toONNX`), for ONNX Runtime,
 * Netron and other ONNX tools, and import ONNX models (`fromONNX`, e.g. from PyTorch) as
 * trainable gradscope modules.
 *
 * @packageDocumentation
 */
export { OnnxError } from './errors.js';
export {
  MAX_OPSET,
  MIN_OPSET,
  type OnnxFunction,
  type OnnxModule,
  supportedOps,
  type ToOnnxOptions,
  toONNX,
} from './export.js';
export { IMPORT_OPSETS, MAX_IR_VERSION } from './import/decode.js';
export { erf } from './import/erf.js';
export { type FromOnnxOptions, fromONNX, supportedOnnxOps } from './import/from-onnx.js';
export { OnnxBatchNorm } from './import/lift.js';
export { type OnnxInputSpec, OnnxModel, OnnxScope } from './import/model.js';
export {
  float,
  int,
  ints,
  type OnnxAttribute,
  type OnnxMapping,
  type OnnxMappingContext,
  registerOnnxMapping,
  str,
} from './mapping.js';
