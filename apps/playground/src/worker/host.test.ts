/**
 * The worker's logic through its messages, in Node: the same numbers as the engine called
 * directly, play / pause / step / reset, and an error that keeps the previous session.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../data/csv.js';
import { neuronMaps } from '../engine/neurons.js';
import type { Session } from '../engine/session.js';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { build, type HostEnv, type HostTiming, WorkerHost } from './host.js';
import type { FromWorker, Snapshot } from './protocol.js';

/** A host with a manual clock and a manual task queue. */
function harness(timing: HostTiming = {}) {
  const out: FromWorker[] = [];
  const queue: Array<() => void> = [];
  let clock = 0;
  const env: HostEnv = {
    post: (m) => out.push(structuredClone(m)),
    defer: (fn) => queue.push(fn),
    // Every reading advances the clock 1 ms: a frame of 12 ms runs a handful of steps.
    now: () => clock++,
  };
  const host = new WorkerHost(env, timing);
  const snapshots = () =>
    out.filter((m): m is Extract<FromWorker, { type: 'snapshot' }> => m.type === 'snapshot');
  const last = (): Snapshot => (snapshots().at(-1) as { snapshot: Snapshot }).snapshot;
  const runTasks = (n: number) => {
    for (let i = 0; i < n && queue.length > 0; i++) (queue.shift() as () => void)();
  };
  /** Makes the clock jump `ms` whenever the next session's heatmap or measured step runs. */
  const slow = (what: { heatmap?: number; measure?: number }) => {
    const session = (host as unknown as { session: Session }).session;
    const heatmap = session.heatmap.bind(session);
    const trainStep = session.trainStep.bind(session);
    session.heatmap = (size) => {
      clock += what.heatmap ?? 0;
      return heatmap(size);
    };
    session.trainStep = (measure, inspect) => {
      if (measure === true) clock += what.measure ?? 0;
      return trainStep(measure, inspect);
    };
  };
  return { host, out, queue, snapshots, last, runTasks, slow, time: () => clock };
}

const small: PlaygroundState = {
  ...DEFAULT_STATE,
  network: { ...DEFAULT_STATE.network, depth: 3, width: 8 },
};

