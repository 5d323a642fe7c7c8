/**
 * Graphviz DOT export of a traced {@link Graph}: one cluster per scope (nested scopes nest),
 * op nodes labelled with the op, its attributes and output shape, leaves with their name and
 * shape, optional gradient norms and a colour scale by log10 ‖g‖.
 */
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
import {
  checkGradientRange,
  DEFAULT_GRADIENT_RANGE,
  type GradientRange,
  gradientColor,
} from './colors.js';
import {
  allNodes,
  collapseRule,
  collapses,
  consumersOf,
  type ScopeTree,
  scopeSummary,
  scopeTree,
} from './scopes.js';

/** Options of {@link toDot}. */
export interface DotOptions {
  /** Add a `|g| = …` line to nodes that carry a gradient norm (default: when any node does). */
  gradients?: boolean;
  /**
   * Fill colour: `'role'` (parameters blue, inputs yellow, constants white; default),
   * `'gradient'` (the log10 ‖g‖ scale of {@link gradientColor}; nodes without a norm stay
   * white) or `'none'`.
   */
  colorBy?: 'role' | 'gradient' | 'none';
  /** log10 bounds of the gradient colour scale (default `[-6, 0]`). */
  gradientRange?: GradientRange;
  /**
   * Draw every scope at this depth (`true` = 1, the outermost scopes) as one box showing its
   * op count, parameter count, output shape and, with gradients, the parameters' gradient norm
   * `sqrt(Σ ‖g_p‖²)`. Default false.
   */
  collapseScopes?: boolean | number;
  /**
   * Scopes to draw as one box each, by path joined with `/` (`'Sequential/0:Linear'`), as
   * {@link DotOptions.collapseScopes} draws them; the other scopes stay expanded. Combines with
   * `collapseScopes` (a scope is collapsed when either asks for it). Default none.
   */
  collapse?: readonly string[];
  /** Graphviz rank direction (default `'TB'`, top to bottom). */
  rankdir?: 'TB' | 'LR' | 'BT' | 'RL';
  /** Show op attributes in op labels (default true). */
  attrs?: boolean;
  /** Graph label drawn at the bottom (default none; with colorBy 'gradient', the scale). */
  title?: string;
}

const ROLE_FILL = { parameter: '#dbeafe', input: '#fef9c3', constant: '#ffffff' } as const;
const RANKDIRS = ['TB', 'LR', 'BT', 'RL'] as const;

/**
 * Renders `graph` as Graphviz DOT. Node ids are `n<id>`; the cluster of scope path
 * `['mlp', 'layer1']` is `"cluster_mlp/layer1"` (labelled `layer1`); a collapsed scope is the
 * node `"scope_mlp/layer1"`. Edges run from inputs to the ops that read them.
 */
