/**
 * Compare mode in Node: two WorkerHosts driven by `splitMessage` give for A and for B exactly
 * what a single session of each configuration gives (sigmoid vs ReLU at depth 12).
 */
import { describe, expect, it } from 'vitest';
import { configB, DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { splitMessage } from './compare.js';
import { build, WorkerHost } from './host.js';
import type { FromWorker, Snapshot, ToWorker } from './protocol.js';

function host() {
  const out: FromWorker[] = [];
  let clock = 0;
  const h = new WorkerHost({
    post: (m) => out.push(structuredClone(m)),
    defer: () => {},
    now: () => clock++,
  });
  const last = (): Snapshot =>
    (out.filter((m) => m.type === 'snapshot').at(-1) as { snapshot: Snapshot }).snapshot;
  return { h, out, last };
}

/** A's and B's hosts, and `send`, which splits a page message between them as the page does. */
function pair() {
  const a = host();
  const b = host();
  const send = (m: ToWorker) => {
    const s = splitMessage(m, true);
    a.h.handle(s.a);
    if (s.b !== null) b.h.handle(s.b);
  };
  return { a, b, send };
}

const net = { ...DEFAULT_STATE.network, depth: 12, width: 8 };
const state: PlaygroundState = {
  ...DEFAULT_STATE,
  seed: 5,
  network: { ...net, activation: 'sigmoid' },
  compare: {
    network: { ...net, activation: 'relu', init: 'heNormal' },
    training: { ...DEFAULT_STATE.training, optimizer: 'sgd', lr: 0.1 },
  },
};

describe('compare mode', () => {
  it('B in its own host equals a single session of B, bit for bit; A equals A alone', () => {
    const { a, b, send } = pair();
    send({ type: 'configure', state, heatmapSize: 8 });
    send({ type: 'step', count: 4 });
    send({ type: 'step', count: 3 });
    const bState = configB(state) as PlaygroundState;
    const soloB = build(bState);
    const flowB = soloB.run(7);
    expect(b.last().step).toBe(7);
    expect(b.last().flow).toEqual(flowB);
    expect(b.last().losses).toEqual(soloB.losses());
    const readyB = b.out.find((m) => m.type === 'ready') as Extract<FromWorker, { type: 'ready' }>;
    expect(readyB.info.activations).toEqual(Array(12).fill('relu'));
    expect(readyB.info.initialFlow).toEqual(build(bState).initialFlow);
    const { compare: _, ...aState } = state;
    const soloA = build(aState);
    expect(a.last().flow).toEqual(soloA.run(7));
    // The two runs really differ (same data and seed, different networks).
    expect(a.last().flow).not.toEqual(b.last().flow);
    expect(readyB.info.train).toEqual(
      (a.out.find((m) => m.type === 'ready') as Extract<FromWorker, { type: 'ready' }>).info.train,
    );
    send({ type: 'reset' });
    expect(a.last().step).toBe(0);
    expect(b.last().step).toBe(0);
  });

  it('tracing A makes B take the same step (untraced): both stay on one step, B as B alone', () => {
    const { a, b, send } = pair();
    send({ type: 'configure', state, heatmapSize: 8 });
    send({ type: 'step', count: 2 });
    send({ type: 'trace' });
    send({ type: 'trace' });
    expect(a.last().step).toBe(4);
    expect(b.last().step).toBe(4);
    expect(a.out.filter((m) => m.type === 'graph')).toHaveLength(2);
    expect(b.out.filter((m) => m.type === 'graph')).toHaveLength(0);
    // B's numbers are those of B's run alone: the untraced step is an ordinary measured step.
    const soloB = build(configB(state) as PlaygroundState);
    expect(b.last().flow).toEqual(soloB.run(4));
    send({ type: 'step', count: 1 });
    expect(b.last().flow).toEqual(soloB.run(1));
    expect(a.last().step).toBe(b.last().step);
  });

  it('without configuration B only A gets messages', () => {
    const s = splitMessage({ type: 'configure', state: DEFAULT_STATE }, false);
    expect(s.b).toBeNull();
    expect(splitMessage({ type: 'play' }, false).b).toBeNull();
    expect(splitMessage({ type: 'play' }, true).b).toEqual({ type: 'play' });
    expect(splitMessage({ type: 'trace' }, false).b).toBeNull();
    expect(splitMessage({ type: 'trace' }, true).b).toEqual({ type: 'trace', graph: false });
  });
});
