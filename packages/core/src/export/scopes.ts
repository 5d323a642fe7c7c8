/** The scope tree of a graph: which nodes sit directly in which (nested) scope. */
import { ArgumentError } from '../errors.js';
import type { Graph, GraphNode } from '../graph.js';
import { describe, sizeOf } from '../shape.js';

/** One scope: its nodes and sub-scopes, in order of first appearance in the graph. */
export interface ScopeTree {
  /** Last path element (`''` for the root). */
  readonly name: string;
  /** Full path, outermost first (`[]` for the root). */
  readonly path: readonly string[];
  /** Nodes whose scope is exactly this path. */
  readonly nodes: GraphNode[];
  readonly children: ScopeTree[];
}

/** Groups the graph's nodes by scope path. */
export function scopeTree(graph: Graph): ScopeTree {
  const root: ScopeTree = { name: '', path: [], nodes: [], children: [] };
  for (const n of graph.nodes) {
    let cur = root;
    for (let d = 0; d < n.scope.length; d++) {
      const name = n.scope[d] as string;
      let child = cur.children.find((c) => c.name === name);
      if (child === undefined) {
        child = { name, path: n.scope.slice(0, d + 1), nodes: [], children: [] };
        cur.children.push(child);
      }
      cur = child;
    }
    cur.nodes.push(n);
  }
  return root;
}

/** All nodes of a scope and its sub-scopes. */
export function allNodes(s: ScopeTree): GraphNode[] {
  const out = [...s.nodes];
  for (const c of s.children) out.push(...allNodes(c));
  return out;
}

/** True when `path` starts with `prefix`. */
export function inScope(path: readonly string[], prefix: readonly string[]): boolean {
  if (path.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** Which scopes an export draws as one box: a depth (0: none) and explicit scope paths. */
export interface CollapseRule {
  readonly depth: number;
  readonly paths: ReadonlySet<string>;
}

/**
 * Checks and reads the `collapseScopes` / `collapse` options that `toDot` and `toMermaid` share
 * (`where` names the exporter in errors).
 */
export function collapseRule(
  collapseScopes: unknown,
  collapse: unknown,
  where: string,
): CollapseRule {
  const c = collapseScopes ?? false;
  if (!(typeof c === 'boolean' || (Number.isInteger(c) && (c as number) >= 1))) {
    throw new ArgumentError(
      `${where}: collapseScopes must be a boolean or a scope depth >= 1, got ${describe(c)}`,
    );
  }
  if (
    collapse !== undefined &&
    !(Array.isArray(collapse) && collapse.every((k) => typeof k === 'string'))
  ) {
    throw new ArgumentError(
      `${where}: collapse must be an array of scope paths such as 'mlp/layer1', got ${describe(collapse)}`,
    );
  }
  return {
    depth: c === true ? 1 : c === false ? 0 : (c as number),
    paths: new Set((collapse as readonly string[] | undefined) ?? []),
  };
}

/** True when the rule draws scope `s` as one box. */
export function collapses(rule: CollapseRule, s: ScopeTree): boolean {
  return (rule.depth > 0 && s.path.length >= rule.depth) || rule.paths.has(s.path.join('/'));
}

/** What a collapsed scope's box says. */
export interface ScopeSummary {
  /** Ops inside (sub-scopes included). */
  readonly ops: number;
  /** Elements of the parameters inside. */
  readonly parameters: number;
  /** The scope's output: its last op read outside the scope (or a graph output). */
  readonly out: GraphNode | undefined;
  /** sqrt(Σ ‖g_p‖²) over the parameters with a gradient norm; undefined when none has one. */
  readonly gradNorm: number | undefined;
}

/** The summary of scope `s` of `graph`; `consumers` maps a node id to the ids that read it. */
export function scopeSummary(
  s: ScopeTree,
  graph: Graph,
  consumers: ReadonlyMap<number, readonly number[]>,
): ScopeSummary {
  const members = allNodes(s);
  const inside = new Set(members.map((n) => n.id));
  const ops = members.filter((n) => n.kind === 'op');
  const params = members.filter((n) => n.role === 'parameter');
  let out: GraphNode | undefined;
  for (const n of ops) {
    const readers = consumers.get(n.id) ?? [];
    if (graph.outputs.includes(n.id) || readers.some((r) => !inside.has(r))) out = n;
  }
  const withGrad = params.filter((n) => n.gradNorm !== undefined);
  return {
    ops: ops.length,
    parameters: params.reduce((p, n) => p + sizeOf(n.shape), 0),
    out,
    gradNorm:
      withGrad.length === 0
        ? undefined
        : Math.sqrt(withGrad.reduce((p, n) => p + (n.gradNorm as number) ** 2, 0)),
  };
}

/** Node id → ids of the nodes that read it. */
export function consumersOf(graph: Graph): Map<number, number[]> {
  const consumers = new Map<number, number[]>();
  for (const e of graph.edges) {
    const list = consumers.get(e.from);
    if (list === undefined) consumers.set(e.from, [e.to]);
    else list.push(e.to);
  }
  return consumers;
}
