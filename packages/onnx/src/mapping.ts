/**
 * How one gradscope op becomes ONNX nodes: an {@link OnnxMapping} receives the op's ONNX input
 * names, shapes and attributes in an {@link OnnxMappingContext}, emits nodes through it and
 * returns the name of the value that holds the op's result.
 */
import { ArgumentError, type AttrValue, type DType, describe } from '@gradscope/core';

/** An ONNX attribute value, tagged with its ONNX type (make them with {@link int}, {@link float}, {@link ints}, {@link str}). */
export interface OnnxAttribute {
  /** The ONNX attribute type. */
  readonly type: 'int' | 'float' | 'string' | 'ints' | 'floats';
  /** A number (`int`, `float`), a string (`string`) or a list of numbers (`ints`, `floats`). */
  readonly value: number | string | readonly number[];
}

/** An ONNX integer attribute. */
export const int = (value: number): OnnxAttribute => ({ type: 'int', value });
/** An ONNX float attribute. */
export const float = (value: number): OnnxAttribute => ({ type: 'float', value });
/** An ONNX string attribute. */
export const str = (value: string): OnnxAttribute => ({ type: 'string', value });
/** An ONNX list-of-integers attribute. */
export const ints = (value: readonly number[]): OnnxAttribute => ({ type: 'ints', value });

/** What a mapping sees of one recorded op, and how it emits ONNX nodes. */
export interface OnnxMappingContext {
  /** The ONNX opset being written (13–21). */
  readonly opset: number;
  /** Registry name of the gradscope op. */
  readonly op: string;
  /** ONNX value names of the op's inputs, in argument order. */
  readonly inputs: readonly string[];
  /** Shapes of the op's inputs (as traced). */
  readonly inputShapes: ReadonlyArray<readonly number[]>;
  /** Shape of the op's output (as traced). */
  readonly shape: readonly number[];
  /** Element type of the op's output. */
  readonly dtype: DType;
  /** The op's recorded attributes (as in `traceGraph`). */
  readonly attrs: { readonly [key: string]: AttrValue };
  /** True when the first dimension of the model's inputs is symbolic (`dynamicBatch`). */
  readonly dynamicBatch: boolean;
  /** Emits one ONNX node with a single output and returns the output's name. */
  node(
    opType: string,
    inputs: readonly string[],
    attrs?: { readonly [name: string]: OnnxAttribute },
  ): string;
  /** A constant int64 tensor (1-d unless `dims` says otherwise); returns its name. */
  int64s(values: readonly number[], dims?: readonly number[]): string;
  /** A constant scalar in the op's element type; returns its name. */
  scalar(value: number): string;
  /** A constant tensor of `dims` (row-major `values`) in the op's element type; returns its name. */
  constant(values: readonly number[], dims: readonly number[]): string;
}

/** Turns one recorded gradscope op into ONNX nodes; returns the name of the result. */
export type OnnxMapping = (ctx: OnnxMappingContext) => string;

const userMappings = new Map<string, OnnxMapping>();

/**
 * Supplies the ONNX mapping of a gradscope op (for example a user-registered op), used by
 * `toONNX` in preference to a built-in one. Returns a function that removes it again.
 *
 * @example
 * registerOnnxMapping('cube', (ctx) => {
 *   const x = ctx.inputs[0] as string;
 *   return ctx.node('Mul', [ctx.node('Mul', [x, x]), x]);
 * });
 */
export function registerOnnxMapping(op: string, mapping: OnnxMapping): () => void {
  if (typeof op !== 'string' || op === '')
    throw new ArgumentError(`registerOnnxMapping: expected an op name, got ${describe(op)}`);
  if (typeof mapping !== 'function')
    throw new ArgumentError(
      `registerOnnxMapping('${op}'): expected a mapping function, got ${describe(mapping)}`,
    );
  userMappings.set(op, mapping);
  return () => {
    if (userMappings.get(op) === mapping) userMappings.delete(op);
  };
}

/** The user-supplied mapping of `op`, if any. */
export function userMapping(op: string): OnnxMapping | undefined {
  return userMappings.get(op);
}