export function toDot(graph: Graph, options: DotOptions = {}): string {
  assertGraph(graph, 'toDot');
  const o = checkOptions(options);
  const hasGrads = graph.nodes.some((n) => n.gradNorm !== undefined);
  const showGrads = o.gradients ?? hasGrads;
  const colorBy = o.colorBy ?? 'role';
  const range = o.gradientRange ?? DEFAULT_GRADIENT_RANGE;
  const showAttrs = o.attrs !== false;
  const rule = collapseRule(o.collapseScopes, o.collapse, 'toDot');
  const collapsing = rule.depth > 0 || rule.paths.size > 0;

  const lines: string[] = ['digraph gradscope {'];
  lines.push(`  rankdir=${o.rankdir ?? 'TB'};`);
  lines.push('  compound=true;');
  lines.push('  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor="#ffffff"];');
  lines.push('  edge [color="#555555", arrowsize=0.7];');
  const title =
    o.title ??
    (colorBy === 'gradient'
      ? `fill: log10 |g| from ${range[0]} (red, vanishing) to ${range[1]} (green); grey = 0, magenta = NaN/Inf`
      : undefined);
  if (title !== undefined) {
    lines.push(`  label=${q(title)};`);
    lines.push('  labelloc=b;');
    lines.push('  fontname="Helvetica";');
    lines.push('  fontsize=10;');
  }

  // Where each graph node is drawn: itself, or the box of its collapsed scope.
  const drawnAs = new Map<number, string>();
  const tree = scopeTree(graph);
  const consumers = consumersOf(graph);

  const nodeLine = (n: GraphNode): string => {
    const label = [nodeTitle(n)];
    if (n.kind === 'op' && showAttrs && Object.keys(n.attrs).length > 0)
      label.push(formatAttrs(n.attrs));
    label.push(shapeText(n));
    if (showGrads && n.gradNorm !== undefined) label.push(`|g| = ${formatNumber(n.gradNorm)}`);
    const attrs = [`label="${label.map(esc).join('\\n')}"`];
    attrs.push(
      n.kind === 'op' ? 'shape=ellipse' : n.role === 'constant' ? 'shape=note' : 'shape=box',
    );
    if (n.role === 'parameter') attrs.push('penwidth=1.5');
    const fill = fillOf(n.gradNorm, n.kind === 'leaf' ? n.role : null, colorBy, range);
    if (fill !== '#ffffff') attrs.push(`fillcolor=${q(fill)}`);
    return `n${n.id} [${attrs.join(', ')}];`;
  };

  const emit = (s: ScopeTree, indent: string): void => {
    for (const n of s.nodes) {
      drawnAs.set(n.id, `n${n.id}`);
      lines.push(indent + nodeLine(n));
    }
    for (const c of s.children) {
      const key = c.path.join('/');
      if (collapses(rule, c)) {
        const id = q(`scope_${key}`);
        for (const n of allNodes(c)) drawnAs.set(n.id, id);
        lines.push(indent + collapsedLine(id, c, graph, consumers, showGrads, colorBy, range));
        continue;
      }
      lines.push(`${indent}subgraph ${q(`cluster_${key}`)} {`);
      lines.push(`${indent}  label=${q(c.name)};`);
      lines.push(`${indent}  style="rounded,dashed";`);
      lines.push(`${indent}  color="#888888";`);
      lines.push(`${indent}  fontname="Helvetica";`);
      lines.push(`${indent}  fontsize=11;`);
      emit(c, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  emit(tree, '  ');

  const seen = new Set<string>();
  for (const e of graph.edges) {
    const a = drawnAs.get(e.from) as string;
    const b = drawnAs.get(e.to) as string;
    if (a === b) continue;
    const key = `${a}->${b}`;
    if (collapsing && seen.has(key)) continue;
    seen.add(key);
    lines.push(`  ${a} -> ${b};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function collapsedLine(
  id: string,
  s: ScopeTree,
  graph: Graph,
  consumers: Map<number, number[]>,
  showGrads: boolean,
  colorBy: 'role' | 'gradient' | 'none',
  range: GradientRange,
): string {
  const { ops, parameters, out, gradNorm } = scopeSummary(s, graph, consumers);
  const label = [
    s.name,
    `${ops} op${ops === 1 ? '' : 's'}, ${parameters} parameter${parameters === 1 ? '' : 's'}`,
  ];
  if (out !== undefined) label.push(`out ${shapeText(out)}`);
  if (gradNorm !== undefined && showGrads) label.push(`|g params| = ${formatNumber(gradNorm)}`);
  const attrs = [`label="${label.map(esc).join('\\n')}"`, 'shape=box3d'];
  const fill = colorBy === 'gradient' ? fillOf(gradNorm, null, colorBy, range) : '#eeeeee';
  if (colorBy !== 'none' && fill !== '#ffffff') attrs.push(`fillcolor=${q(fill)}`);
  return `${id} [${attrs.join(', ')}];`;
}

function fillOf(
  norm: number | undefined,
  role: GraphNode['role'],
  colorBy: 'role' | 'gradient' | 'none',
  range: GradientRange,
): string {
  if (colorBy === 'gradient') return norm === undefined ? '#ffffff' : gradientColor(norm, range);
  if (colorBy === 'role' && role !== null) return ROLE_FILL[role];
  return '#ffffff';
}

function shapeText(n: GraphNode): string {
  return `[${n.shape.join(',')}]${n.dtype === 'float32' ? '' : ` ${n.dtype}`}`;
}

/** Escapes one line for a DOT double-quoted string. */
function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function q(s: string): string {
  return `"${esc(s)}"`;
}

function checkOptions(o: DotOptions): DotOptions {
  if (o === null || typeof o !== 'object')
    throw new ArgumentError(`toDot: expected an options object, got ${describe(o)}`);
  if (o.colorBy !== undefined && !['role', 'gradient', 'none'].includes(o.colorBy)) {
    throw new ArgumentError(
      `toDot: colorBy must be 'role', 'gradient' or 'none', got ${describe(o.colorBy)}`,
    );
  }
  if (o.rankdir !== undefined && !(RANKDIRS as readonly string[]).includes(o.rankdir)) {
    throw new ArgumentError(
      `toDot: rankdir must be one of ${RANKDIRS.join(', ')}, got ${describe(o.rankdir)}`,
    );
  }
  if (o.gradientRange !== undefined) checkGradientRange(o.gradientRange, 'toDot');
  return o;
}
