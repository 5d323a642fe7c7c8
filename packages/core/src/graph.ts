/**
 * Graph inspection: {@link traceGraph} walks the engine's own {@link Node} records back from an
 * output and returns a {@link Graph}, a plain-data value (no tensors inside) that the exporters
 * (`toDot`, `toMermaid`, `toJSON`, `formatGraph`, `summary`) read. No op is special-cased:
 * a user-defined op appears with its registry name and attributes like any core op.
 */
import type { DType } from './dtype.js';
import { ArgumentError, GraphError } from './errors.js';
import type { Attrs, OpDef } from './registry.js';
import { describe, formatShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** Version of the {@link Graph} layout (and of the JSON schema in `GRAPH_SCHEMA.md`). */
export const GRAPH_VERSION = 1;

/** An attribute value as recorded in a graph: plain, JSON-like data. */
export type AttrValue =
  | number
  | string
  | boolean
  | null
  | readonly AttrValue[]
  | { readonly [key: string]: AttrValue };

/** What a leaf is for: trained (`parameter`), fed in (`input`), or a literal (`constant`). */
export type LeafRole = 'parameter' | 'input' | 'constant';

/** One tensor of the graph: the output of a recorded op (`kind: 'op'`) or a leaf. */
export interface GraphNode {
  /** Index of this node in {@link Graph.nodes}; inputs always have smaller ids. */
  readonly id: number;
  /** `'op'` for a tensor made by a recorded op, `'leaf'` otherwise. */
  readonly kind: 'op' | 'leaf';
  /** Registry name of the op (e.g. `'matmul'` or a user op's name); null for leaves. */
  readonly op: string | null;
  /** Attributes the op was applied with (empty for leaves). */
  readonly attrs: { readonly [key: string]: AttrValue };
  /** Ids of the op's inputs, in argument order (empty for leaves). */
  readonly inputs: readonly number[];
  /** Shape of the tensor. */
  readonly shape: readonly number[];
  /** Element type of the tensor. */
  readonly dtype: DType;
  /** User label (`t.named('W1')` or `tensor(..., { name })`), or null. */
  readonly name: string | null;
  /**
   * Scope path, outermost first. For op nodes, the scopes active when the op ran. Parameters
   * and constants take the deepest scope shared by every op that reads them (so `W1` is drawn
   * inside `layer1`); inputs stay at the root.
   */
  readonly scope: readonly string[];
  /** For leaves: see {@link LeafRole}; null for op nodes. */
  readonly role: LeafRole | null;
  /** Whether gradients flow to this tensor. */
  readonly requiresGrad: boolean;
  /**
   * Estimated multiply–accumulates of the op: the op's own `macs` rule when it has one
   * (matmul: output size × inner dimension), else one per element of the largest of its
   * inputs and output. 0 for leaves.
   */
  readonly macs: number;
  /** For one-element constants: the value (so `x * 0.5` shows the 0.5). */
  readonly value?: number;
  /** L2 norm of the tensor's `.grad`, when it had one at trace time (may be NaN or Infinity). */
  readonly gradNorm?: number;
}

/** A data-flow edge: `from` is input number `index` of `to`. */
export interface GraphEdge {
  /** Id of the input node. */
  readonly from: number;
  /** Id of the op node that reads it. */
  readonly to: number;
  /** Position of `from` among the inputs of `to` (0-based argument order). */
  readonly index: number;
}

/** A traced computation graph: nodes in topological order (inputs first), edges, outputs. */
export interface Graph {
  /** Always {@link GRAPH_VERSION} for graphs made by this version of gradscope. */
  readonly version: number;
  /** Every tensor of the graph in topological order; `nodes[i].id === i`. */
  readonly nodes: readonly GraphNode[];
  /** One edge per op input (so `edges.length` is the sum of the nodes' `inputs.length`). */
  readonly edges: readonly GraphEdge[];
  /** Ids of the traced output tensors. */
  readonly outputs: readonly number[];
}

/** Options of {@link traceGraph}. */
export interface TraceOptions {
  /**
   * Record `gradNorm` for every tensor that has a `.grad` (default true): leaves after
   * `backward()`, and non-leaves that kept theirs through `retainGrad()` or
   * {@link retainAllGrads}.
   */
  gradients?: boolean;
}

/**
 * Walks the recorded graph behind `output` (a tensor or several) and returns it as plain data.
 * Node ids are assigned in a deterministic topological order (depth-first from the first
 * output, inputs in argument order), independent of global tensor ids.
 *
 * Backward releases the graph; tracing a released graph throws a {@link GraphError} that says
 * so. To trace with gradient norms on every node:
 *
 * @example
 * const loss = model(x);
 * retainAllGrads(loss);
 * loss.backward(undefined, { retainGraph: true });
 * const g = traceGraph(loss); // every node carries gradNorm
 */
export function traceGraph(output: Tensor | readonly Tensor[], options: TraceOptions = {}): Graph {
  const roots = Array.isArray(output) ? (output as readonly Tensor[]) : [output as Tensor];
  if (roots.length === 0) throw new ArgumentError('traceGraph: expected at least one tensor');
  roots.forEach((r, i) => {
    if (!(r instanceof Tensor)) {
      throw new ArgumentError(
        `traceGraph: expected a Tensor${Array.isArray(output) ? ` at position ${i}` : ''}, got ${describe(r)}`,
      );
    }
  });
  const withGrads = options.gradients !== false;
  const order = topoTensors(roots, 'traceGraph');
  const ids = new Map<Tensor, number>();
  order.forEach((t, i) => {
    ids.set(t, i);
  });

  // Consumers' scopes, for placing parameters and constants.
  const consumerScopes = new Map<Tensor, Array<readonly string[]>>();
  for (const t of order) {
    const n = t.node;
    if (n === null) continue;
    for (const inp of n.inputs as readonly Tensor[]) {
      const list = consumerScopes.get(inp);
      if (list === undefined) consumerScopes.set(inp, [n.scope]);
      else list.push(n.scope);
    }
  }

  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const t of order) {
    const id = ids.get(t) as number;
    const n = t.node;
    const grad = withGrads ? gradNormOf(t) : undefined;
    const gradPart = grad === undefined ? {} : { gradNorm: grad };
    if (n !== null) {
      const ins = n.inputs as readonly Tensor[];
      const inputIds = ins.map((x) => ids.get(x) as number);
      inputIds.forEach((from, index) => {
        edges.push({ from, to: id, index });
      });
      nodes.push({
        id,
        kind: 'op',
        op: n.op.name,
        name: t.name ?? null,
        attrs: toAttrs(n.attrs),
        inputs: inputIds,
        shape: [...t.shape],
        dtype: t.dtype,
        scope: [...n.scope],
        role: null,
        requiresGrad: t.requiresGrad,
        macs: macsOf(n.op.macs, ins, t, n.attrs, n.op.name),
        ...gradPart,
      });
    } else {
      const role = roleOf(t);
      const scopes = consumerScopes.get(t) ?? [];
      nodes.push({
        id,
        kind: 'leaf',
        op: null,
        name: t.name ?? null,
        attrs: {},
        inputs: [],
        shape: [...t.shape],
        dtype: t.dtype,
        scope: role === 'input' ? [] : commonPrefix(scopes),
        role,
        requiresGrad: t.requiresGrad,
        macs: 0,
        ...(role === 'constant' && t.size === 1 ? { value: t.data[0] as number } : {}),
        ...gradPart,
      });
    }
  }
  return {
    version: GRAPH_VERSION,
    nodes,
    edges,
    outputs: roots.map((r) => ids.get(r) as number),
  };
}

