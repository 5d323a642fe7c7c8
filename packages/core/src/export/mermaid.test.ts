import { describe, expect, test } from 'vitest';
import { tensor } from '../create.js';
import { scope } from '../grad-mode.js';
import { retainAllGrads, traceGraph } from '../graph.js';
import { gradientColor } from './colors.js';
import { toDot } from './dot.js';
import { toMermaid } from './mermaid.js';
import { buildMlp } from './mlp.fixture.js';

/** Reads the flowchart back: declared node ids, edges, and the subgraph nesting. */
function parse(src: string) {
  const lines = src.trimEnd().split('\n');
  const declared = new Map<string, string>();
  const edges: Array<[string, string]> = [];
  const stack: string[] = [];
  const subgraphs: Array<{ title: string; parent: string | null; members: string[] }> = [];
  for (const raw of lines.slice(1)) {
    const l = raw.trim();
    let m = /^subgraph (\w+)\["([^"]*)"\]$/.exec(l);
    if (m) {
      subgraphs.push({
        title: m[2] as string,
        parent: stack.length ? (stack[stack.length - 1] as string) : null,
        members: [],
      });
      stack.push(m[2] as string);
      continue;
    }
    if (l === 'end') {
      expect(stack.pop()).toBeDefined();
      continue;
    }
    m = /^([nc]\d+) --> ([nc]\d+)$/.exec(l);
    if (m) {
      edges.push([m[1] as string, m[2] as string]);
      continue;
    }
    m = /^([nc]\d+)[([]+"([^"]*)"[)\]]+$/.exec(l);
    if (m) {
      expect(declared.has(m[1] as string)).toBe(false);
      declared.set(m[1] as string, m[2] as string);
      const open = subgraphs.filter((s) => stack.includes(s.title)).pop();
      open?.members.push(m[1] as string);
    }
  }
  expect(stack).toEqual([]);
  return { header: lines[0], declared, edges, subgraphs };
}

describe('toMermaid', () => {
  test('the MLP: a flowchart with one subgraph per layer, every edge between declared nodes', () => {
    const g = traceGraph(buildMlp().loss);
    const p = parse(toMermaid(g));
    expect(p.header).toBe('flowchart TB');
    expect(p.declared.size).toBe(15);
    expect(p.edges).toHaveLength(14);
    for (const [a, b] of p.edges) {
      expect(p.declared.has(a)).toBe(true);
      expect(p.declared.has(b)).toBe(true);
    }
    expect(p.subgraphs.map((s) => [s.title, s.members.length])).toEqual([
      ['layer1', 6],
      ['layer2', 4],
      ['loss', 3],
    ]);
    expect(p.declared.get('n1')).toBe('W1<br/>[3,4]');
  });

  test('nested scopes nest subgraphs; quotes and angle brackets are escaped', () => {
    const w = tensor([1, 2], { requiresGrad: true, name: 'w "<b>"' });
    const y = scope('outer', () => scope('inner', () => w.mul(2)).sum());
    const src = toMermaid(traceGraph(y), { direction: 'LR' });
    const p = parse(src);
    expect(p.header).toBe('flowchart LR');
    expect(p.subgraphs.map((s) => [s.title, s.parent])).toEqual([
      ['outer', null],
      ['inner', 'outer'],
    ]);
    expect(src).toContain('w #quot;#lt;b#gt;#quot;');
  });

  test('colorBy gradient styles nodes with the shared colour scale', () => {
    const m = buildMlp();
    retainAllGrads(m.loss);
    m.loss.backward(undefined, { retainGraph: true });
    const g = traceGraph(m.loss);
    const src = toMermaid(g, { colorBy: 'gradient' });
    const w1 = g.nodes[1];
    expect(src).toContain(`style n1 fill:${gradientColor(w1?.gradNorm as number)}`);
    expect(src).toContain('‖g‖ = 0.4021');
    expect(src).not.toContain('classDef');
  });

  test('collapse draws a scope as one node (as toDot), collapseScopes every layer', () => {
    const m = buildMlp();
    m.loss.backward(undefined, { retainGraph: true });
    const g = traceGraph(m.loss);
    const src = toMermaid(g, { collapse: ['layer2'], colorBy: 'gradient' });
    const p = parse(src);
    expect(p.declared.size).toBe(15 - 4 + 1);
    expect(p.subgraphs.map((s) => s.title)).toEqual(['layer1', 'loss']);
    expect(p.declared.get('c1')).toMatch(
      /^layer2<br\/>2 ops, 10 parameters<br\/>out \[5,2\]<br\/>‖g params‖ = /,
    );
    expect(src).toContain('c1[["layer2');
    // The data flow survives: layer1's output into the box, the box into the loss; no self-loops.
    expect(p.edges.some(([a, b]) => b === 'c1' && a !== 'c1')).toBe(true);
    expect(p.edges.some(([a, b]) => a === 'c1' && b !== 'c1')).toBe(true);
    expect(p.edges.every(([a, b]) => a !== b)).toBe(true);
    expect(new Set(p.edges.map((e) => e.join(' '))).size).toBe(p.edges.length);
    expect(src).toMatch(/style c1 fill:#/);
    // As many nodes as toDot draws with the same option.
    const dot = toDot(g, { collapse: ['layer2'] });
    expect((dot.match(/^\s+(n\d+|"scope_[^"]+") \[/gm) ?? []).length).toBe(p.declared.size);
    const all = parse(toMermaid(g, { collapseScopes: true }));
    expect(all.subgraphs).toEqual([]);
    expect([...all.declared.keys()].filter((k) => k.startsWith('c'))).toEqual(['c1', 'c2', 'c3']);
    expect(() => toMermaid(g, { collapse: 'layer2' as never })).toThrow(
      /toMermaid: collapse must be an array of scope paths/,
    );
    expect(() => toMermaid(g, { collapseScopes: 0 })).toThrow(/toMermaid: collapseScopes/);
  });

  test('bad options', () => {
    const g = traceGraph(buildMlp().loss);
    expect(() => toMermaid(g, { direction: 'up' as 'TB' })).toThrow(
      /direction must be one of TB, LR, BT, RL, got "up"/,
    );
    expect(() => toMermaid({} as never)).toThrow(/expected a Graph from traceGraph/);
  });
});
