/** Training progress: a cli-progress bar on a terminal, nothing otherwise. */
import type { Callback } from '@gradscope/trainer';
import cliProgress from 'cli-progress';

/** What the training loop reports to. */
export interface Progress {
  /** Training starts: `total` batches in all. */
  start(total: number): void;
  /** `done` batches finished; `label` says where training is (epoch, loss, accuracy). */
  update(done: number, label: string): void;
  /** Training ended. */
  stop(): void;
}

/** A progress sink that does nothing (tests, --json, no terminal). */
export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/** A bar on stderr (stdout stays clean for the summary and JSON). */
export function barProgress(): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format:
        'training [{bar}] {percentage}% | {value}/{total} batches | {eta_formatted} left | {label}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { label: '' }),
    update: (done, label) => bar.update(done, { label }),
    stop: () => bar.stop(),
  };
}

/**
 * A fit callback that drives `progress`: one unit per batch, the label the epoch, the running
 * mean training loss and, after each epoch, the test accuracy.
 */
export function progressCallback(progress: Progress, epochs: number, batches: number): Callback {
  let done = 0;
  let sum = 0;
  let rows = 0;
  let last = '';
  return {
    onTrainBegin: () => progress.start(epochs * batches),
    onEpochBegin: () => {
      sum = 0;
      rows = 0;
    },
    onBatchEnd: (info) => {
      done += 1;
      sum += info.loss * info.size;
      rows += info.size;
      progress.update(done, `epoch ${info.epoch}/${epochs} loss ${(sum / rows).toFixed(4)}${last}`);
    },
    onEpochEnd: (logs) => {
      const acc = logs.valMetrics?.accuracy;
      if (acc !== undefined)
        last = ` | test acc ${(100 * acc).toFixed(2)} % after epoch ${logs.epoch}`;
      progress.update(done, `epoch ${logs.epoch}/${epochs} loss ${logs.loss.toFixed(4)}${last}`);
    },
    onTrainEnd: () => progress.stop(),
  };
}
