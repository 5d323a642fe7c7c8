/**
 * `toONNX`: runs a function or module, records the ops it applies (record.ts) and writes them as an
 * ONNX ModelProto.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import { ArgumentError, describe, enableGrad, getOp, hasOp, Tensor } from '@gradscope/core';
import { GraphBuilder } from './builder.js';
import { OnnxError } from './errors.js';
import type { OnnxMapping, OnnxMappingContext } from './mapping.js';
import { userMapping } from './mapping.js';
import { activationMappings } from './ops-activations.js';
import { coreMappings, onnxDataType } from './ops-core.js';
import { nnMappings } from './ops-nn.js';
import { poolMappings } from './ops-pool.js';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  type ValueInfoProto,
  ValueInfoProtoSchema,
} from './proto/onnx_pb.js';
import { collectGraph, type RecordedNode, recordOps } from './record.js';

/** Lowest and highest ONNX opsets `toONNX` writes. */
export const MIN_OPSET = 13;
/** Highest ONNX opset `toONNX` writes (the default). */
export const MAX_OPSET = 21;

/** Options of {@link toONNX}. */
export interface ToOnnxOptions {
  /** ONNX opset of the default domain, 13 to 21 (default 21). */
  opset?: number;
  /** Names of the graph inputs (default `input`, or `input_0`, `input_1`, …). */
  inputNames?: readonly string[];
  /** Names of the graph outputs (default `output`, or `output_0`, `output_1`, …). */
  outputNames?: readonly string[];
  /** Write the first dimension of every input and output as the symbolic `batch` (default false). */
  dynamicBatch?: boolean;
  /** Name of the ONNX graph (default `gradscope`). */
  graphName?: string;
}

/** A module as `@gradscope/trainer` makes them: called on one tensor, with named parameters. */
export interface OnnxModule {
  /** Runs the forward (inside the module's scope). */
  call(x: Tensor): Tensor;
  /** `[dottedName, tensor]` for every parameter. */
  namedParameters(): Array<[string, Tensor]>;
  /** `[dottedName, tensor]` for every buffer (running statistics), if the module has any. */
  namedBuffers?(): Array<[string, Tensor]>;
}

/**
 * Metadata key under which `toONNX` lists, as a JSON array, the initializers that are module
 * buffers (not trained), so that `fromONNX` makes them buffers again.
 */
export const BUFFERS_METADATA_KEY = 'gradscope.buffers';

/** A function of tensors to export. */
export type OnnxFunction = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

const builtins: { readonly [op: string]: OnnxMapping } = {
  ...coreMappings,
  ...nnMappings,
  ...poolMappings,
  ...activationMappings,
};

/** Names of the gradscope ops that `toONNX` maps without a user mapping. */
export function supportedOps(): string[] {
  return Object.keys(builtins).sort();
}

/** IR version of an opset: the newest IR that ONNX released with (or before) that opset. */
function irVersionOf(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

function isModule(m: unknown): m is OnnxModule {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as OnnxModule).call === 'function' &&
    typeof (m as OnnxModule).namedParameters === 'function'
  );
}

function names(
  given: readonly string[] | undefined,
  n: number,
  base: string,
  what: string,
): string[] {
  if (given === undefined)
    return n === 1 ? [base] : Array.from({ length: n }, (_, i) => `${base}_${i}`);
  if (
    !Array.isArray(given) ||
    given.length !== n ||
    given.some((s) => typeof s !== 'string' || s === '')
  )
    throw new ArgumentError(
      `toONNX: expected ${what} to be ${n} non-empty strings, got ${describe(given)}`,
    );
  if (new Set(given).size !== n)
    throw new ArgumentError(`toONNX: ${what} must be distinct, got ${describe(given)}`);
  return [...given];
}

function valueInfo(
  name: string,
  dtype: string,
  shape: readonly number[],
  dynamicBatch: boolean,
): ValueInfoProto {
  const dim = shape.map((d, i) =>
    create(TensorShapeProto_DimensionSchema, {
      value:
        dynamicBatch && i === 0
          ? { case: 'dimParam', value: 'batch' }
          : { case: 'dimValue', value: BigInt(d) },
    }),
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: onnxDataType(dtype),
          shape: create(TensorShapeProtoSchema, { dim }),
        }),
      },
    }),
  });
}