/**
 * Calls `retainGrad()` on every non-leaf tensor that requires grad in the graph behind
 * `output`, so that after `backward()` each of them keeps its gradient in `.grad` (and
 * {@link traceGraph} can report a gradient norm per node). Returns `output`.
 */
export function retainAllGrads<T extends Tensor | readonly Tensor[]>(output: T): T {
  const roots = Array.isArray(output) ? (output as readonly Tensor[]) : [output as Tensor];
  for (const r of roots) {
    if (!(r instanceof Tensor))
      throw new ArgumentError(`retainAllGrads: expected a Tensor, got ${describe(r)}`);
  }
  for (const t of topoTensors(roots, 'retainAllGrads'))
    if (t.node !== null && t.requiresGrad) t.retainGrad();
  return output;
}

/**
 * The tensors of `traceGraph(output)`'s nodes, by node id: `graphTensors(y)[n.id]` is the tensor
 * behind node `n` (exporters read leaf values and shapes from them).
 */
export function graphTensors(output: Tensor | readonly Tensor[]): Tensor[] {
  const roots = Array.isArray(output) ? (output as readonly Tensor[]) : [output as Tensor];
  for (const r of roots) {
    if (!(r instanceof Tensor))
      throw new ArgumentError(`graphTensors: expected a Tensor, got ${describe(r)}`);
  }
  return topoTensors(roots, 'graphTensors');
}

/** The tensors behind `roots`, inputs before the ops that read them. */
function topoTensors(roots: readonly Tensor[], where: string): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: Array<[Tensor, number]> = [];
  for (const r of roots) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push([r, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [Tensor, number];
      const [t, i] = top;
      const n = t.node;
      if (n !== null && n.inputs === null) {
        throw new GraphError(
          `${where}: the graph through '${n.op.name}' (node ${n.id}, output shape ${formatShape(t.shape)}) was released by backward(); trace before backward(), or call backward(undefined, { retainGraph: true })`,
        );
      }
      const ins = n === null ? [] : (n.inputs as readonly Tensor[]);
      if (i < ins.length) {
        top[1] = i + 1;
        const child = ins[i] as Tensor;
        if (!seen.has(child)) {
          seen.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        order.push(t);
      }
    }
  }
  return order;
}

