/** A user-defined op (via defineOp) appears in every export with its name and attributes. */
import { describe, expect, test } from 'vitest';
import { tensor } from '../create.js';
import { scope } from '../grad-mode.js';
import { retainAllGrads, traceGraph } from '../graph.js';
import { defineOp } from '../registry.js';
import { summary } from '../summary.js';
import type { Tensor } from '../tensor.js';
import { toDot } from './dot.js';
import { fromJSON, toJSON } from './json.js';
import { toMermaid } from './mermaid.js';
import { renderSvg } from './svg.fixture.js';
import { formatGraph } from './text.js';

interface AffineAttrs {
  readonly scale: number;
  readonly shift: number;
  readonly mode: string;
  [k: string]: unknown;
}

/** y = scale · x + shift, with its own MAC rule (one multiply-add per element). */
const affine = defineOp<AffineAttrs>(
  {
    name: 'user.affine',
    arity: 1,
    doc: 'scale * x + shift',
    forward: ([x], { scale, shift }) => (x as Tensor).mul(scale).add(shift),
    backward: (g, { attrs: { scale } }) => [g.mul(scale)],
    macs: (_inputs, out) => out.size * 7,
  },
  { replace: true },
);

function build() {
  const w = tensor([[1, -2, 3]], { requiresGrad: true, name: 'w' });
  const y = scope('custom', () => affine([w], { scale: 2, shift: -0.5, mode: 'fast' }));
  const loss = y.square().sum();
  retainAllGrads(loss);
  loss.backward(undefined, { retainGraph: true });
  return { w, y, loss, graph: traceGraph(loss) };
}

describe('a defineOp op in the exports', () => {
  const { graph, y } = build();
  const node = graph.nodes.find((n) => n.op === 'user.affine');

  test('traceGraph records it like any core op', () => {
    expect(node).toMatchObject({
      kind: 'op',
      attrs: { scale: 2, shift: -0.5, mode: 'fast' },
      shape: [1, 3],
      scope: ['custom'],
      macs: 21,
    });
    // d(sum y²)/dy = 2y, so its norm is 2‖y‖.
    expect(node?.gradNorm).toBeCloseTo(2 * Math.hypot(...(y.data as Float32Array)), 5);
    // its inner mul/add ran with recording off: they are not nodes.
    expect(graph.nodes.map((n) => n.op)).toEqual([null, 'user.affine', 'square', 'sum']);
  });

  test('DOT (rendered by Graphviz) shows its name and attributes', async () => {
    const dot = toDot(graph);
    expect(dot).toContain('label="user.affine\\nscale=2 shift=-0.5 mode=fast\\n[1,3]\\n|g| = ');
    const svg = await renderSvg(dot);
    const n = svg.nodes.find((x) => x.title === `n${node?.id}`);
    expect(n?.texts.slice(0, 3)).toEqual(['user.affine', 'scale=2 shift=-0.5 mode=fast', '[1,3]']);
    expect(svg.clusters.map((c) => c.title)).toEqual(['cluster_custom']);
  });

  test('Mermaid, text, JSON and summary show it too', () => {
    expect(toMermaid(graph)).toContain(
      `n${node?.id}("user.affine<br/>scale=2 shift=-0.5 mode=fast<br/>[1,3]`,
    );
    expect(formatGraph(graph)).toContain(
      `#${node?.id} user.affine [1,3] {scale=2 shift=-0.5 mode=fast} @custom`,
    );
    const doc = JSON.parse(JSON.stringify(toJSON(graph)));
    expect(doc.nodes[node?.id as number]).toMatchObject({
      op: 'user.affine',
      attrs: { scale: 2, shift: -0.5, mode: 'fast' },
    });
    expect(fromJSON(doc)).toStrictEqual(graph);
    const s = summary(graph);
    expect(s.rows.find((r) => r.scope[0] === 'custom')).toEqual({
      scope: ['custom'],
      ops: 1,
      outputShape: [1, 3],
      params: 3,
      macs: 21,
    });
  });
});
