/**
 * The versioned JSON form of a {@link Graph} (schema: `packages/core/GRAPH_SCHEMA.md`).
 *
 * ```text
 * {
 *   "format": "gradscope.graph",   // constant, identifies the document
 *   "version": 1,                  // schema version; fromJSON reads version 1
 *   "outputs": [14],               // ids of the traced outputs
 *   "nodes": [                     // topological order: node i has id i, inputs < i
 *     { "id": 0, "kind": "leaf" | "op", "op": "matmul" | null, "name": "W1" | null,
 *       "attrs": { ... }, "inputs": [ids], "shape": [5, 3], "dtype": "float32" | "float64",
 *       "scope": ["layer1"], "role": "parameter" | "input" | "constant" | null,
 *       "requiresGrad": true, "macs": 60,
 *       "value": 0.5,                 // optional: one-element constants
 *       "gradNorm": 0.4021 }          // optional: L2 norm of the gradient
 *   ],
 *   "edges": [ { "from": 0, "to": 2, "index": 0 } ]   // input `index` of node `to`
 * }
 * ```
 *
 * JSON has no NaN or Infinity: `value` and `gradNorm` write them as the strings `"NaN"`,
 * `"Infinity"` and `"-Infinity"`, and a non-finite number inside `attrs` is written as
 * `{ "$number": "Infinity" }`. {@link fromJSON} turns both back into numbers.
 */
import { DTYPES } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import {
  type AttrValue,
  assertGraph,
  GRAPH_VERSION,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type LeafRole,
} from '../graph.js';
import { describe } from '../shape.js';

/** The `format` field of every graph JSON document. */
export const GRAPH_FORMAT = 'gradscope.graph';

/** A JSON value. */
export type JsonValue =
  | number
  | string
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A number as written to JSON: itself, or `"NaN"`, `"Infinity"`, `"-Infinity"`. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One node in the JSON document (see the module comment for the meaning of each field). */
export interface GraphNodeJSON {
  /** Position of the node in `nodes` (0-based); inputs always have smaller ids. */
  id: number;
  /** `'op'` for a tensor made by a recorded op, `'leaf'` otherwise. */
  kind: 'op' | 'leaf';
  /** Registry name of the op (e.g. `'matmul'`); null for leaves. */
  op: string | null;
  /** User label (`t.named('W1')`), or null. */
  name: string | null;
  /** Op attributes (`{}` for leaves); non-finite numbers as `{ "$number": "Infinity" }` etc. */
  attrs: { [key: string]: JsonValue };
  /** Ids of the op's inputs, in argument order (empty for leaves). */
  inputs: number[];
  /** Shape of the tensor (non-negative integers; `[]` for a scalar). */
  shape: number[];
  /** Element type: `'float32'` or `'float64'`. */
  dtype: GraphNode['dtype'];
  /** Scope path, outermost first (`[]` at the root). */
  scope: string[];
  /** For leaves `'parameter'`, `'input'` or `'constant'`; null for op nodes. */
  role: LeafRole | null;
  /** Whether gradients flow to this tensor. */
  requiresGrad: boolean;
  /** Estimated multiply–accumulates of the op (0 for leaves); see `GraphNode.macs`. */
  macs: number;
  /** Present for one-element constants: the value (a string such as `"NaN"` if not finite). */
  value?: JsonNumber;
  /** Present when the tensor had a `.grad` at trace time: its L2 norm (non-finite as a string). */
  gradNorm?: JsonNumber;
}

/** The JSON document written by {@link toJSON}. */
export interface GraphJSON {
  /** Always {@link GRAPH_FORMAT} (`'gradscope.graph'`): identifies the document. */
  format: typeof GRAPH_FORMAT;
  /** Schema version (`GRAPH_VERSION`, currently 1); {@link fromJSON} rejects any other. */
  version: number;
  /** Ids of the traced output tensors. */
  outputs: number[];
  /** Every node, in topological order (node i has id i, its inputs have ids < i). */
  nodes: GraphNodeJSON[];
  /** One edge per node input: `from` is input number `index` of node `to`. */
  edges: Array<{
    /** Id of the input node. */
    from: number;
    /** Id of the op node that reads it. */
    to: number;
    /** Position of `from` among the inputs of `to` (0-based). */
    index: number;
  }>;
}

