/**
 * What the ONNX specification (docs/Operators.md, the default `ai.onnx` domain) says about the op
 * types toONNX writes, and a check of an exported ModelProto against it and against the
 * structure every ONNX tool (Netron, the ONNX checker, ONNX Runtime) expects: the IR version of
 * the opset (at most 10, which Netron reads), the opset import, every node's op type present at
 * that opset, `axes` in the form the opset wants, and a graph in topological order whose every
 * value is defined once.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { expect } from 'vitest';
import { type ModelProto, ModelProtoSchema } from '../src/proto/onnx_pb.js';

/** The opset in which each op type toONNX writes entered the default domain. */
export const ONNX_OP_SINCE: Readonly<Record<string, number>> = {
  Abs: 1,
  Add: 1,
  AveragePool: 1,
  Cast: 1,
  Celu: 12,
  Clip: 1,
  Concat: 1,
  Conv: 1,
  ConvTranspose: 1,
  Div: 1,
  Elu: 1,
  Equal: 1,
  Erf: 9,
  Exp: 1,
  Expand: 8,
  GatherElements: 11,
  Gelu: 20,
  Gemm: 1,
  GlobalAveragePool: 1,
  Greater: 1,
  GreaterOrEqual: 12,
  HardSigmoid: 1,
  HardSwish: 14,
  Identity: 1,
  LeakyRelu: 1,
  Less: 1,
  LessOrEqual: 12,
  Log: 1,
  LogSoftmax: 1,
  MatMul: 1,
  Max: 1,
  MaxPool: 1,
  Min: 1,
  Mish: 18,
  Mul: 1,
  Neg: 1,
  Not: 1,
  OneHot: 9,
  Pad: 1,
  Pow: 1,
  PRelu: 1,
  ReduceLogSumExp: 1,
  ReduceMax: 1,
  ReduceMean: 1,
  ReduceMin: 1,
  ReduceSum: 1,
  Relu: 1,
  Reshape: 1,
  Selu: 1,
  Sigmoid: 1,
  Sign: 9,
  Slice: 1,
  Softmax: 1,
  Softplus: 1,
  Softsign: 1,
  Sqrt: 1,
  Squeeze: 1,
  Sub: 1,
  Tanh: 1,
  Transpose: 1,
  Unsqueeze: 1,
  Where: 9,
};

/** Ops whose `axes` moved from an attribute to an input, and the opset where that happened. */
export const AXES_INPUT_SINCE: Readonly<Record<string, number>> = {
  ReduceSum: 13,
  Squeeze: 13,
  Unsqueeze: 13,
  ReduceMean: 18,
  ReduceMax: 18,
  ReduceMin: 18,
  ReduceLogSumExp: 18,
};

/** The IR version ONNX released with each opset toONNX writes (onnx/helper.py VERSION_TABLE). */
export function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

const ELEMENT_BYTES: Readonly<Record<number, number>> = { 1: 4, 6: 4, 7: 8, 9: 1, 11: 8 };

/**
 * Decodes `bytes` and checks it against the spec at `opset` (see the file comment); returns the
 * model for further checks.
 */
export function checkModel(bytes: Uint8Array, opset: number): ModelProto {
  const m = fromBinary(ModelProtoSchema, bytes);
  expect(Number(m.irVersion)).toBe(irVersionFor(opset));
  expect(Number(m.irVersion)).toBeLessThanOrEqual(10);
  expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', opset]]);
  const g = m.graph;
  if (g === undefined) throw new Error('the model has no graph');
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    expect(name, `${what} has a name`).not.toBe('');
    expect(defined.has(name), `'${name}' (${what}) is defined once`).toBe(false);
    defined.add(name);
  };
  for (const v of g.input) define(v.name, 'graph input');
  for (const t of g.initializer) {
    define(t.name, 'initializer');
    const count = t.dims.reduce((a, d) => a * Number(d), 1);
    expect(t.rawData.length, `initializer '${t.name}' size`).toBe(
      count * (ELEMENT_BYTES[t.dataType] ?? Number.NaN),
    );
  }
  const nodeNames = new Set<string>();
  for (const n of g.node) {
    const where = `node '${n.name}' (${n.opType})`;
    expect(n.domain, where).toBe('');
    expect(nodeNames.has(n.name), `${where} has a unique name`).toBe(false);
    nodeNames.add(n.name);
    const since = ONNX_OP_SINCE[n.opType];
    expect(since, `${where}: op type in the spec table`).toBeDefined();
    expect(since as number, `${where}: exists at opset ${opset}`).toBeLessThanOrEqual(opset);
    const axesSince = AXES_INPUT_SINCE[n.opType];
    if (axesSince !== undefined) {
      const hasAttr = n.attribute.some((a) => a.name === 'axes');
      expect(hasAttr, `${where}: axes as an attribute`).toBe(opset < axesSince);
      if (opset < axesSince) expect(n.input.length, `${where}: inputs`).toBe(1);
    }
    for (const i of n.input)
      if (i !== '') expect(defined.has(i), `${where}: input '${i}' defined before`).toBe(true);
    for (const o of n.output) define(o, where);
  }
  for (const v of g.output) expect(defined.has(v.name), `output '${v.name}' produced`).toBe(true);
  return m;
}

/** The op types of a model's nodes. */
export function opTypes(m: ModelProto): Set<string> {
  return new Set((m.graph?.node ?? []).map((n) => n.opType));
}
