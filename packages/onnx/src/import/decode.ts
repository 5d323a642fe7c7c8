/**
 * Decodes ONNX bytes into a checked graph: the protobuf is parsed by the generated
 * `@bufbuild/protobuf` code, then everything the importer relies on is verified before any
 * tensor is built: IR and opset versions, value types and dimensions, that every node input is
 * produced by a graph input, an initializer or an earlier node, that nothing is produced twice,
 * and that the nodes form no cycle. Every failure is an `OnnxError` that says what was expected
 * and what the file holds.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { describe } from '@gradscope/core';
import { OnnxError } from '../errors.js';
import {
  type GraphProto,
  type ModelProto,
  ModelProtoSchema,
  type NodeProto,
  type ValueInfoProto,
} from '../proto/onnx_pb.js';
import { elementTypeName } from './tensor-proto.js';

/** Lowest and highest default-domain opsets `fromONNX` reads. */
export const IMPORT_OPSETS: {
  /** Lowest opset read. */
  readonly min: 13;
  /** Highest opset read. */
  readonly max: 21;
} = { min: 13, max: 21 };
/** Highest IR version `fromONNX` reads (ONNX 1.16, opset 21). */
export const MAX_IR_VERSION = 10;
/** Largest dimension a graph input may declare. */
const MAX_DIM = 2 ** 31 - 1;

/** A graph input or output: name, float element type and dimensions (null where symbolic). */
export interface ValueSpec {
  readonly name: string;
  readonly dtype: 'float32' | 'float64';
  readonly dims: ReadonlyArray<number | null> | null;
}

/** A decoded model whose graph passed every structural check, with its nodes in run order. */
export interface CheckedModel {
  readonly model: ModelProto;
  readonly graph: GraphProto;
  readonly opset: number;
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  /** Node indices in an order where every node comes after the nodes it reads from. */
  readonly order: readonly number[];
}

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

/** Parses `bytes` as an ONNX ModelProto (wrapping every protobuf error in an OnnxError). */
function parse(bytes: Uint8Array): ModelProto {
  try {
    return fromBinary(ModelProtoSchema, bytes, { readUnknownFields: false });
  } catch (e) {
    throw new OnnxError(
      `fromONNX: the bytes are not a valid ONNX model (protobuf decoding failed: ${(e as Error).message})`,
    );
  }
}

function valueSpec(v: ValueInfoProto, what: string): ValueSpec {
  if (v.name === '') throw new OnnxError(`fromONNX: a graph ${what} has no name`);
  const t = v.type?.value;
  if (t === undefined || t.case !== 'tensorType')
    throw new OnnxError(
      `fromONNX: graph ${what} '${v.name}' is not a tensor (only tensor ${what}s are supported)`,
    );
  const code = t.value.elemType;
  if (code !== 1 && code !== 11)
    throw new OnnxError(
      `fromONNX: graph ${what} '${v.name}' has element type ${elementTypeName(code)}; expected float or double`,
    );
  const dims =
    t.value.shape === undefined
      ? null
      : t.value.shape.dim.map((d) => {
          if (d.value.case !== 'dimValue') return null;
          const n = d.value.value;
          if (n < 0n || n > BigInt(MAX_DIM))
            throw new OnnxError(
              `fromONNX: graph ${what} '${v.name}' declares dimension ${n}; expected 0 to ${MAX_DIM}`,
            );
          return Number(n);
        });
  return { name: v.name, dtype: code === 11 ? 'float64' : 'float32', dims };
}

