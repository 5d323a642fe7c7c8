/**
 * The graph inspector's worker side, through the host's messages: `trace` returns the graph of
 * the session's next step as core's `traceGraph` gives it for the same step of the same seed
 * (traced here directly, without the inspector's code), statistics that equal a direct
 * computation, histograms that hold every finite element, a traced step that changes no number
 * of the run, and `onnx` that returns an ONNX file's graph or the OnnxError's message.
 */
import {
  createRng,
  type Graph,
  graphTensors,
  type Tensor,
  tensor,
  traceGraph,
} from '@gradscope/core';
import { fromONNX, OnnxError, toONNX } from '@gradscope/onnx';
import { Activation, Linear, Sequential } from '@gradscope/trainer';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { build, WorkerHost } from '../worker/host.js';
import type { FromWorker } from '../worker/protocol.js';
import { HIST_BINS, type Summary, summarize } from './inspect.js';
import { inputShape, inputValue } from './onnx-graph.js';

function host() {
  const out: FromWorker[] = [];
  const h = new WorkerHost({
    post: (m) => out.push(structuredClone(m)),
    defer: () => {},
    now: () => 0,
  });
  const graphs = () =>
    out.filter((m): m is Extract<FromWorker, { type: 'graph' }> => m.type === 'graph');
  const errors = () =>
    out.filter((m): m is Extract<FromWorker, { type: 'graphError' }> => m.type === 'graphError');
  return { h, out, graphs, errors };
}

const small: PlaygroundState = {
  ...DEFAULT_STATE,
  seed: 5,
  network: { ...DEFAULT_STATE.network, depth: 3, width: 8 },
};

/** Statistics written out the plain way: sorted copy, mean by reduce, two-pass variance. */
function direct(data: ArrayLike<number>) {
  const all = Array.from(data, Number);
  const finite = all.filter(Number.isFinite).sort((a, b) => a - b);
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const variance = finite.reduce((a, v) => a + (v - mean) ** 2, 0) / finite.length;
  return {
    count: all.length,
    nonFinite: all.length - finite.length,
    min: finite[0] as number,
    max: finite[finite.length - 1] as number,
    mean,
    std: Math.sqrt(variance),
  };
}

function expectSummary(s: Summary, data: ArrayLike<number>) {
  const d = direct(data);
  expect(s.count).toBe(d.count);
  expect(s.nonFinite).toBe(d.nonFinite);
  expect(s.min).toBe(d.min);
  expect(s.max).toBe(d.max);
  expect(s.mean).toBeCloseTo(d.mean, 12);
  expect(s.std).toBeCloseTo(d.std, 12);
  expect(s.hist.counts).toHaveLength(HIST_BINS);
  expect(s.hist.counts.reduce((a, b) => a + b, 0)).toBe(d.count - d.nonFinite);
}

describe('summarize', () => {
  it('counts NaN and ±Infinity apart and bins every finite element', () => {
    const data = [1, 2, Number.NaN, 4, Number.POSITIVE_INFINITY, -3, 0.5, Number.NEGATIVE_INFINITY];
    const s = summarize(data);
    expectSummary(s, data);
    expect(s.nonFinite).toBe(3);
    expect([s.hist.lo, s.hist.hi]).toEqual([-3, 4]);
    // -3 in the first bin, 4 (the maximum) in the last.
    expect(s.hist.counts[0]).toBe(1);
    expect(s.hist.counts[HIST_BINS - 1]).toBe(1);
  });
  it('a constant tensor has one full bin and std 0; an all-NaN one has no statistics', () => {
    const s = summarize([2, 2, 2]);
    expect([s.min, s.max, s.mean, s.std]).toEqual([2, 2, 2, 0]);
    expect(s.hist.counts.reduce((a, b) => a + b, 0)).toBe(3);
    const nan = summarize([Number.NaN, Number.NaN]);
    expect(nan.nonFinite).toBe(2);
    expect(nan.mean).toBeNaN();
    expect(nan.hist.counts.every((c) => c === 0)).toBe(true);
  });
  it('random data: statistics equal the direct computation', () => {
    const rng = createRng(11);
    const data = Float32Array.from({ length: 1000 }, () => rng.normal() * 3 + 1);
    expectSummary(summarize(data), data);
  });
});

