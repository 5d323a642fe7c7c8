/**
 * A torchinfo-like model summary read off a traced graph: one row per scope (nested scopes
 * indented) with its output shape, parameter count and multiply–accumulate estimate, and totals.
 */
import { ArgumentError } from './errors.js';
import { allNodes, type ScopeTree, scopeTree } from './export/scopes.js';
import { assertGraph, type Graph, type GraphNode, traceGraph } from './graph.js';
import { describe, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** One row of a {@link Summary}: a scope and everything recorded inside it (sub-scopes too). */
export interface SummaryRow {
  /** Scope path (`[]` for the row of ops outside any scope, shown as `(top level)`). */
  readonly scope: readonly string[];
  /** Number of op nodes in the scope and its sub-scopes. */
  readonly ops: number;
  /**
   * Shape of the scope's output: its last op whose result is read outside the scope (or is a
   * traced output); null when the scope has no op.
   */
  readonly outputShape: readonly number[] | null;
  /** Elements of the parameters drawn in this scope (see `GraphNode.scope`). */
  readonly params: number;
  /** Sum of the ops' multiply–accumulate estimates (`GraphNode.macs`). */
  readonly macs: number;
}

/** What {@link summary} returns: rows, totals and the table as text (`toString()`). */
export interface Summary {
  /**
   * One row per scope, depth-first (parents before children), preceded by a `(top level)` row
   * when ops or parameters sit outside every scope.
   */
  readonly rows: readonly SummaryRow[];
  /** Elements of all parameter leaves. */
  readonly totalParams: number;
  /** Elements of parameter leaves that require grad. */
  readonly trainableParams: number;
  /** Sum of all ops' multiply–accumulate estimates. */
  readonly totalMacs: number;
  /** Number of op nodes. */
  readonly totalOps: number;
  /** The table, as printed by `toString()`. */
  readonly text: string;
  /** Returns {@link Summary.text}, so `console.log(String(s))` prints the table. */
  toString(): string;
}

/**
 * Summarises a graph (or the graph behind a tensor, traced on the spot). MACs come from each
 * op's `macs` rule where it has one (matmul `[m,k] @ [k,n]`: m·k·n) and are otherwise one per
 * element of the op's largest operand — an estimate, not a count of floating-point operations.
 * Parameters are counted once, in the scope they are drawn in.
 */
export function summary(source: Graph | Tensor | readonly Tensor[]): Summary {
  const graph =
    source instanceof Tensor || (Array.isArray(source) && source.every((s) => s instanceof Tensor))
      ? traceGraph(source as Tensor | readonly Tensor[], { gradients: false })
      : source;
  if (source === null || source === undefined)
    throw new ArgumentError(`summary: expected a Graph or a Tensor, got ${describe(source)}`);
  assertGraph(graph, 'summary');

  const consumers = new Map<number, number[]>();
  for (const e of graph.edges) {
    const list = consumers.get(e.from);
    if (list === undefined) consumers.set(e.from, [e.to]);
    else list.push(e.to);
  }
  const rows: SummaryRow[] = [];
  const row = (path: readonly string[], members: readonly GraphNode[]): SummaryRow => {
    const inside = new Set(members.map((n) => n.id));
    const ops = members.filter((n) => n.kind === 'op');
    let out: GraphNode | undefined;
    for (const n of ops) {
      const readers = consumers.get(n.id) ?? [];
      if (graph.outputs.includes(n.id) || readers.some((r) => !inside.has(r))) out = n;
    }
    out ??= ops[ops.length - 1];
    return {
      scope: [...path],
      ops: ops.length,
      outputShape: out === undefined ? null : [...out.shape],
      params: members
        .filter((n) => n.role === 'parameter')
        .reduce((p, n) => p + sizeOf(n.shape), 0),
      macs: ops.reduce((p, n) => p + n.macs, 0),
    };
  };
  const tree = scopeTree(graph);
  if (tree.nodes.some((n) => n.kind === 'op' || n.role === 'parameter'))
    rows.push(row([], tree.nodes));
  const visit = (s: ScopeTree): void => {
    for (const c of s.children) {
      rows.push(row(c.path, allNodes(c)));
      visit(c);
    }
  };
  visit(tree);

  const params = graph.nodes.filter((n) => n.role === 'parameter');
  const totalParams = params.reduce((p, n) => p + sizeOf(n.shape), 0);
  const trainableParams = params
    .filter((n) => n.requiresGrad)
    .reduce((p, n) => p + sizeOf(n.shape), 0);
  const totalMacs = graph.nodes.reduce((p, n) => p + n.macs, 0);
  const totalOps = graph.nodes.filter((n) => n.kind === 'op').length;
  const text = table(rows, totalParams, trainableParams, totalMacs, totalOps);
  return {
    rows,
    totalParams,
    trainableParams,
    totalMacs,
    totalOps,
    text,
    toString: () => text,
  };
}

function table(
  rows: readonly SummaryRow[],
  totalParams: number,
  trainable: number,
  macs: number,
  ops: number,
): string {
  const head = ['Scope', 'Ops', 'Output shape', 'Params', 'MACs'];
  const body = rows.map((r) => [
    r.scope.length === 0
      ? '(top level)'
      : `${'  '.repeat(r.scope.length - 1)}${r.scope[r.scope.length - 1]}`,
    String(r.ops),
    r.outputShape === null ? '-' : `[${r.outputShape.join(',')}]`,
    int(r.params),
    int(r.macs),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...body.map((b) => (b[i] as string).length)),
  );
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const rule = '='.repeat(fmt(head).length);
  return [
    rule,
    fmt(head),
    rule,
    ...body.map(fmt),
    rule,
    `Total params: ${int(totalParams)}`,
    `Trainable params: ${int(trainable)}`,
    `Non-trainable params: ${int(totalParams - trainable)}`,
    `Total MACs (estimate): ${int(macs)}`,
    `Ops: ${ops}`,
    rule,
    '',
  ].join('\n');
}

/** 1234567 → `1,234,567` (no locale dependence). */
function int(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