/** Converts a graph to its JSON document (safe for `JSON.stringify`; see the schema above). */
export function toJSON(graph: Graph): GraphJSON {
  assertGraph(graph, 'toJSON');
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    outputs: [...graph.outputs],
    nodes: graph.nodes.map((n) => {
      const o: GraphNodeJSON = {
        id: n.id,
        kind: n.kind,
        op: n.op,
        name: n.name,
        attrs: encodeAttrs(n.attrs),
        inputs: [...n.inputs],
        shape: [...n.shape],
        dtype: n.dtype,
        scope: [...n.scope],
        role: n.role,
        requiresGrad: n.requiresGrad,
        macs: n.macs,
      };
      if (n.value !== undefined) o.value = encodeNumber(n.value);
      if (n.gradNorm !== undefined) o.gradNorm = encodeNumber(n.gradNorm);
      return o;
    }),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, index: e.index })),
  };
}

/**
 * Reads a graph JSON document (an object, or its JSON text) back into a {@link Graph},
 * checking the format, the version and every field; an {@link ArgumentError} names the
 * offending path, e.g. `fromJSON: nodes[3].shape[1]: expected a non-negative integer, got -1`.
 */
export function fromJSON(json: unknown): Graph {
  let doc = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      throw new ArgumentError(`fromJSON: the text is not valid JSON (${(e as Error).message})`);
    }
  }
  const root = obj(doc, '(document)');
  if (root.format !== GRAPH_FORMAT) {
    throw new ArgumentError(
      `fromJSON: format: expected '${GRAPH_FORMAT}', got ${describe(root.format)}; is this a gradscope graph?`,
    );
  }
  if (root.version !== GRAPH_VERSION) {
    throw new ArgumentError(
      `fromJSON: version: this gradscope reads graph version ${GRAPH_VERSION}, got ${describe(root.version)}`,
    );
  }
  const rawNodes = arr(root.nodes, 'nodes');
  const nodes: GraphNode[] = rawNodes.map((raw, i) => readNode(raw, i));
  const count = nodes.length;
  const outputs = arr(root.outputs, 'outputs').map((v, i) => id(v, `outputs[${i}]`, count));
  const edges: GraphEdge[] = arr(root.edges, 'edges').map((raw, i) => {
    const p = `edges[${i}]`;
    const e = obj(raw, p);
    const edge = {
      from: id(e.from, `${p}.from`, count),
      to: id(e.to, `${p}.to`, count),
      index: nat(e.index, `${p}.index`),
    };
    const target = nodes[edge.to] as GraphNode;
    if (target.inputs[edge.index] !== edge.from) {
      throw new ArgumentError(
        `fromJSON: ${p}: says node ${edge.from} is input ${edge.index} of node ${edge.to}, but that node's inputs are [${target.inputs.join(',')}]`,
      );
    }
    return edge;
  });
  const expected = nodes.reduce((s, n) => s + n.inputs.length, 0);
  if (edges.length !== expected) {
    throw new ArgumentError(
      `fromJSON: edges: expected one edge per node input (${expected}), got ${edges.length}`,
    );
  }
  return { version: GRAPH_VERSION, nodes, edges, outputs };
}