function roleOf(t: Tensor): LeafRole {
  if (t.isParameter || t.requiresGrad) return 'parameter';
  if (t.name === undefined && t.size === 1 && t.ndim === 0) return 'constant';
  return 'input';
}

function commonPrefix(scopes: ReadonlyArray<readonly string[]>): string[] {
  const first = scopes[0];
  if (first === undefined) return [];
  let n = first.length;
  for (const s of scopes) {
    let k = 0;
    while (k < n && k < s.length && s[k] === first[k]) k++;
    n = k;
  }
  return first.slice(0, n);
}

function gradNormOf(t: Tensor): number | undefined {
  const g = t.grad;
  if (g === null) return undefined;
  let s = 0;
  for (let i = 0; i < g.data.length; i++) {
    const v = g.data[i] as number;
    s += v * v;
  }
  return Math.sqrt(s);
}

function macsOf(
  rule: OpDef['macs'],
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: Attrs,
  opName: string,
): number {
  if (rule !== undefined) {
    const m = rule(inputs, output, attrs);
    if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) {
      throw new ArgumentError(
        `traceGraph: op '${opName}' macs() must return a non-negative finite number, got ${describe(m)}`,
      );
    }
    return m;
  }
  let m = sizeOf(output.shape);
  for (const x of inputs) m = Math.max(m, x.size);
  return m;
}

/** Attributes as plain data: tensors become a short description, functions their name. */
function toAttrs(attrs: Readonly<Record<string, unknown>>): { [key: string]: AttrValue } {
  const out: { [key: string]: AttrValue } = {};
  for (const k of Object.keys(attrs)) {
    const v = attrs[k];
    if (v === undefined) continue;
    out[k] = toAttrValue(v, 0);
  }
  return out;
}

function toAttrValue(v: unknown, depth: number): AttrValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
  if (v instanceof Tensor) return `<tensor ${formatShape(v.shape)} ${v.dtype}>`;
  if (depth > 8) return '<…>';
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toAttrValue(x, depth + 1)));
  if (ArrayBuffer.isView(v) && !(v instanceof DataView))
    return Array.from(v as unknown as ArrayLike<number>, (x) => Number(x));
  if (typeof v === 'object') {
    const o: { [key: string]: AttrValue } = {};
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = toAttrValue(x, depth + 1);
    }
    return o;
  }
  return String(v);
}

/** Arrays longer than this are cut in labels (the graph and its JSON keep them whole). */
const MAX_LABEL_ITEMS = 8;

/**
 * `axes=[0,1] keepDims=false`: attributes as one short line, for labels. Arrays longer than 8
 * items are cut (`[0,1,2,3,4,5,6,7,…+92]`).
 */
export function formatAttrs(attrs: { readonly [key: string]: AttrValue }): string {
  if (attrs === null || typeof attrs !== 'object')
    throw new ArgumentError(`formatAttrs: expected an attributes object, got ${describe(attrs)}`);
  return Object.keys(attrs)
    .map((k) => `${k}=${formatAttrValue(attrs[k] as AttrValue)}`)
    .join(' ');
}

function formatAttrValue(v: AttrValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    const a = v as readonly AttrValue[];
    const shown = a.slice(0, MAX_LABEL_ITEMS).map(formatAttrValue);
    if (a.length > MAX_LABEL_ITEMS) shown.push(`…+${a.length - MAX_LABEL_ITEMS}`);
    return `[${shown.join(',')}]`;
  }
  const o = v as { readonly [key: string]: AttrValue };
  return `{${Object.keys(o)
    .map((k) => `${k}:${formatAttrValue(o[k] as AttrValue)}`)
    .join(',')}}`;
}

/** A number in at most 4 significant digits (`0.5`, `1.23e-7`, `NaN`, `Infinity`). */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v) || v === 0 || Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}

/** A node's short label: its name, else the op, else the constant's value, else `role`. */
export function nodeTitle(n: GraphNode): string {
  if (n.kind === 'op') return n.name === null ? (n.op as string) : `${n.name} = ${n.op}`;
  if (n.name !== null) return n.name;
  if (n.value !== undefined) return formatNumber(n.value);
  return n.role ?? 'leaf';
}

/**
 * Throws an {@link ArgumentError} unless `g` looks like a {@link Graph} (exporters call this so
 * that passing a tensor instead of `traceGraph(tensor)` says what to do).
 */
export function assertGraph(g: unknown, where: string): asserts g is Graph {
  if (g instanceof Tensor) {
    throw new ArgumentError(
      `${where}: expected a Graph, got a Tensor of shape ${formatShape(g.shape)}; pass traceGraph(tensor)`,
    );
  }
  if (
    g === null ||
    typeof g !== 'object' ||
    !Array.isArray((g as Graph).nodes) ||
    !Array.isArray((g as Graph).edges) ||
    !Array.isArray((g as Graph).outputs)
  ) {
    throw new ArgumentError(
      `${where}: expected a Graph from traceGraph() (with nodes, edges and outputs), got ${describe(g)}`,
    );
  }
}
