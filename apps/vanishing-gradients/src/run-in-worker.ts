/**
 * Runs experiments in a forked child process (`experiment-worker.ts`) and replays its progress
 * here, so they use a second core while this process measures the gradient-flow grid.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExperimentKey, TimedOutput } from './experiment.js';
import type { Progress } from './progress.js';
import type { RunOptions } from './results.js';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js';

const WORKER = fileURLToPath(new URL('./experiment-worker.ts', import.meta.url));

/** Replays a progress message on `progress`; false when `m` is not about progress. */
function replayProgress(m: WorkerMessage, progress: Progress): boolean {
  if (m.type === 'start') progress.start(m.phase, m.total);
  else if (m.type === 'update') progress.update(m.done, m.label);
  else if (m.type === 'stop') progress.stop();
  else return false;
  return true;
}

/**
 * Runs `keys` in a child process; resolves with each experiment's timed output once the child
 * reports `done`, rejects when it reports an error or exits before that.
 */
export function runInWorker(
  options: RunOptions,
  keys: readonly ExperimentKey[],
  progress: Progress,
): Promise<Map<ExperimentKey, TimedOutput>> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const results = new Map<ExperimentKey, TimedOutput>();
    let finished = false;
    child.on('message', (m: WorkerMessage) => {
      if (replayProgress(m, progress)) return;
      if (m.type === 'result') {
        results.set(m.key, { output: m.output, seconds: m.seconds, cpu: m.cpu });
      } else if (m.type === 'done') {
        finished = true;
        resolve(results);
      } else if (m.type === 'error') {
        finished = true;
        reject(new Error(`experiment worker failed: ${m.message}`));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!finished)
        reject(new Error(`experiment worker exited with code ${code} before finishing`));
    });
    const request: WorkerRequest = { options, keys };
    child.send(request);
  });
}
