import { describe, expect, test } from 'vitest';
import { tensor } from '../create.js';
import { ArgumentError } from '../errors.js';
import { type Graph, retainAllGrads, traceGraph } from '../graph.js';
import { fromJSON, GRAPH_FORMAT, type GraphJSON, toJSON } from './json.js';
import { buildMlp } from './mlp.fixture.js';

function mlpGraph(): Graph {
  const m = buildMlp();
  retainAllGrads(m.loss);
  m.loss.backward(undefined, { retainGraph: true });
  return traceGraph(m.loss);
}

/** A fresh JSON document, as it would come back from disk. */
const wire = (g: Graph): GraphJSON => JSON.parse(JSON.stringify(toJSON(g)));

describe('toJSON / fromJSON', () => {
  test('JSON.parse(JSON.stringify(toJSON(g))) round-trips to an equal graph', () => {
    const g = mlpGraph();
    expect(fromJSON(wire(g))).toStrictEqual(g);
    expect(fromJSON(JSON.stringify(toJSON(g)))).toStrictEqual(g);
    const plain = traceGraph(buildMlp().loss);
    expect(fromJSON(wire(plain))).toStrictEqual(plain);
  });

  test('the document carries format and version', () => {
    const doc = toJSON(mlpGraph());
    expect(doc.format).toBe(GRAPH_FORMAT);
    expect(doc.version).toBe(1);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'outputs', 'nodes', 'edges']);
  });

  test('NaN and infinite values survive JSON (gradient norms, constants, attributes)', () => {
    const x = tensor([0, 1], { requiresGrad: true, name: 'x' });
    const y = x.clamp(Number.NEGATIVE_INFINITY, 0.5).log().mul(Number.POSITIVE_INFINITY).sum();
    retainAllGrads(y);
    y.backward(undefined, { retainGraph: true });
    const g = traceGraph(y);
    const doc = wire(g);
    expect(doc.nodes.find((n) => n.op === 'clamp')?.attrs).toEqual({
      min: { $number: '-Infinity' },
      max: 0.5,
    });
    expect(doc.nodes.some((n) => n.value === 'Infinity')).toBe(true);
    expect(doc.nodes.some((n) => n.gradNorm === 'NaN' || n.gradNorm === 'Infinity')).toBe(true);
    const back = fromJSON(doc);
    expect(back).toStrictEqual(g);
    expect(back.nodes.find((n) => n.op === 'clamp')?.attrs.min).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('fromJSON validation', () => {
  const good = () => wire(traceGraph(buildMlp().loss));
  const bad = (mutate: (d: Record<string, unknown> & GraphJSON) => void) => {
    const d = good() as Record<string, unknown> & GraphJSON;
    mutate(d);
    return () => fromJSON(d);
  };

  test('wrong format or version', () => {
    expect(() => fromJSON(null)).toThrow(/fromJSON: \(document\): expected an object, got null/);
    expect(
      bad((d) => {
        d.format = 'other' as typeof GRAPH_FORMAT;
      }),
    ).toThrow(/format: expected 'gradscope.graph', got "other"/);
    expect(
      bad((d) => {
        d.version = 2;
      }),
    ).toThrow(/version: this gradscope reads graph version 1, got 2/);
    expect(() => fromJSON('{not json')).toThrow(/not valid JSON/);
  });

  test('field errors name the path, what was expected and what came', () => {
    expect(
      bad((d) => {
        (d.nodes[1] as { shape: unknown }).shape = [3, -4];
      }),
    ).toThrow(/nodes\[1\]\.shape\[1\]: expected a non-negative integer, got -4/);
    expect(
      bad((d) => {
        d.nodes[2]!.dtype = 'int8' as 'float32';
      }),
    ).toThrow(/nodes\[2\]\.dtype: expected one of float32, float64, got "int8"/);
    expect(
      bad((d) => {
        d.nodes[2]!.inputs = [0, 5];
      }),
    ).toThrow(/nodes\[2\]\.inputs\[1\]: expected the id of an earlier node \(< 2\), got 5/);
    expect(
      bad((d) => {
        d.nodes[3]!.id = 7;
      }),
    ).toThrow(/nodes\[3\]\.id: expected 3/);
    expect(
      bad((d) => {
        d.nodes[2]!.kind = 'tensor' as 'op';
      }),
    ).toThrow(/nodes\[2\]\.kind: expected 'op' or 'leaf'/);
    expect(
      bad((d) => {
        d.nodes[0]!.role = 'weight' as 'input';
      }),
    ).toThrow(/nodes\[0\]\.role/);
    expect(
      bad((d) => {
        d.nodes[2]!.op = null;
      }),
    ).toThrow(/nodes\[2\]\.op: expected an op name, got null/);
    expect(
      bad((d) => {
        d.nodes[1]!.gradNorm = 'big' as 'NaN';
      }),
    ).toThrow(/nodes\[1\]\.gradNorm: expected a number/);
    expect(
      bad((d) => {
        d.outputs = [99];
      }),
    ).toThrow(/outputs\[0\]: no node has id 99 \(the graph has 15 nodes\)/);
    expect(
      bad((d) => {
        d.edges.pop();
      }),
    ).toThrow(/edges: expected one edge per node input \(14\), got 13/);
    expect(
      bad((d) => {
        d.edges[0]!.from = 1;
      }),
    ).toThrow(/edges\[0\]: says node 1 is input 0 of node 2/);
    expect(
      bad((d) => {
        delete (d as Partial<GraphJSON>).nodes;
      }),
    ).toThrow(ArgumentError);
  });
});
