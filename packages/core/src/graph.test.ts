import { describe, expect, test } from 'vitest';
import { tensor } from './create.js';
import { ArgumentError, GraphError } from './errors.js';
import { buildMlp } from './export/mlp.fixture.js';
import { noGrad, scope } from './grad-mode.js';
import { formatAttrs, GRAPH_VERSION, graphTensors, retainAllGrads, traceGraph } from './graph.js';
import type { Tensor } from './tensor.js';

/** L2 norm computed straight from a tensor's gradient data. */
function norm(t: Tensor): number {
  let s = 0;
  for (const v of (t.grad as Tensor).data) s += v * v;
  return Math.sqrt(s);
}

describe('traceGraph on the two-layer MLP', () => {
  const m = buildMlp();
  const g = traceGraph(m.loss);

  test('nodes in topological order with ids = positions, edges = inputs', () => {
    expect(g.version).toBe(GRAPH_VERSION);
    expect(g.nodes).toHaveLength(15);
    g.nodes.forEach((n, i) => {
      expect(n.id).toBe(i);
      for (const inp of n.inputs) expect(inp).toBeLessThan(i);
    });
    const fromInputs = g.nodes.flatMap((n) =>
      n.inputs.map((from, index) => ({ from, to: n.id, index })),
    );
    expect(g.edges).toEqual(fromInputs);
    expect(g.outputs).toEqual([14]);
  });

  test('op names, shapes, dtypes, names, scopes and roles come from the tensors', () => {
    const ops = g.nodes.filter((n) => n.kind === 'op');
    expect(ops.map((n) => n.op)).toEqual([
      'matmul',
      'add',
      'maximum',
      'matmul',
      'add',
      'sub',
      'square',
      'mean',
    ]);
    expect(ops.map((n) => n.scope.join('/'))).toEqual([
      'layer1',
      'layer1',
      'layer1',
      'layer2',
      'layer2',
      'loss',
      'loss',
      'loss',
    ]);
    const byName = new Map(g.nodes.filter((n) => n.name !== null).map((n) => [n.name, n]));
    expect(byName.get('W1')).toMatchObject({
      kind: 'leaf',
      op: null,
      role: 'parameter',
      shape: [3, 4],
      scope: ['layer1'],
      requiresGrad: true,
      dtype: 'float32',
    });
    expect(byName.get('b2')).toMatchObject({ role: 'parameter', shape: [2], scope: ['layer2'] });
    expect(byName.get('x')).toMatchObject({
      role: 'input',
      scope: [],
      requiresGrad: false,
      shape: [5, 3],
    });
    expect(byName.get('y')).toMatchObject({ role: 'input', scope: [], shape: [5, 2] });
    const constant = g.nodes.find((n) => n.role === 'constant');
    expect(constant).toMatchObject({ value: 0, shape: [], scope: ['layer1'], name: null });
    const loss = g.nodes[14];
    expect(loss).toMatchObject({
      op: 'mean',
      attrs: { axes: [0, 1], keepDims: false },
      shape: [],
      role: null,
    });
    // matmul [5,3] @ [3,4]: 5·4 outputs, 3 multiply–adds each (the op's own macs rule).
    expect(g.nodes[2]).toMatchObject({ op: 'matmul', macs: 5 * 4 * 3 });
    expect(g.nodes[4]).toMatchObject({ op: 'add', macs: 20 });
  });

  test('without backward no node carries a gradient norm', () => {
    expect(g.nodes.some((n) => 'gradNorm' in n)).toBe(false);
  });

  test('ids do not depend on tensors made earlier (a second trace is equal)', () => {
    tensor([1, 2, 3]).add(1);
    expect(traceGraph(buildMlp().loss)).toEqual(g);
  });
});

describe('gradient norms', () => {
  test('leaves carry ‖grad‖ after backward; non-leaves only when retained', () => {
    const m = buildMlp();
    m.h.retainGrad();
    m.loss.backward(undefined, { retainGraph: true });
    const g = traceGraph(m.loss);
    const named = (n: string) => g.nodes.find((x) => x.name === n);
    expect(named('W1')?.gradNorm).toBeCloseTo(norm(m.W1), 12);
    expect(named('b2')?.gradNorm).toBeCloseTo(norm(m.b2), 12);
    expect(named('x')?.gradNorm).toBeUndefined();
    const ops = g.nodes.filter((n) => n.kind === 'op');
    expect(ops.filter((n) => n.gradNorm !== undefined).map((n) => n.op)).toEqual(['maximum']);
    expect(ops.find((n) => n.op === 'maximum')?.gradNorm).toBeCloseTo(norm(m.h), 12);
    expect(traceGraph(m.loss, { gradients: false }).nodes.some((n) => 'gradNorm' in n)).toBe(false);
  });

  test('retainAllGrads gives every differentiable node its norm, matching dL/dout by hand', () => {
    const m = buildMlp();
    retainAllGrads(m.loss);
    m.loss.backward(undefined, { retainGraph: true });
    const g = traceGraph(m.loss);
    for (const n of g.nodes) expect(n.gradNorm !== undefined).toBe(n.requiresGrad);
    // loss = mean((out - y)^2) over 10 elements: dL/dout = 2 (out - y) / 10.
    const out = m.out.data;
    const y = m.y.data;
    let s = 0;
    for (let i = 0; i < out.length; i++)
      s += ((2 * ((out[i] as number) - (y[i] as number))) / 10) ** 2;
    const outNode = g.nodes.find((n) => n.op === 'add' && n.scope[0] === 'layer2');
    expect(outNode?.gradNorm).toBeCloseTo(Math.sqrt(s), 6);
    expect(g.nodes[g.outputs[0] as number]?.gradNorm).toBe(1);
  });

  test('retaining gradients does not change the leaf gradients', () => {
    const a = buildMlp();
    a.loss.backward();
    const b = buildMlp();
    retainAllGrads(b.loss);
    b.loss.backward();
    for (const k of ['W1', 'b1', 'W2', 'b2'] as const)
      expect(Array.from((b[k].grad as Tensor).data)).toEqual(
        Array.from((a[k].grad as Tensor).data),
      );
  });
});

