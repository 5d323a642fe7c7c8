/**
 * Child process that runs the experiments other than `flow` while the parent measures the
 * gradient-flow grid, so the default run uses two cores. Forked by `run-in-worker.ts`; the
 * messages are in `worker-protocol.ts`.
 */
import { runTimed } from './experiment.js';
import { extraExperiments } from './experiments.js';
import type { Progress } from './progress.js';
import { packageResolvers } from './resolve.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

const send = (m: WorkerMessage): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(m, undefined, {}, () => resolve());
  });

/** Progress of the experiments here, reported to the parent as messages. */
const progress: Progress = {
  start: (phase, total) => void send({ type: 'start', phase, total }),
  update: (done, label) => void send({ type: 'update', done, label }),
  stop: () => void send({ type: 'stop' }),
};

async function runRequested({ options, keys }: WorkerRequest): Promise<void> {
  for (const key of keys) {
    const exp = extraExperiments[key];
    if (exp === undefined) continue;
    const timed = await runTimed(exp, { options, progress, resolvers: packageResolvers });
    await send({ type: 'result', key, ...timed });
  }
}

process.once('message', async (request: WorkerRequest) => {
  try {
    await runRequested(request);
    await send({ type: 'done' });
  } catch (e) {
    await send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  process.disconnect?.();
});