function leafValues(t: Tensor): Float32Array | Float64Array | Int32Array {
  const d: unknown = t.data;
  if (d instanceof Float32Array || d instanceof Float64Array || d instanceof Int32Array) return d;
  throw new OnnxError(`toONNX: a constant of element type '${t.dtype}' has no ONNX mapping`);
}

function docOf(op: string): string {
  return hasOp(op) ? (getOp(op).doc ?? '') : '';
}

/**
 * Exports a function or a module (e.g. from `@gradscope/trainer`) as an ONNX model: runs it once
 * on `exampleInputs`, records every op it applies (ops without a gradient, such as comparisons
 * and `oneHot`, and ops under `noGrad` too), and writes a ModelProto (IR version 7 to 10, by
 * opset). Parameters and other constants become initializers (module parameters under
 * their dotted names such as `0.weight`), node names carry the scope path
 * (`Sequential/0:Linear/Gemm_1`), node doc strings the op's doc. With `dynamicBatch`, the first
 * dimension of inputs and outputs is the symbolic `batch`. Put modules with train-time behaviour
 * (dropout, batch norm) in eval mode first.
 *
 * Throws an {@link OnnxError} naming an op that has no ONNX mapping; supply one with
 * {@link registerOnnxMapping}.
 *
 * @example
 * const bytes = toONNX(model, [randn([1, 4])], { opset: 17, dynamicBatch: true });
 */
export function toONNX(
  model: OnnxModule | OnnxFunction,
  exampleInputs: Tensor | readonly Tensor[],
  options: ToOnnxOptions = {},
): Uint8Array {
  const opset = options.opset ?? MAX_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET)
    throw new OnnxError(
      `toONNX: opset must be an integer from ${MIN_OPSET} to ${MAX_OPSET}, got ${describe(opset)}`,
    );
  const examples = exampleInputs instanceof Tensor ? [exampleInputs] : exampleInputs;
  if (
    !Array.isArray(examples) ||
    examples.length === 0 ||
    examples.some((x) => !(x instanceof Tensor))
  )
    throw new ArgumentError(
      `toONNX: expected example inputs (a Tensor or an array of Tensors), got ${describe(exampleInputs)}`,
    );
  const dynamicBatch = options.dynamicBatch === true;
  const inputs = examples.map((x) => x.detach().setRequiresGrad(true));
  let paramNames = new Map<Tensor, string>();
  let bufferNames = new Map<Tensor, string>();
  const buffers: string[] = [];
  let run: () => Tensor | readonly Tensor[];
  if (isModule(model)) {
    if (inputs.length !== 1)
      throw new ArgumentError(
        `toONNX: a module takes one input, got ${inputs.length} example inputs`,
      );
    paramNames = new Map(model.namedParameters().map(([n, t]) => [t, n]));
    bufferNames = new Map(model.namedBuffers?.().map(([n, t]) => [t, n]) ?? []);
    run = () => model.call(inputs[0] as Tensor);
  } else if (typeof model === 'function') {
    run = () => model(...inputs);
  } else {
    throw new ArgumentError(`toONNX: expected a function or a module, got ${describe(model)}`);
  }
  const { result, producers } = recordOps(() => enableGrad(run));
  const outputs = result instanceof Tensor ? [result] : [...result];
  if (outputs.length === 0 || outputs.some((t) => !(t instanceof Tensor)))
    throw new ArgumentError(
      `toONNX: the model must return a Tensor or an array of Tensors, got ${describe(result)}`,
    );
  const inputNames = names(options.inputNames, inputs.length, 'input', 'inputNames');
  const outputNames = names(options.outputNames, outputs.length, 'output', 'outputNames');
  const named = new Set([...inputs, ...paramNames.keys(), ...bufferNames.keys()]);
  const graph = collectGraph(outputs, producers, named, inputs);

  const b = new GraphBuilder();
  for (const n of [...inputNames, ...outputNames]) b.reserve(n);
  const valueNames = new Map<number, string>();
  const scalars = new Map<string, string>();
  for (const node of graph.nodes) {
    const t = node.tensor;
    if (node.kind === 'leaf') {
      const k = inputs.indexOf(t);
      if (k >= 0) valueNames.set(node.id, inputNames[k] as string);
      else {
        const buffer = bufferNames.get(t);
        const name = paramNames.get(t) ?? buffer ?? t.name ?? `constant_${node.id}`;
        const written = b.initializer(name, node.shape, leafValues(t));
        if (buffer !== undefined) buffers.push(written);
        valueNames.set(node.id, written);
      }
      continue;
    }
    valueNames.set(
      node.id,
      emitOp(node, b, valueNames, graph.nodes, { opset, dynamicBatch, scalars }),
    );
  }
  outputs.forEach((_, j) => {
    b.rename(valueNames.get(graph.outputs[j] as number) as string, outputNames[j] as string);
  });

  const model_ = create(ModelProtoSchema, {
    irVersion: BigInt(irVersionOf(opset)),
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(opset) })],
    producerName: '@gradscope/onnx',
    metadataProps:
      buffers.length === 0
        ? []
        : [
            create(StringStringEntryProtoSchema, {
              key: BUFFERS_METADATA_KEY,
              value: JSON.stringify(buffers),
            }),
          ],
    graph: create(GraphProtoSchema, {
      name: options.graphName ?? 'gradscope',
      node: b.nodes,
      initializer: b.initializers,
      input: inputs.map((x, i) =>
        valueInfo(inputNames[i] as string, x.dtype, x.shape, dynamicBatch),
      ),
      output: outputs.map((y, j) =>
        valueInfo(outputNames[j] as string, y.dtype, y.shape, dynamicBatch && y.ndim > 0),
      ),
    }),
  });
  return toBinary(ModelProtoSchema, model_);
}

