/**
 * The graph `toONNX` writes: every op the forward applies, recorded through a core engine
 * observer whether or not autograd records it. Autograd's graph leaves out ops that have no
 * backward rule (comparisons, `oneHot`), ops none of whose inputs needs a gradient and ops under
 * `noGrad`, whose results would otherwise be written as constants: right for the example
 * inputs, wrong for any other.
 */
import {
  type AttrValue,
  addEngineObserver,
  currentScope,
  type DType,
  type OpDef,
  Tensor,
} from '@gradscope/core';
import { OnnxError } from './errors.js';

/** One node of the recorded graph: a leaf (input, parameter, constant) or an op. */
export interface RecordedNode {
  /** Position in the graph's topological order. */
  readonly id: number;
  readonly kind: 'leaf' | 'op';
  /** Registry name of the op; null for leaves. */
  readonly op: string | null;
  /** Ids of the op's inputs, in argument order. */
  readonly inputs: readonly number[];
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The op's attributes as plain data. */
  readonly attrs: { readonly [key: string]: AttrValue };
  /** Scope path active when the op ran, outermost first (empty for leaves). */
  readonly scope: readonly string[];
  /** The tensor this node stands for. */
  readonly tensor: Tensor;
}

/** The recorded graph: nodes in topological order and the ids of the outputs. */
export interface RecordedGraph {
  readonly nodes: readonly RecordedNode[];
  readonly outputs: readonly number[];
}

interface Applied {
  readonly op: OpDef;
  readonly inputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly scope: readonly string[];
}

/**
 * Runs `run` and returns its result with the op that made each tensor it produced. An op's
 * forward may apply other ops: the observer sees them first, then the op itself, which is the
 * one kept for a tensor both made (an op returning what an inner op made).
 */
export function recordOps<T>(run: () => T): { result: T; producers: Map<Tensor, Applied> } {
  const producers = new Map<Tensor, Applied>();
  const remove = addEngineObserver({
    afterForward(op, inputs, output, _node, attrs) {
      // An op that hands back one of its inputs adds nothing.
      if (inputs.includes(output)) return;
      producers.set(output, { op, inputs: [...inputs], attrs, scope: [...currentScope()] });
    },
  });
  try {
    return { result: run(), producers };
  } finally {
    remove();
  }
}

/** Attribute values as plain data (typed arrays as arrays, tensors and functions described). */
function plain(v: unknown, depth: number): AttrValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (depth > 8) return '<deep>';
  if (v instanceof Tensor) return `<tensor [${v.shape.join(', ')}]>`;
  if (typeof v === 'function') return `<function ${v.name || 'anonymous'}>`;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView))
    return Array.from(v as unknown as ArrayLike<number>);
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (typeof v === 'object') {
    const o: { [key: string]: AttrValue } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      if (x !== undefined) o[k] = plain(x, depth + 1);
    return o;
  }
  return String(v);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The graph from `outputs` back to its leaves through the recorded ops. A leaf that is none of
 * `named` (inputs, parameters, buffers) but holds the same data and shape as an input or an op's
 * result is a detached view of it (ops detach their index and label inputs) and stands for it.
 */
export function collectGraph(
  outputs: readonly Tensor[],
  producers: ReadonlyMap<Tensor, Applied>,
  named: ReadonlySet<Tensor>,
  inputs: readonly Tensor[],
): RecordedGraph {
  const byData = new Map<unknown, Tensor[]>();
  for (const t of [...inputs, ...producers.keys()]) {
    const list = byData.get(t.data);
    if (list === undefined) byData.set(t.data, [t]);
    else list.push(t);
  }
  const resolve = (t: Tensor): Tensor => {
    if (producers.has(t) || named.has(t) || t.requiresGrad) return t;
    const same = byData.get(t.data)?.find((c) => c !== t && sameShape(c.shape, t.shape));
    return same ?? t;
  };

  const ids = new Map<Tensor, number>();
  const nodes: RecordedNode[] = [];
  const expanded = new Set<Tensor>();
  // Iterative post-order walk: a tensor gets its id once all its inputs have one.
  const visit = (root: Tensor): number => {
    const stack: Tensor[] = [resolve(root)];
    while (stack.length > 0) {
      const t = stack[stack.length - 1] as Tensor;
      if (ids.has(t)) {
        stack.pop();
        continue;
      }
      const applied = producers.get(t);
      const ins = applied === undefined ? [] : applied.inputs.map(resolve);
      const pending = ins.filter((x) => !ids.has(x));
      if (pending.length > 0) {
        // Inputs still pending after their expansion: they lead back here.
        if (expanded.has(t))
          throw new OnnxError(
            `toONNX: the recorded graph has a cycle through op '${applied?.op.name}'`,
          );
        expanded.add(t);
        for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i] as Tensor);
        continue;
      }
      stack.pop();
      const id = nodes.length;
      ids.set(t, id);
      nodes.push({
        id,
        kind: applied === undefined ? 'leaf' : 'op',
        op: applied === undefined ? null : applied.op.name,
        inputs: ins.map((x) => ids.get(x) as number),
        shape: [...t.shape],
        dtype: t.dtype,
        attrs: applied === undefined ? {} : (plain(applied.attrs, 0) as Record<string, AttrValue>),
        scope: applied === undefined ? [] : applied.scope,
        tensor: t,
      });
    }
    return ids.get(resolve(root)) as number;
  };
  return { nodes, outputs: outputs.map(visit) };
}