/** Orders the nodes so that each runs after its producers; refuses cycles and dangling inputs. */
function runOrder(graph: GraphProto, available: Set<string>): number[] {
  const producer = new Map<string, number>();
  graph.node.forEach((n, i) => {
    for (const o of n.output) {
      if (o === '') continue;
      if (available.has(o))
        throw new OnnxError(
          `fromONNX: node ${i} '${n.name}' (${n.opType}) writes '${o}', which is already a graph input or initializer`,
        );
      const other = producer.get(o);
      if (other !== undefined)
        throw new OnnxError(
          `fromONNX: the value '${o}' is produced twice: by node ${other} and by node ${i} '${n.name}' (${n.opType})`,
        );
      producer.set(o, i);
    }
  });
  const waiting = graph.node.map((n, i) => {
    const deps = new Set<number>();
    for (const x of n.input) {
      if (x === '' || available.has(x)) continue;
      const p = producer.get(x);
      if (p === undefined)
        throw new OnnxError(
          `fromONNX: input '${x}' of node ${i} '${n.name}' (${n.opType}) is not produced by any node, graph input or initializer`,
        );
      deps.add(p);
    }
    return deps;
  });
  const readers = graph.node.map(() => [] as number[]);
  waiting.forEach((deps, i) => {
    for (const d of deps) (readers[d] as number[]).push(i);
  });
  const ready = waiting.flatMap((d, i) => (d.size === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    const i = ready.shift() as number;
    order.push(i);
    for (const r of readers[i] as number[]) {
      const deps = waiting[r] as Set<number>;
      deps.delete(i);
      if (deps.size === 0) ready.push(r);
    }
  }
  if (order.length < graph.node.length) {
    const stuck = graph.node.flatMap((n, i) =>
      (waiting[i] as Set<number>).size > 0 ? [`${i} '${n.name}' (${n.opType})`] : [],
    );
    throw new OnnxError(
      `fromONNX: the graph has a cycle: nodes ${stuck.slice(0, 5).join(', ')}${stuck.length > 5 ? ', …' : ''} wait on each other`,
    );
  }
  return order;
}

/** Decodes and checks ONNX bytes. */
export function decodeModel(input: Uint8Array | ArrayBuffer): CheckedModel {
  const bytes = input instanceof ArrayBuffer ? new Uint8Array(input) : input;
  if (!(bytes instanceof Uint8Array))
    throw new OnnxError(
      `fromONNX: expected the model's bytes as a Uint8Array or ArrayBuffer, got ${describe(input)}`,
    );
  if (bytes.length === 0) throw new OnnxError('fromONNX: expected an ONNX model, got 0 bytes');
  const model = parse(bytes);
  const ir = Number(model.irVersion);
  if (ir < 3 || ir > MAX_IR_VERSION)
    throw new OnnxError(
      `fromONNX: IR version ${model.irVersion} is not supported; expected 3 to ${MAX_IR_VERSION}`,
    );
  const graph = model.graph;
  if (graph === undefined) throw new OnnxError('fromONNX: the model has no graph');
  const imports = model.opsetImport.filter((o) => DEFAULT_DOMAINS.has(o.domain));
  if (imports.length !== 1)
    throw new OnnxError(
      `fromONNX: expected one opset import of the default ONNX domain, got ${imports.length}`,
    );
  const opset = Number((imports[0] as { version: bigint }).version);
  if (opset < IMPORT_OPSETS.min || opset > IMPORT_OPSETS.max)
    throw new OnnxError(
      `fromONNX: opset ${opset} is not supported; expected ${IMPORT_OPSETS.min} to ${IMPORT_OPSETS.max} (re-export with, e.g., torch.onnx.export(..., opset_version=17))`,
    );
  if (graph.sparseInitializer.length > 0)
    throw new OnnxError('fromONNX: sparse initializers are not supported');
  const initializers = new Set<string>();
  for (const t of graph.initializer) {
    if (t.name === '') throw new OnnxError('fromONNX: an initializer has no name');
    if (initializers.has(t.name))
      throw new OnnxError(`fromONNX: two initializers are named '${t.name}'`);
    initializers.add(t.name);
  }
  // IR < 4 lists initializers among the graph inputs too: those are not inputs to feed.
  const inputs = graph.input
    .filter((v) => !initializers.has(v.name))
    .map((v) => valueSpec(v, 'input'));
  const available = new Set([...initializers, ...inputs.map((v) => v.name)]);
  if (available.size !== initializers.size + inputs.length)
    throw new OnnxError('fromONNX: two graph inputs have the same name');
  graph.node.forEach((n, i) => {
    checkNode(n, i, model);
  });
  const order = runOrder(graph, available);
  const produced = new Set(graph.node.flatMap((n) => n.output));
  const outputs = graph.output.map((v) => {
    if (!produced.has(v.name) && !available.has(v.name))
      throw new OnnxError(`fromONNX: graph output '${v.name}' is not produced by any node`);
    return valueSpec(v, 'output');
  });
  if (outputs.length === 0) throw new OnnxError('fromONNX: the graph has no outputs');
  return { model, graph, opset, inputs, outputs, order };
}

function checkNode(n: NodeProto, i: number, model: ModelProto): void {
  if (n.opType === '') throw new OnnxError(`fromONNX: node ${i} '${n.name}' has no op type`);
  if (!DEFAULT_DOMAINS.has(n.domain)) {
    const local = model.functions.some((f) => f.name === n.opType && f.domain === n.domain);
    throw new OnnxError(
      `fromONNX: node ${i} '${n.name}' is op '${n.opType}' of domain '${n.domain}'${local ? ' (a model-local function)' : ''}; only the default ONNX domain is supported`,
    );
  }
  if (n.output.length === 0)
    throw new OnnxError(`fromONNX: node ${i} '${n.name}' (${n.opType}) has no outputs`);
}
