/** The scope tree of a graph: which nodes sit directly in which (nested) scope. */
import type { Graph, GraphNode } from '../graph.js';

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