describe('WorkerHost', () => {
  it('configure posts ready (with the numbers at initialisation) and a first snapshot', () => {
    const h = harness();
    h.host.handle({ type: 'configure', state: small, heatmapSize: 8 });
    const ready = h.out[0] as Extract<FromWorker, { type: 'ready' }>;
    expect(ready.type).toBe('ready');
    expect(ready.info.run).toBe(1);
    expect(ready.info.activations).toEqual(['tanh', 'tanh', 'tanh']);
    expect(ready.info.train.labels.length + ready.info.test.labels.length).toBe(500);
    expect(ready.info.initialFlow).toEqual(build(small).initialFlow);
    expect(ready.info.theory.available).toBe(true);
    const s = h.last();
    expect(s.step).toBe(0);
    expect(s.heatmap?.values.length).toBe(64);
    expect(s.losses?.step).toBe(0);
  });

  it('step n gives the engine’s numbers for step n, bit for bit', () => {
    const h = harness();
    h.host.handle({ type: 'configure', state: small });
    h.host.handle({ type: 'step', count: 7 });
    const direct = build(small);
    const flow = direct.run(7);
    const s = h.last();
    expect(s.step).toBe(7);
    expect(s.flow).toEqual(flow);
    expect(s.losses).toEqual(direct.losses());
    expect(s.neurons).toEqual(neuronMaps(direct));
    expect(s.running).toBe(false);
  });

  it('play trains in frames until pause; reset starts over at step 0', () => {
    const h = harness();
    h.host.handle({ type: 'configure', state: small });
    h.host.handle({ type: 'play' });
    h.runTasks(5);
    const playing = h.last();
    expect(playing.running).toBe(true);
    expect(playing.step).toBeGreaterThan(5);
    expect(playing.flow?.step).toBeGreaterThan(0);
    h.host.handle({ type: 'pause' });
    const paused = h.last();
    expect(paused.running).toBe(false);
    expect(paused.losses).not.toBeNull();
    h.runTasks(5); // a frame queued before the pause does nothing
    expect(h.last().step).toBe(paused.step);
    h.host.handle({ type: 'reset' });
    expect(h.last().step).toBe(0);
    expect(h.last().run).toBe(2);
  });

  it('while playing, a step is measured at most once per measureEveryMs, with the engine’s numbers', () => {
    const h = harness({ measureEveryMs: 200 });
    h.host.handle({ type: 'configure', state: small });
    h.host.handle({ type: 'play' });
    h.runTasks(40); // 40 frames of 12 clock readings (1 ms each): about 500 ms
    h.host.handle({ type: 'pause' });
    const played = h.snapshots().map((m) => m.snapshot);
    const steps = (played.at(-1) as Snapshot).step;
    const measured = [...new Set(played.map((p) => p.flow?.step ?? 0))].filter((n) => n > 0);
    // ~500 clock ms and a snapshot every 50: three measured steps (at 0, 200 and 400 ms), not
    // one per snapshot.
    expect(played.length).toBeGreaterThanOrEqual(9);
    expect(measured.length).toBe(3);
    expect(steps).toBeGreaterThan(400);
    // The last measured step's numbers are those the engine gives for that step.
    const n = measured.at(-1) as number;
    const direct = build(small);
    expect(played.find((p) => p.flow?.step === n)?.flow).toEqual(direct.run(n));
  });

  it('slow heatmaps and measured steps take at most a tenth of the time', () => {
    const h = harness();
    h.host.handle({ type: 'configure', state: small });
    h.slow({ heatmap: 60, measure: 30 });
    h.host.handle({ type: 'play' });
    h.runTasks(150); // about 2 s of clock time
    h.host.handle({ type: 'pause' });
    const played = h.snapshots().map((m) => m.snapshot);
    const heavy = played.filter((p) => p.running && p.heatmap !== null);
    const measured = [...new Set(played.map((p) => p.flow?.step ?? 0))].filter((n) => n > 0);
    const elapsed = h.time();
    // A 60 ms heatmap every 100 ms would be 60% of the time; at most a tenth is one per 660 ms
    // (60 ms of heatmap, then 600 ms of training).
    expect(heavy.length).toBeGreaterThanOrEqual(2);
    expect(heavy.length).toBeLessThanOrEqual(Math.ceil(elapsed / 660) + 1);
    for (const p of heavy) expect(p.timing.heavyMs).toBeGreaterThanOrEqual(60);
    // A 30 ms measured step once per 50 ms snapshot would be 60%; a tenth is one per 300 ms.
    expect(measured.length).toBeGreaterThanOrEqual(2);
    expect(measured.length).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 1);
  });

  it('a configuration that fails posts an error and keeps the previous session', () => {
    const h = harness();
    h.host.handle({ type: 'configure', state: small });
    h.host.handle({ type: 'step', count: 3 });
    h.host.handle({
      type: 'configure',
      state: { ...small, data: { ...small.data, dataset: 'csv' } },
    });
    expect(h.out.at(-1)).toEqual({
      type: 'error',
      message: 'no CSV file loaded: choose a file, or pick a built-in data set',
    });
    h.host.handle({ type: 'step', count: 1 });
    expect(h.last().step).toBe(4);
  });

  it('trains on an uploaded CSV table (three classes, three features)', () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const a = Math.cos(i);
      const b = Math.sin(i * 1.3);
      return `${a},${b},${(i % 7) / 7},${a > 0.3 ? 'hi' : a < -0.3 ? 'lo' : 'mid'}`;
    });
    const { table } = parseCsv(['a,b,c,cls', ...rows].join('\n'));
    const h = harness();
    h.host.handle({
      type: 'configure',
      state: { ...small, data: { ...small.data, dataset: 'csv', batchSize: 5 } },
      table,
      heatmapSize: 6,
    });
    const ready = h.out[0] as Extract<FromWorker, { type: 'ready' }>;
    expect(ready.info.classes).toEqual(['hi', 'lo', 'mid']);
    expect(ready.info.inputNames).toEqual(['X₁', 'X₂', 'c']);
    h.host.handle({ type: 'step', count: 40 });
    const s = h.last();
    expect(s.heatmap?.classes.length).toBe(36);
    expect(Number.isFinite(s.losses?.test)).toBe(true);
  });
});
