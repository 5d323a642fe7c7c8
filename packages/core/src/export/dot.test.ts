import { describe, expect, test } from 'vitest';
import { tensor } from '../create.js';
import { ArgumentError } from '../errors.js';
import { scope } from '../grad-mode.js';
import { retainAllGrads, traceGraph } from '../graph.js';
import type { Tensor } from '../tensor.js';
import {
  DEFAULT_GRADIENT_RANGE,
  gradientColor,
  NONFINITE_GRADIENT_COLOR,
  ZERO_GRADIENT_COLOR,
} from './colors.js';
import { toDot } from './dot.js';
import { buildMlp } from './mlp.fixture.js';
import { renderSvg } from './svg.fixture.js';

describe('toDot rendered by Graphviz (@viz-js/viz)', () => {
  test('the MLP renders with one cluster per layer and labelled nodes', async () => {
    const svg = await renderSvg(toDot(traceGraph(buildMlp().loss)));
    expect(svg.clusters.map((c) => c.title)).toEqual([
      'cluster_layer1',
      'cluster_layer2',
      'cluster_loss',
    ]);
    expect(svg.clusters.map((c) => c.texts)).toEqual([['layer1'], ['layer2'], ['loss']]);
    // 15 tensors: x, y, 4 parameters, the constant 0 and 8 op outputs; 14 data-flow edges.
    expect(svg.nodes).toHaveLength(15);
    expect(svg.edges).toHaveLength(14);
    const byTitle = new Map(svg.nodes.map((n) => [n.title, n.texts]));
    expect(byTitle.get('n1')).toEqual(['W1', '[3,4]']);
    expect(byTitle.get('n2')).toEqual(['matmul', 'transA=false transB=false', '[5,4]']);
    expect(byTitle.get('n14')).toEqual(['mean', 'axes=[0,1] keepDims=false', '[]']);
    const labels = svg.nodes.map((n) => n.texts[0]);
    for (const name of ['x', 'y', 'W1', 'b1', 'W2', 'b2', 'maximum', 'sub', 'square'])
      expect(labels).toContain(name);
    // Each parameter is drawn inside its layer's frame.
    const frame = (t: string) => svg.clusters.find((c) => c.title === t)?.box;
    const inside = (node: string, cluster: string) => {
      const f = frame(cluster);
      const b = svg.nodes.find((n) => n.title === node)?.box;
      if (f == null || b == null) throw new Error(`no box for ${node} or ${cluster}`);
      const [x, y] = [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
      return x >= f.x0 && x <= f.x1 && y >= f.y0 && y <= f.y1;
    };
    expect(inside('n1', 'cluster_layer1')).toBe(true);
    expect(inside('n7', 'cluster_layer2')).toBe(true);
    expect(inside('n7', 'cluster_layer1')).toBe(false);
    expect(inside('n14', 'cluster_loss')).toBe(true);
  });

  test('nested scopes become nested clusters', async () => {
    const x = tensor([[1, 2]], { name: 'x' });
    const w = tensor([[0.5], [0.25]], { requiresGrad: true, name: 'w' });
    const y = scope('mlp', () => scope('layer1', () => x.matmul(w)).mul(2));
    const dot = toDot(traceGraph(y));
    expect(dot).toContain('subgraph "cluster_mlp" {');
    expect(dot).toContain('  subgraph "cluster_mlp/layer1" {');
    const svg = await renderSvg(dot);
    const outer = svg.clusters.find((c) => c.title === 'cluster_mlp')?.box;
    const inner = svg.clusters.find((c) => c.title === 'cluster_mlp/layer1')?.box;
    expect(svg.clusters.find((c) => c.title === 'cluster_mlp/layer1')?.texts).toEqual(['layer1']);
    expect(outer).toBeDefined();
    expect(inner).toBeDefined();
    if (outer && inner) {
      expect(inner.x0).toBeGreaterThanOrEqual(outer.x0);
      expect(inner.x1).toBeLessThanOrEqual(outer.x1);
      expect(inner.y0).toBeGreaterThanOrEqual(outer.y0);
      expect(inner.y1).toBeLessThanOrEqual(outer.y1);
    }
  });

  test('collapseScopes draws each layer as one box and keeps the data flow between them', async () => {
    const m = buildMlp();
    m.loss.backward(undefined, { retainGraph: true });
    const svg = await renderSvg(toDot(traceGraph(m.loss), { collapseScopes: true }));
    expect(svg.clusters).toHaveLength(0);
    expect(svg.nodes.map((n) => n.title).sort()).toEqual([
      'n0',
      'n11',
      'scope_layer1',
      'scope_layer2',
      'scope_loss',
    ]);
    const box = svg.nodes.find((n) => n.title === 'scope_layer1');
    expect(box?.texts.slice(0, 3)).toEqual(['layer1', '3 ops, 16 parameters', 'out [5,4]']);
    // ‖g params‖ of layer 1 = sqrt(‖gW1‖² + ‖gb1‖²), from the leaves' own gradients.
    const norm = (t: Tensor) => Math.hypot(...((t.grad as Tensor).data as Float32Array));
    const expected = Math.hypot(norm(m.W1), norm(m.b1));
    const shown = Number(box?.texts[3]?.replace('|g params| = ', ''));
    expect(shown).toBeCloseTo(expected, 3);
    expect(svg.edges.map((e) => e.title).sort()).toEqual([
      'n0->scope_layer1',
      'n11->scope_loss',
      'scope_layer1->scope_layer2',
      'scope_layer2->scope_loss',
    ]);
  });

  test('collapseScopes: 2 keeps the outer cluster and collapses the inner scopes', async () => {
    const x = tensor([[1, 2]], { name: 'x' });
    const w = tensor([[3, 4]], { requiresGrad: true, name: 'w' });
    const y = scope('net', () => {
      const a = scope('a', () => x.mul(w).add(1));
      return scope('b', () => a.exp());
    });
    const svg = await renderSvg(toDot(traceGraph(y), { collapseScopes: 2 }));
    expect(svg.clusters.map((c) => c.title)).toEqual(['cluster_net']);
    expect(svg.nodes.map((n) => n.title).sort()).toEqual(['n0', 'scope_net/a', 'scope_net/b']);
  });

  test('collapse names the scopes to draw as boxes; the others stay clusters', async () => {
    const m = buildMlp();
    const g = traceGraph(m.loss);
    const svg = await renderSvg(toDot(g, { collapse: ['layer2'] }));
    expect(svg.clusters.map((c) => c.title)).toEqual(['cluster_layer1', 'cluster_loss']);
    const titles = svg.nodes.map((n) => n.title);
    expect(titles).toContain('scope_layer2');
    // Every node of layer2 (its ops and parameters) becomes the one box.
    const inLayer2 = g.nodes.filter((n) => n.scope[0] === 'layer2').length;
    expect(inLayer2).toBeGreaterThan(2);
    expect(svg.nodes).toHaveLength(15 - inLayer2 + 1);
    const inside = new Set(g.nodes.filter((n) => n.scope[0] === 'layer2').map((n) => n.id));
    const leaving = g.edges
      .filter((e) => inside.has(e.from) && !inside.has(e.to))
      .map((e) => `scope_layer2->n${e.to}`);
    expect(leaving.length).toBeGreaterThan(0);
    for (const e of leaving) expect(svg.edges.map((x) => x.title)).toContain(e);
    // The same box as collapseScopes draws for that scope.
    const all = await renderSvg(toDot(g, { collapseScopes: true }));
    const box = (s: typeof svg) => s.nodes.find((n) => n.title === 'scope_layer2')?.texts;
    expect(box(svg)).toEqual(box(all));
    expect(() => toDot(g, { collapse: 'layer2' as never })).toThrow(
      /collapse must be an array of scope paths/,
    );
  });
});

describe('gradient colours', () => {
  test('the scale runs along ColorBrewer RdYlGn from 1e-6 (red) to 1 (green)', () => {
    expect(DEFAULT_GRADIENT_RANGE).toEqual([-6, 0]);
    expect(gradientColor(1e-9)).toBe('#d73027');
    expect(gradientColor(1e-6)).toBe('#d73027');
    expect(gradientColor(1e-3)).toBe('#fee08b'); // midpoint = middle class
    expect(gradientColor(1)).toBe('#1a9850');
    expect(gradientColor(50)).toBe('#1a9850');
    expect(gradientColor(0)).toBe(ZERO_GRADIENT_COLOR);
    expect(gradientColor(Number.NaN)).toBe(NONFINITE_GRADIENT_COLOR);
    expect(gradientColor(Number.POSITIVE_INFINITY)).toBe(NONFINITE_GRADIENT_COLOR);
    expect(gradientColor(1e-2, [-2, 2])).toBe('#d73027');
  });

  test('a vanishing chain is drawn from green at the loss to red at the input', async () => {
    // y = x * 0.1^k: the gradient reaching the k-th tensor from the end is 0.1^k.
    const x = tensor([1], { requiresGrad: true, dtype: 'float64', name: 'x' });
    let h: Tensor = x;
    for (let i = 0; i < 8; i++) h = scope(`layer${i + 1}`, () => h.mul(0.1));
    const loss = h.sum();
    retainAllGrads(loss);
    loss.backward(undefined, { retainGraph: true });
    const g = traceGraph(loss);
    expect(g.nodes[0]?.gradNorm).toBeCloseTo(1e-8, 20);
    const svg = await renderSvg(toDot(g, { colorBy: 'gradient' }));
    const fill = (title: string) => svg.nodes.find((n) => n.title === title)?.fill;
    expect(fill('n0')).toBe('#d73027'); // x: ‖g‖ = 1e-8
    expect(fill(`n${g.outputs[0]}`)).toBe('#1a9850'); // loss: ‖g‖ = 1
    const xLabel = svg.nodes.find((n) => n.title === 'n0')?.texts;
    expect(xLabel).toEqual(['x', '[1] float64', '|g| = 1.00e-8']);
    expect(svg.clusters).toHaveLength(8);
  });

  test('gradients: false hides the norms, colorBy none drops the fills', () => {
    const m = buildMlp();
    m.loss.backward(undefined, { retainGraph: true });
    const g = traceGraph(m.loss);
    expect(toDot(g)).toContain('|g| = ');
    expect(toDot(g, { gradients: false })).not.toContain('|g|');
    expect(toDot(g, { colorBy: 'none' })).not.toMatch(/fillcolor="#(?!ffffff)/);
  });
});

describe('toDot arguments', () => {
  const g = traceGraph(buildMlp().loss);
  test('bad options are rejected with the expected values', () => {
    expect(() => toDot(g, { rankdir: 'XY' as 'TB' })).toThrow(
      /rankdir must be one of TB, LR, BT, RL, got "XY"/,
    );
    expect(() => toDot(g, { colorBy: 'heat' as 'role' })).toThrow(ArgumentError);
    expect(() => toDot(g, { collapseScopes: 0 })).toThrow(
      /collapseScopes must be a boolean or a scope depth >= 1/,
    );
    expect(() => toDot(g, { gradientRange: [0, -6] })).toThrow(/low < high/);
  });
  test('a tensor instead of a graph says to trace it', () => {
    expect(() => toDot(buildMlp().loss as never)).toThrow(
      /expected a Graph, got a Tensor .*traceGraph/,
    );
  });
  test('names with quotes and backslashes are escaped', async () => {
    const w = tensor([1, 2], { requiresGrad: true, name: 'w "odd" \\ name' });
    const y = scope('sc "q"', () => w.mul(3));
    const svg = await renderSvg(toDot(traceGraph(y)));
    expect(svg.nodes.find((n) => n.title === 'n0')?.texts[0]).toBe('w "odd" \\ name');
    expect(svg.clusters[0]?.texts).toEqual(['sc "q"']);
  });
});
