/**
 * Child process that runs experiments 3–7 while the parent measures the gradient-flow grid, so
 * the default run uses both cores. Protocol (advanced serialisation, so -Infinity survives):
 * parent → { options: RunOptions, keys: ExperimentKey[] }; child → progress messages
 * `{ type: 'start' | 'update' | 'stop', ... }`, one `{ type: 'result', output }` per experiment,
 * then `{ type: 'done' }`, or `{ type: 'error', message }`.
 */
import { extraExperiments } from './experiments.js';
import type { Progress } from './progress.js';
import { packageResolvers } from './resolve.js';
import type { RunOptions } from './results.js';
import type { ExperimentKey } from './run.js';

/** Messages the worker sends. */
export type WorkerMessage =
  | { readonly type: 'start'; readonly phase: string; readonly total: number }
  | { readonly type: 'update'; readonly done: number; readonly label: string }
  | { readonly type: 'stop' }
  | {
      readonly type: 'result';
      readonly key: ExperimentKey;
      readonly output: unknown;
      readonly seconds: number;
      readonly cpu: number;
    }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(m, undefined, {}, () => resolve());
  });

const progress: Progress = {
  start: (phase, total) => void send({ type: 'start', phase, total }),
  update: (done, label) => void send({ type: 'update', done, label }),
  stop: () => void send({ type: 'stop' }),
};

process.once('message', async (m: { options: RunOptions; keys: ExperimentKey[] }) => {
  try {
    for (const key of m.keys) {
      const exp = extraExperiments[key];
      if (exp === undefined) continue;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const output = await exp({ options: m.options, progress, resolvers: packageResolvers });
      const c = process.cpuUsage(c0);
      await send({
        type: 'result',
        key,
        output,
        seconds: Math.round((performance.now() - t0) / 100) / 10,
        cpu: Math.round((c.user + c.system) / 1e5) / 10,
      });
    }
    await send({ type: 'done' });
  } catch (e) {
    await send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  process.disconnect?.();
});