function readNode(raw: unknown, i: number): GraphNode {
  const p = `nodes[${i}]`;
  const n = obj(raw, p);
  if (n.id !== i)
    throw new ArgumentError(
      `fromJSON: ${p}.id: expected ${i} (ids are positions), got ${describe(n.id)}`,
    );
  if (n.kind !== 'op' && n.kind !== 'leaf')
    throw new ArgumentError(
      `fromJSON: ${p}.kind: expected 'op' or 'leaf', got ${describe(n.kind)}`,
    );
  const isOp = n.kind === 'op';
  if (isOp ? typeof n.op !== 'string' || n.op.length === 0 : n.op !== null) {
    throw new ArgumentError(
      `fromJSON: ${p}.op: expected ${isOp ? 'an op name' : 'null for a leaf'}, got ${describe(n.op)}`,
    );
  }
  if (n.name !== null && typeof n.name !== 'string')
    throw new ArgumentError(
      `fromJSON: ${p}.name: expected a string or null, got ${describe(n.name)}`,
    );
  const inputs = arr(n.inputs, `${p}.inputs`).map((v, k) => {
    const x = nat(v, `${p}.inputs[${k}]`);
    if (x >= i) {
      throw new ArgumentError(
        `fromJSON: ${p}.inputs[${k}]: expected the id of an earlier node (< ${i}), got ${x}`,
      );
    }
    return x;
  });
  if (!isOp && inputs.length > 0)
    throw new ArgumentError(
      `fromJSON: ${p}.inputs: a leaf has no inputs, got [${inputs.join(',')}]`,
    );
  const shape = arr(n.shape, `${p}.shape`).map((v, k) => nat(v, `${p}.shape[${k}]`));
  if (typeof n.dtype !== 'string' || !(DTYPES as readonly string[]).includes(n.dtype)) {
    throw new ArgumentError(
      `fromJSON: ${p}.dtype: expected one of ${DTYPES.join(', ')}, got ${describe(n.dtype)}`,
    );
  }
  const scope = arr(n.scope, `${p}.scope`).map((v, k) => {
    if (typeof v !== 'string' || v.length === 0)
      throw new ArgumentError(
        `fromJSON: ${p}.scope[${k}]: expected a non-empty string, got ${describe(v)}`,
      );
    return v;
  });
  const roles = ['parameter', 'input', 'constant'];
  if (isOp ? n.role !== null : typeof n.role !== 'string' || !roles.includes(n.role)) {
    throw new ArgumentError(
      `fromJSON: ${p}.role: expected ${isOp ? 'null for an op node' : "'parameter', 'input' or 'constant'"}, got ${describe(n.role)}`,
    );
  }
  if (typeof n.requiresGrad !== 'boolean')
    throw new ArgumentError(
      `fromJSON: ${p}.requiresGrad: expected a boolean, got ${describe(n.requiresGrad)}`,
    );
  if (typeof n.macs !== 'number' || !Number.isFinite(n.macs) || n.macs < 0)
    throw new ArgumentError(
      `fromJSON: ${p}.macs: expected a non-negative number, got ${describe(n.macs)}`,
    );
  const node: GraphNode = {
    id: i,
    kind: n.kind,
    op: n.op as string | null,
    name: n.name as string | null,
    attrs: decodeAttrs(obj(n.attrs, `${p}.attrs`), `${p}.attrs`),
    inputs,
    shape,
    dtype: n.dtype as GraphNode['dtype'],
    scope,
    role: n.role as LeafRole | null,
    requiresGrad: n.requiresGrad,
    macs: n.macs,
    ...(n.value === undefined ? {} : { value: decodeNumber(n.value, `${p}.value`) }),
    ...(n.gradNorm === undefined ? {} : { gradNorm: decodeNumber(n.gradNorm, `${p}.gradNorm`) }),
  };
  return node;
}

function encodeNumber(v: number): JsonNumber {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

function decodeNumber(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new ArgumentError(
    `fromJSON: ${path}: expected a number or 'NaN' / 'Infinity' / '-Infinity', got ${describe(v)}`,
  );
}

function encodeAttrs(a: { readonly [key: string]: AttrValue }): { [key: string]: JsonValue } {
  const o: { [key: string]: JsonValue } = {};
  for (const k of Object.keys(a)) o[k] = encodeAttr(a[k] as AttrValue);
  return o;
}

function encodeAttr(v: AttrValue): JsonValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: encodeNumber(v) };
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return (v as readonly AttrValue[]).map(encodeAttr);
  return encodeAttrs(v as { readonly [key: string]: AttrValue });
}

function decodeAttrs(a: Record<string, unknown>, path: string): { [key: string]: AttrValue } {
  const o: { [key: string]: AttrValue } = {};
  for (const k of Object.keys(a)) o[k] = decodeAttr(a[k], `${path}.${k}`);
  return o;
}

function decodeAttr(v: unknown, path: string): AttrValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v))
      throw new ArgumentError(`fromJSON: ${path}: expected a JSON number, got ${v}`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => decodeAttr(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$number')
      return decodeNumber((v as { $number: unknown }).$number, `${path}.$number`);
    return decodeAttrs(v as Record<string, unknown>, path);
  }
  throw new ArgumentError(`fromJSON: ${path}: expected JSON data, got ${describe(v)}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new ArgumentError(`fromJSON: ${path}: expected an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v))
    throw new ArgumentError(`fromJSON: ${path}: expected an array, got ${describe(v)}`);
  return v;
}

function nat(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new ArgumentError(
      `fromJSON: ${path}: expected a non-negative integer, got ${describe(v)}`,
    );
  return v;
}

function id(v: unknown, path: string, count: number): number {
  const x = nat(v, path);
  if (x >= count)
    throw new ArgumentError(
      `fromJSON: ${path}: no node has id ${x} (the graph has ${count} nodes)`,
    );
  return x;
}