describe('graph shapes and errors', () => {
  test('a released graph is refused with a clear message', () => {
    const m = buildMlp();
    m.loss.backward();
    expect(() => traceGraph(m.loss)).toThrow(GraphError);
    expect(() => traceGraph(m.loss)).toThrow(
      /'mean' .*was released by backward\(\).*retainGraph: true/,
    );
  });

  test('a tensor used twice is one node with two edges', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true, name: 'x' });
    const g = traceGraph(x.sub(x));
    expect(g.nodes).toHaveLength(2);
    expect(g.nodes[1]?.inputs).toEqual([0, 0]);
    expect(g.edges).toEqual([
      { from: 0, to: 1, index: 0 },
      { from: 0, to: 1, index: 1 },
    ]);
  });

  test('several outputs share their common part', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    const g = traceGraph([h.exp(), h.log()]);
    expect(g.nodes.map((n) => n.op)).toEqual([null, null, 'mul', 'exp', 'log']);
    expect(g.outputs).toEqual([3, 4]);
  });

  test('a tensor made without recording is a leaf; nested scopes are recorded as paths', () => {
    const x = tensor([1, 2], { requiresGrad: true, name: 'x' });
    const c = noGrad(() => x.mul(3));
    const y = scope('a', () => scope('b', () => c.add(x)));
    const g = traceGraph(y);
    expect(g.nodes.map((n) => [n.kind, n.role])).toEqual([
      ['leaf', 'input'],
      ['leaf', 'parameter'],
      ['op', null],
    ]);
    expect(g.nodes[2]?.scope).toEqual(['a', 'b']);
    expect(g.nodes[1]?.scope).toEqual(['a', 'b']);
  });

  test('parameters used in two scopes sit in their common scope', () => {
    const w = tensor([1, 2], { requiresGrad: true, name: 'w' });
    const y = scope('net', () => scope('p', () => w.mul(2)).add(scope('q', () => w.exp())));
    const g = traceGraph(y);
    expect(g.nodes.find((n) => n.name === 'w')?.scope).toEqual(['net']);
  });

  test('bad arguments name what was expected', () => {
    expect(() => traceGraph(3 as never)).toThrow(ArgumentError);
    expect(() => traceGraph(3 as never)).toThrow(/expected a Tensor, got 3/);
    expect(() => traceGraph([])).toThrow(/at least one tensor/);
    expect(() => retainAllGrads({} as never)).toThrow(ArgumentError);
  });

  test('float64 and attributes are recorded as plain data', () => {
    const x = tensor([1, 2], { requiresGrad: true, dtype: 'float64' });
    const g = traceGraph(x.clamp(0, null).sum());
    expect(g.nodes[0]?.dtype).toBe('float64');
    expect(g.nodes.find((n) => n.op === 'clamp')?.attrs).toEqual({ min: 0, max: null });
  });

  test('formatAttrs writes one line and cuts long arrays', () => {
    const long = Array.from({ length: 100 }, (_, i) => i);
    expect(
      formatAttrs({ axes: [0, 1], keepDims: false, mode: 'x', o: { a: 1.23456, b: null } }),
    ).toBe('axes=[0,1] keepDims=false mode=x o={a:1.235,b:null}');
    expect(formatAttrs({ ix: long })).toBe('ix=[0,1,2,3,4,5,6,7,…+92]');
  });
});

describe('graphTensors', () => {
  test("gives the tensor of each of traceGraph's nodes, by node id", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const w = tensor([0.5, -1, 2]);
    const h = x.mul(w);
    const y = h.sum();
    const z = h.mean();
    const g = traceGraph([y, z]);
    const ts = graphTensors([y, z]);
    expect(ts).toHaveLength(g.nodes.length);
    for (const n of g.nodes) expect((ts[n.id] as Tensor).shape).toEqual(n.shape);
    expect(ts[g.outputs[0] as number]).toBe(y);
    expect(ts[g.outputs[1] as number]).toBe(z);
    expect(ts).toContain(x);
    expect(ts).toContain(w);
    expect(ts.indexOf(h)).toBeLessThan(ts.indexOf(y));
  });

  test('refuses what is not a tensor', () => {
    expect(() => graphTensors([1 as unknown as Tensor])).toThrow(ArgumentError);
  });
});
