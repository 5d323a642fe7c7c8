/**
 * @gradscope/onnx — export gradscope functions and modules to ONNX (`toONNX`), for ONNX Runtime,
 * Netron and other ONNX tools.
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
