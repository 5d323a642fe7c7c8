/**
 * The playground group's page (`?peer=`, see `playground.ts`), installs `globalThis.gsPlayground`:
 * - `playground-worker`: the playground's own training worker (`apps/playground/src/worker/
 *   worker.ts`, its WorkerHost and Session, bundled as the page bundles it) in a Web Worker,
 *   driven by the page's messages: `configure`, then `play`; the figure is the steps the
 *   snapshots it posts report, over the wall-clock time between two snapshots.
 * - `playground-base` (with `--base DIR`): the same, the worker of another checkout.
 * - `tfjs-wasm`, `tfjs-wasm-mt` (as `page-tfjs.ts` sets them up): the same network, batch, loss
 *   and optimiser in TensorFlow.js, `optimizer.minimize` with `tf.train.adam`, the loss read back
 *   every step (the playground reads it too), steps run back to back on the page for the time.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import {
  DEFAULT_STATE,
  type PlaygroundState,
} from '../../../../apps/playground/src/state/state.js';
import type { FromWorker } from '../../../../apps/playground/src/worker/protocol.js';
import { normals } from '../data.js';

/** A playground network: `depth` hidden layers of `width` units. */
export interface PlaygroundNet {
  readonly depth: number;
  readonly width: number;
}

/** What the page reports of one timed run. */
export interface RunReply {
  readonly steps: number;
  readonly ms: number;
  readonly loss: number;
}

export interface PlaygroundPage {
  init(): Promise<Record<string, string | number | boolean>>;
  /** Trains `net` for about `ms` milliseconds (continuing where the last run of `net` stopped). */
  run(net: PlaygroundNet, ms: number): Promise<RunReply>;
}

const peer = new URL(location.href).searchParams.get('peer') ?? '';
const cores = navigator.hardwareConcurrency;

/** The page's state for `net`: the preset (spiral, tanh, Adam, batch 10) at that size. */
export function stateFor(net: PlaygroundNet): PlaygroundState {
  return { ...DEFAULT_STATE, network: { ...DEFAULT_STATE.network, ...net } };
}

function workerPage(url: string): PlaygroundPage {
  const worker = new Worker(url, { type: 'module' });
  let listener: ((m: FromWorker) => void) | null = null;
  worker.onmessage = (e: MessageEvent<FromWorker>) => listener?.(e.data);
  let current = '';
  const next = (pred: (m: FromWorker) => boolean) =>
    new Promise<FromWorker>((resolve, reject) => {
      listener = (m) => {
        if (m.type === 'error') reject(new Error(`playground worker: ${m.message}`));
        else if (pred(m)) resolve(m);
      };
    });
  return {
    async init() {
      return { worker: url };
    },
    async run(net, ms) {
      const key = `${net.depth}x${net.width}`;
      if (key !== current) {
        const ready = next((m) => m.type === 'snapshot');
        worker.postMessage({ type: 'configure', state: stateFor(net) });
        await ready;
        current = key;
      }
      // The first snapshot after play starts the clock; steps and time run to the last one.
      const snaps: Array<{ t: number; step: number }> = [];
      let loss = Number.NaN;
      const done = new Promise<void>((resolve, reject) => {
        listener = (m) => {
          if (m.type === 'error') reject(new Error(`playground worker: ${m.message}`));
          if (m.type !== 'snapshot' || !m.snapshot.running) return;
          const s = m.snapshot;
          snaps.push({ t: performance.now(), step: s.step });
          // The train loss when the snapshot carries losses (about once a second at 24 x 128),
          // else the loss of the last measured batch.
          if (s.losses !== null) loss = s.losses.train;
          else if (s.flow !== null && s.flow.step > 0) loss = s.flow.loss;
          if ((snaps[snaps.length - 1]?.t ?? 0) - (snaps[0]?.t ?? 0) >= ms) resolve();
        };
      });
      worker.postMessage({ type: 'play' });
      await done;
      const stopped = next((m) => m.type === 'snapshot');
      worker.postMessage({ type: 'pause' });
      await stopped;
      const a = snaps[0] as { t: number; step: number };
      const b = snaps[snaps.length - 1] as { t: number; step: number };
      return { steps: b.step - a.step, ms: b.t - a.t, loss };
    },
  };
}

/** Spiral-like points with two classes (the workload, not the data, is what is timed). */
function batchData(batch: number): { x: Float32Array; y: Float32Array } {
  const x = normals(7, batch * 2, 3);
  const y = new Float32Array(batch * 2);
  for (let i = 0; i < batch; i++) y[i * 2 + (i % 2)] = 1;
  return { x, y };
}

function tfjsPage(): PlaygroundPage {
  const built = new Map<string, () => number>();
  const build = (net: PlaygroundNet): (() => number) => {
    const sizes = [2, ...new Array<number>(net.depth).fill(net.width), 2];
    const W: tf.Variable[] = [];
    const B: tf.Variable[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [i, o] = [sizes[l] as number, sizes[l + 1] as number];
      // Xavier normal, as the preset initialises.
      W.push(tf.variable(tf.tensor2d(normals(100 + l, i * o, Math.sqrt(2 / (i + o))), [i, o])));
      B.push(tf.variable(tf.zeros([o])));
    }
    const batch = DEFAULT_STATE.data.batchSize;
    const d = batchData(batch);
    const x = tf.tensor2d(d.x, [batch, 2]);
    const y = tf.tensor2d(d.y, [batch, 2]);
    const opt = tf.train.adam(DEFAULT_STATE.training.lr);
    return () => {
      const cost = opt.minimize(
        () => {
          let h = x as tf.Tensor2D;
          for (let l = 0; l < W.length; l++) {
            const z = tf.add(tf.matMul(h, W[l] as tf.Variable), B[l] as tf.Variable) as tf.Tensor2D;
            h = l + 1 === W.length ? z : tf.tanh(z);
          }
          return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
        },
        true,
        [...W, ...B],
      );
      const v = cost?.dataSync()[0] ?? NaN;
      cost?.dispose();
      return v;
    };
  };
  return {
    async init() {
      setWasmPaths('/tfjs-wasm/');
      setThreadsCount(cores);
      if (peer === 'tfjs-wasm-mt')
        // See page-tfjs.ts: tfjs 4.22 gives XNNPACK at most half of hardwareConcurrency.
        Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', {
          get: () => 2 * cores,
          configurable: true,
        });
      await tf.setBackend('wasm');
      await tf.ready();
      return {
        backend: tf.getBackend(),
        simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean,
        threads: getThreadsCount(),
        version: tf.version.tfjs,
      };
    },
    async run(net, ms) {
      const key = `${net.depth}x${net.width}`;
      let step = built.get(key);
      if (step === undefined) {
        step = build(net);
        for (let i = 0; i < 5; i++) step();
        built.set(key, step);
      }
      const t0 = performance.now();
      let steps = 0;
      let loss = NaN;
      do {
        loss = step();
        steps++;
      } while (performance.now() - t0 < ms);
      return { steps, ms: performance.now() - t0, loss };
    },
  };
}

const api =
  peer === 'playground-worker'
    ? workerPage('/playground-worker.js')
    : peer === 'playground-base'
      ? workerPage('/playground-base-worker.js')
      : tfjsPage();
(globalThis as { gsPlayground?: PlaygroundPage }).gsPlayground = api;