function emitOp(
  node: RecordedNode,
  b: GraphBuilder,
  valueNames: Map<number, string>,
  nodes: readonly RecordedNode[],
  o: { opset: number; dynamicBatch: boolean; scalars: Map<string, string> },
): string {
  const op = node.op as string;
  const mapping = userMapping(op) ?? builtins[op];
  const scope = node.scope.join('/');
  if (mapping === undefined)
    throw new OnnxError(
      `toONNX: op '${op}' (node ${node.id}${scope === '' ? '' : ` in ${scope}`}, output shape [${node.shape.join(', ')}]) has no ONNX mapping; supply one with registerOnnxMapping('${op}', ctx => ...), or use one of: ${supportedOps().join(', ')}`,
    );
  const where = { scope, doc: docOf(op) };
  const ctx: OnnxMappingContext = {
    opset: o.opset,
    op,
    inputs: node.inputs.map((i) => valueNames.get(i) as string),
    inputShapes: node.inputs.map((i) => (nodes[i] as RecordedNode).shape),
    shape: node.shape,
    dtype: node.dtype,
    attrs: node.attrs,
    dynamicBatch: o.dynamicBatch,
    node: (opType, ins, attrs = {}) => b.node(opType, ins, attrs, where),
    int64s: (values, dims) =>
      b.initializer(
        `${scope === '' ? '' : `${scope}/`}${op}_shape`,
        dims ?? [values.length],
        BigInt64Array.from(values, (v) => BigInt(v)),
      ),
    constant: (values, dims) => {
      const n = dims.reduce((a, d) => a * d, 1);
      if (values.length !== n)
        throw new OnnxError(
          `toONNX: the mapping of '${op}' made a constant of ${values.length} values for dims [${dims.join(', ')}]`,
        );
      const arr = node.dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
      return b.initializer(`${scope === '' ? '' : `${scope}/`}${op}_constant`, dims, arr);
    },
    scalar: (value) => {
      const dtype = node.dtype === 'float64' ? 'float64' : 'float32';
      const key = `${dtype}:${Object.is(value, -0) ? '-0' : String(value)}`;
      const known = o.scalars.get(key);
      if (known !== undefined) return known;
      const arr = dtype === 'float64' ? Float64Array.of(value) : Float32Array.of(value);
      const name = b.initializer(`scalar_${String(value)}`, [], arr);
      o.scalars.set(key, name);
      return name;
    },
  };
  return mapping(ctx);
}
