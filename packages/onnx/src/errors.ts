import { GradscopeError } from '@gradscope/core';

/**
 * Thrown by `@gradscope/onnx` when a graph cannot be written as ONNX: an op with no ONNX mapping
 * (the message names it and says how to supply one), an opset outside 13–21, or attributes the
 * mapping cannot express.
 */
export class OnnxError extends GradscopeError {
  static override readonly typeName: string = 'OnnxError';
}
