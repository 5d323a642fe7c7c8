/**
 * Mermaid flowchart export of a traced {@link Graph}, for Markdown documents (GitHub, GitLab
 * and most doc sites render ```` ```mermaid ```` blocks): one `subgraph` per scope.
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
  type ScopeSummary,
  type ScopeTree,
  scopeSummary,
  scopeTree,
} from './scopes.js';

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /** Flow direction (default `'TB'`). */
  direction?: 'TB' | 'LR' | 'BT' | 'RL';
  /** Add `‖g‖ = …` to nodes with a gradient norm (default: when any node has one). */
  gradients?: boolean;
  /** `'role'` (default) styles leaves by role; `'gradient'` fills by the log10 ‖g‖ scale. */
  colorBy?: 'role' | 'gradient' | 'none';
  /** log10 bounds of the gradient colour scale (default `[-6, 0]`). */
  gradientRange?: GradientRange;
  /** Show op attributes (default true). */
  attrs?: boolean;
  /**
   * Draw every scope at this depth (`true` = 1, the outermost scopes) as one node showing its op
   * count, parameter count, output shape and, with gradients, the parameters' gradient norm, as
   * `toDot` does. Default false.
   */
  collapseScopes?: boolean | number;
  /**
   * Scopes to draw as one node each, by path joined with `/` (`'Sequential/0:Linear'`); combines
   * with `collapseScopes`, as in `toDot`. Default none.
   */
  collapse?: readonly string[];
}

const DIRECTIONS = ['TB', 'LR', 'BT', 'RL'] as const;

/**
 * Renders `graph` as a Mermaid `flowchart`. Node ids are `n<id>`; scope subgraphs are `s1`,
 * `s2`, … in order of appearance, titled with the scope name; a collapsed scope (options
 * `collapseScopes`, `collapse`) is one node `c1`, `c2`, … with the class `scope`. Op nodes are rounded, parameters
 * and inputs rectangles, constants stadiums; leaves get the classes `parameter`, `input` and
 * `constant`.
 */
export function toMermaid(graph: Graph, options: MermaidOptions = {}): string {
  assertGraph(graph, 'toMermaid');
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`toMermaid: expected an options object, got ${describe(options)}`);
  const dir = options.direction ?? 'TB';
  if (!(DIRECTIONS as readonly string[]).includes(dir)) {
    throw new ArgumentError(
      `toMermaid: direction must be one of ${DIRECTIONS.join(', ')}, got ${describe(dir)}`,
    );
  }
  const colorBy = options.colorBy ?? 'role';
  if (!['role', 'gradient', 'none'].includes(colorBy)) {
    throw new ArgumentError(
      `toMermaid: colorBy must be 'role', 'gradient' or 'none', got ${describe(colorBy)}`,
    );
  }
  const range =
    options.gradientRange === undefined
      ? DEFAULT_GRADIENT_RANGE
      : checkGradientRange(options.gradientRange, 'toMermaid');
  const showGrads = options.gradients ?? graph.nodes.some((n) => n.gradNorm !== undefined);
  const showAttrs = options.attrs !== false;
  const rule = collapseRule(options.collapseScopes, options.collapse, 'toMermaid');
  const consumers = consumersOf(graph);

  const lines: string[] = [`flowchart ${dir}`];
  // Where each graph node is drawn: itself (n<id>), or its collapsed scope's node (c<k>).
  const drawnAs = new Map<number, string>();
  const boxes: Array<{ id: string; gradNorm: number | undefined }> = [];
  let sub = 0;
  const emit = (s: ScopeTree, indent: string): void => {
    for (const n of s.nodes) {
      drawnAs.set(n.id, `n${n.id}`);
      lines.push(indent + nodeText(n, showAttrs, showGrads));
    }
    for (const c of s.children) {
      if (collapses(rule, c)) {
        const id = `c${boxes.length + 1}`;
        const summary = scopeSummary(c, graph, consumers);
        for (const n of allNodes(c)) drawnAs.set(n.id, id);
        boxes.push({ id, gradNorm: summary.gradNorm });
        lines.push(indent + boxText(id, c.name, summary, showGrads));
        continue;
      }
      sub++;
      lines.push(`${indent}subgraph s${sub}["${text(c.name)}"]`);
      emit(c, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  emit(scopeTree(graph), '  ');
  const seen = new Set<string>();
  for (const e of graph.edges) {
    const a = drawnAs.get(e.from) as string;
    const b = drawnAs.get(e.to) as string;
    const key = `${a} --> ${b}`;
    if (a === b || (boxes.length > 0 && seen.has(key))) continue;
    seen.add(key);
    lines.push(`  ${key}`);
  }

  if (colorBy === 'role') {
    lines.push('  classDef parameter fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px');
    lines.push('  classDef input fill:#fef9c3,stroke:#a16207');
    lines.push('  classDef constant fill:#ffffff,stroke:#9ca3af');
    for (const role of ['parameter', 'input', 'constant'] as const) {
      const ids = graph.nodes
        .filter((n) => n.role === role && drawnAs.get(n.id) === `n${n.id}`)
        .map((n) => `n${n.id}`);
      if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${role}`);
    }
    if (boxes.length > 0) {
      lines.push('  classDef scope fill:#eeeeee,stroke:#6b7280');
      lines.push(`  class ${boxes.map((b) => b.id).join(',')} scope`);
    }
  } else if (colorBy === 'gradient') {
    for (const n of graph.nodes) {
      if (n.gradNorm !== undefined && drawnAs.get(n.id) === `n${n.id}`)
        lines.push(`  style n${n.id} fill:${gradientColor(n.gradNorm, range)}`);
    }
    for (const b of boxes)
      if (b.gradNorm !== undefined)
        lines.push(`  style ${b.id} fill:${gradientColor(b.gradNorm, range)}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeText(n: GraphNode, showAttrs: boolean, showGrads: boolean): string {
  const parts = [nodeTitle(n)];
  if (n.kind === 'op' && showAttrs && Object.keys(n.attrs).length > 0)
    parts.push(formatAttrs(n.attrs));
  parts.push(`[${n.shape.join(',')}]${n.dtype === 'float32' ? '' : ` ${n.dtype}`}`);
  if (showGrads && n.gradNorm !== undefined) parts.push(`‖g‖ = ${formatNumber(n.gradNorm)}`);
  const label = `"${parts.map(text).join('<br/>')}"`;
  if (n.kind === 'op') return `n${n.id}(${label})`;
  if (n.role === 'constant') return `n${n.id}([${label}])`;
  return `n${n.id}[${label}]`;
}

/** A collapsed scope's node: a subroutine box with the scope's summary. */
function boxText(id: string, name: string, s: ScopeSummary, showGrads: boolean): string {
  const parts = [
    name,
    `${s.ops} op${s.ops === 1 ? '' : 's'}, ${s.parameters} parameter${s.parameters === 1 ? '' : 's'}`,
  ];
  if (s.out !== undefined)
    parts.push(
      `out [${s.out.shape.join(',')}]${s.out.dtype === 'float32' ? '' : ` ${s.out.dtype}`}`,
    );
  if (showGrads && s.gradNorm !== undefined) parts.push(`‖g params‖ = ${formatNumber(s.gradNorm)}`);
  return `${id}[["${parts.map(text).join('<br/>')}"]]`;
}

/** Escapes text for a quoted Mermaid label (entity codes for quotes and angle brackets). */
function text(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
