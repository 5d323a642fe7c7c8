/** A text tree of a traced {@link Graph}, for terminals and logs. */
import { ArgumentError } from '../errors.js';
import {
  assertGraph,
  formatAttrs,
  formatNumber,
  type Graph,
  type GraphNode,
  nodeTitle,
} from '../graph.js';
import { describe } from '../shape.js';

/** Options of {@link formatGraph}. */
export interface FormatGraphOptions {
  /** Show `‖g‖ = …` where a node has a gradient norm (default: when any node has one). */
  gradients?: boolean;
  /** Show op attributes (default true). */
  attrs?: boolean;
  /** Stop descending below this depth (default: no limit); cut branches end in `…`. */
  maxDepth?: number;
}

/**
 * Draws the graph as a tree rooted at each output, inputs as children in argument order:
 *
 * ```text
 * #14 mean [] {axes=[0,1] keepDims=false} @loss
 * └─ #13 square [5,2] @loss
 *    └─ #12 sub [5,2] @loss
 *       ├─ #10 add [5,2] @layer2
 *       …
 *       └─ #11 y [5,2] input
 * ```
 *
 * Each line: `#id`, the name / op / constant value, shape (and dtype unless float32), op
 * attributes in braces, the leaf role, `@scope/path`, and the gradient norm. A node reached a
 * second time (a shared input) is printed once more as `#id … (see above)` without children.
 */
export function formatGraph(graph: Graph, options: FormatGraphOptions = {}): string {
  assertGraph(graph, 'formatGraph');
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`formatGraph: expected an options object, got ${describe(options)}`);
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY;
  if (!(maxDepth === Number.POSITIVE_INFINITY || (Number.isInteger(maxDepth) && maxDepth >= 0))) {
    throw new ArgumentError(
      `formatGraph: maxDepth must be a non-negative integer, got ${describe(options.maxDepth)}`,
    );
  }
  const showGrads = options.gradients ?? graph.nodes.some((n) => n.gradNorm !== undefined);
  const showAttrs = options.attrs !== false;
  const lines: string[] = [];
  const printed = new Set<number>();

  const walk = (id: number, lead: string, branch: string, depth: number): void => {
    const n = graph.nodes[id] as GraphNode;
    const again = printed.has(id);
    printed.add(id);
    lines.push(
      `${lead}${branch}${describeNode(n, showAttrs, showGrads)}${again && n.inputs.length > 0 ? ' (see above)' : ''}`,
    );
    if (again || n.inputs.length === 0) return;
    const childLead = lead + (branch === '' ? '' : branch === '├─ ' ? '│  ' : '   ');
    if (depth >= maxDepth) {
      lines.push(`${childLead}└─ …`);
      return;
    }
    n.inputs.forEach((c, i) => {
      walk(c, childLead, i === n.inputs.length - 1 ? '└─ ' : '├─ ', depth + 1);
    });
  };
  for (const o of graph.outputs) walk(o, '', '', 0);
  return `${lines.join('\n')}\n`;
}

function describeNode(n: GraphNode, showAttrs: boolean, showGrads: boolean): string {
  let s = `#${n.id} ${nodeTitle(n)} [${n.shape.join(',')}]`;
  if (n.dtype !== 'float32') s += ` ${n.dtype}`;
  if (n.kind === 'op' && showAttrs && Object.keys(n.attrs).length > 0)
    s += ` {${formatAttrs(n.attrs)}}`;
  if (n.role !== null) s += ` ${n.role}`;
  if (n.scope.length > 0) s += ` @${n.scope.join('/')}`;
  if (showGrads && n.gradNorm !== undefined) s += ` ‖g‖=${formatNumber(n.gradNorm)}`;
  return s;
}
