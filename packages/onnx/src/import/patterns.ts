/**
 * Activations that ONNX files spell as several nodes, found so that the importer can lift them
 * into one `Activation` layer (which the saturation and dead-unit monitors then see): exact GELU
 * as `x · 0.5 · (1 + erf(x / √2))` (PyTorch before opset 20, and `toONNX` before 20), SiLU /
 * Swish as `x · sigmoid(x)`, and Mish as `x · tanh(softplus(x))` (before opset 18). A match
 * needs every inner value to be read only inside the pattern.
 */
import type { GraphProto, NodeProto } from '../proto/onnx_pb.js';

/** A matched activation: the nodes it spans, its input and the node that writes its output. */
export interface ActivationPattern {
  /** Registry name of the activation. */
  readonly name: 'gelu' | 'silu' | 'mish';
  /** The value the activation reads. */
  readonly input: string;
  /** Index of the node whose output is the activation's output. */
  readonly last: number;
  /** Indices of every node of the pattern (including `last`). */
  readonly nodes: ReadonlySet<number>;
}

const near = (a: number | undefined, b: number) =>
  a !== undefined && Math.abs(a - b) <= 1e-6 * Math.abs(b);

/** Finds the activation patterns of `graph`; `scalar(name)` is a constant scalar's value. */
export function findActivationPatterns(
  graph: GraphProto,
  scalar: (value: string) => number | undefined,
): ActivationPattern[] {
  const producer = new Map<string, number>();
  const readers = new Map<string, number[]>();
  graph.node.forEach((n, i) => {
    for (const o of n.output) producer.set(o, i);
    for (const x of n.input) readers.set(x, [...(readers.get(x) ?? []), i]);
  });
  for (const o of graph.output) readers.set(o.name, [...(readers.get(o.name) ?? []), -1]);
  const node = (i: number | undefined): NodeProto | undefined =>
    i === undefined ? undefined : graph.node[i];
  /** The single reader of `value`, if it has exactly one and it has op type `op`. */
  const onlyReader = (value: string | undefined, op: string): number | undefined => {
    const r = value === undefined ? undefined : readers.get(value);
    return r !== undefined && r.length === 1 && node(r[0])?.opType === op ? r[0] : undefined;
  };
  /** The input of binary node `n` other than `value`, when `value` is one of its two inputs. */
  const other = (n: NodeProto | undefined, value: string): string | undefined => {
    if (n === undefined || n.input.length !== 2) return undefined;
    if (n.input[0] === value) return n.input[1];
    if (n.input[1] === value) return n.input[0];
    return undefined;
  };

  const found: ActivationPattern[] = [];
  graph.node.forEach((e, ei) => {
    if (e.opType === 'Erf') {
      // x / √2 (or x · 1/√2) → Erf → + 1 → · x → · 0.5, in either order of the multiplications.
      const di = producer.get(e.input[0] ?? '');
      const d = node(di);
      if (d === undefined || di === undefined || onlyReader(d.output[0], 'Erf') !== ei) return;
      const x = d.input[0] as string;
      const k = scalar(d.input[1] ?? '');
      if (
        !(
          (d.opType === 'Div' && near(k, Math.SQRT2)) ||
          (d.opType === 'Mul' && near(k, Math.SQRT1_2))
        )
      )
        return;
      const ai = onlyReader(e.output[0], 'Add');
      if (ai === undefined || !near(scalar(other(node(ai), e.output[0] as string) ?? ''), 1))
        return;
      const mi = onlyReader(node(ai)?.output[0], 'Mul');
      const m = node(mi);
      const partner = other(m, node(ai)?.output[0] as string);
      if (m === undefined || mi === undefined || partner === undefined) return;
      if (partner === x) {
        // PyTorch: (x · (1 + erf)) · 0.5
        const hi = onlyReader(m.output[0], 'Mul');
        if (hi === undefined || !near(scalar(other(node(hi), m.output[0] as string) ?? ''), 0.5))
          return;
        found.push({ name: 'gelu', input: x, last: hi, nodes: new Set([di, ei, ai, mi, hi]) });
        return;
      }
      // toONNX: (x · 0.5) · (1 + erf)
      const hi = producer.get(partner);
      const h = node(hi);
      if (h?.opType !== 'Mul' || hi === undefined || onlyReader(partner, 'Mul') !== mi) return;
      if (other(h, x) === undefined || !near(scalar(other(h, x) as string), 0.5)) return;
      found.push({ name: 'gelu', input: x, last: mi, nodes: new Set([hi, di, ei, ai, mi]) });
    } else if (e.opType === 'Sigmoid' || e.opType === 'Tanh') {
      // x · sigmoid(x); x · tanh(softplus(x))
      const inner = e.input[0] as string;
      let x = inner;
      const nodes = new Set([ei]);
      if (e.opType === 'Tanh') {
        const si = producer.get(inner);
        const s = node(si);
        if (s?.opType !== 'Softplus' || si === undefined || onlyReader(inner, 'Tanh') !== ei)
          return;
        x = s.input[0] as string;
        nodes.add(si);
      }
      const mi = onlyReader(e.output[0], 'Mul');
      if (mi === undefined || other(node(mi), e.output[0] as string) !== x) return;
      nodes.add(mi);
      found.push({ name: e.opType === 'Tanh' ? 'mish' : 'silu', input: x, last: mi, nodes });
    }
  });
  return found;
}