describe('trace (the session step of the inspector)', () => {
  it('returns the graph traceGraph gives for the same step, with statistics of every node', () => {
    const { h, graphs } = host();
    h.handle({ type: 'configure', state: small });
    h.handle({ type: 'step', count: 2 });
    h.handle({ type: 'trace' });
    const report = graphs()[0]?.report;
    if (report === undefined) throw new Error('no graph posted');
    expect(report.source).toBe('session');
    expect(report.title).toMatch(/training step 3/);

    // The same step traced directly: a fresh session of the same state, two steps, then the
    // third with the graph kept.
    const s = build(small);
    s.run(2);
    let g: Graph | null = null;
    // Copies taken before the update (the optimiser changes parameters in place).
    let tensors: Array<{ data: number[]; grad: number[] | null }> = [];
    s.trainStep(false, (loss) => {
      g = traceGraph(loss);
      tensors = graphTensors(loss).map((t: Tensor) => ({
        data: Array.from(t.data as Float32Array),
        grad: t.grad === null ? null : Array.from(t.grad.data as Float32Array),
      }));
    });
    const want = g as unknown as Graph;
    expect(report.graph.nodes.length).toBe(want.nodes.length);
    expect(report.graph.nodes.map((n) => n.op)).toEqual(want.nodes.map((n) => n.op));
    expect(report.graph.nodes.map((n) => n.shape)).toEqual(want.nodes.map((n) => n.shape));
    expect(report.graph.nodes.map((n) => n.gradNorm)).toEqual(want.nodes.map((n) => n.gradNorm));
    expect(report.graph.edges).toEqual(want.edges);
    // 3 hidden layers: 4 matmuls (Linear), 3 tanh; every op node has a gradient.
    const ops = report.graph.nodes.map((n) => n.op);
    expect(ops.filter((o) => o === 'tanh')).toHaveLength(3);
    expect(report.graph.nodes.filter((n) => n.role === 'parameter')).toHaveLength(8);
    expect(report.stats).toHaveLength(want.nodes.length);
    report.stats.forEach((st, i) => {
      const t = tensors[i] as { data: number[]; grad: number[] | null };
      expectSummary(st.value, t.data);
      if (t.grad === null) expect(st.grad).toBeNull();
      else expectSummary(st.grad as Summary, t.grad);
    });
    const withGrad = report.stats.filter((st) => st.grad !== null).length;
    expect(withGrad).toBe(report.graph.nodes.filter((n) => n.gradNorm !== undefined).length);
    expect(withGrad).toBeGreaterThan(report.graph.nodes.length / 2);
  });

  it('a traced step is a step like any other: the run continues with the same numbers', () => {
    const { h, out } = host();
    h.handle({ type: 'configure', state: small });
    h.handle({ type: 'trace' });
    h.handle({ type: 'step', count: 3 });
    const snaps = out.filter(
      (m): m is Extract<FromWorker, { type: 'snapshot' }> => m.type === 'snapshot',
    );
    const last = snaps.at(-1)?.snapshot;
    const d = build(small);
    const flow = d.run(4);
    expect(last?.step).toBe(4);
    expect(last?.flow).toEqual(flow);
    expect(last?.losses).toEqual(d.losses());
  });

  it('without a session, trace says so', () => {
    const { h, errors } = host();
    h.handle({ type: 'trace' });
    expect(errors()[0]?.message).toMatch(/no session/);
  });
});

describe('onnx (a file in the inspector)', () => {
  const model = new Sequential(
    new Linear(3, 4, { rng: createRng(1) }),
    new Activation('tanh'),
    new Linear(4, 2, { rng: createRng(2) }),
  );

  it('returns the forward graph of the file on a deterministic input', async () => {
    const x0 = [0.1, 0.2, 0.3];
    const bytes = toONNX(model, [tensorOf(x0, [1, 3])], { opset: 17, dynamicBatch: true });
    const h = host();
    const { graphs } = h;
    h.h.handle({ type: 'onnx', name: 'mlp.onnx', bytes: bytes.slice().buffer });
    await vi.waitFor(() => expect(h.out.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(h.out.map((m) => (m.type === 'graphError' ? m.message : m.type))).toEqual(['graph']);
    const report = graphs()[0]?.report;
    if (report === undefined) throw new Error('no graph');
    expect(report.source).toBe('onnx');
    expect(report.title).toMatch(/mlp\.onnx: opset 17, forward pass on input \[1, 3\]/);

    // Directly: the same file, the same input, traced by core.
    const m = fromONNX(bytes);
    m.eval();
    expect(inputShape(m.inputSpecs[0]?.dims ?? null)).toEqual([1, 3]);
    const x = tensorOf([inputValue(0), inputValue(1), inputValue(2)], [1, 3]);
    const y = m.call(x);
    const g = traceGraph(y);
    expect(report.graph.nodes.map((n) => n.op)).toEqual(g.nodes.map((n) => n.op));
    expect(report.graph.nodes.filter((n) => n.op === 'tanh')).toHaveLength(1);
    // The output node's statistics are those of the model's output.
    const outId = report.graph.outputs[0] as number;
    expectSummary(report.stats[outId]?.value as Summary, y.data as Float32Array);
    // Gradients of the sum of the outputs: the output's gradient is all ones.
    const og = report.stats[outId]?.grad as Summary;
    expect([og.min, og.max, og.count]).toEqual([1, 1, 2]);
  });

  it('a bad file gives the OnnxError message', async () => {
    const bad = new Uint8Array([1, 2, 3, 4, 5, 255, 255]);
    let expected = '';
    try {
      fromONNX(bad);
    } catch (e) {
      expect(e).toBeInstanceOf(OnnxError);
      expected = (e as Error).message;
    }
    expect(expected).not.toBe('');
    const { h, errors, graphs } = host();
    h.handle({ type: 'onnx', name: 'bad.onnx', bytes: bad.slice().buffer });
    await vi.waitFor(() => expect(errors()).toHaveLength(1), { timeout: 10_000 });
    expect(errors()[0]?.source).toBe('onnx');
    expect(errors()[0]?.message).toBe(`bad.onnx was not loaded: ${expected}`);
    expect(graphs()).toHaveLength(0);
  });
});

function tensorOf(data: number[], shape: number[]): Tensor {
  return tensor(data, { shape });
}
