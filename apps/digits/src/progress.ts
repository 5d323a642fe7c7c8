/** Training progress: a cli-progress bar on a terminal, nothing otherwise. */
import type { Callback } from '@gradscope/trainer';
import cliProgress from 'cli-progress';

/** What the training loop reports to. */
export interface Progress {
  /** Training starts: `total` batches in all. */
  start(total: number): void;
  /** `done` batches finished; `label` says where training is (epoch, loss, accuracy). */
  update(done: number, label: string): void;
  /** An epoch ended; `line` sums it up. */
  epoch(line: string): void;
  /** Training ended. */
  stop(): void;
}

/** A progress sink that does nothing (tests, --json, --no-progress). */
export const silentProgress: Progress = { start() {}, update() {}, epoch() {}, stop() {} };

/** One line per epoch on stderr, for logs (stderr is not a terminal). */
export function lineProgress(): Progress {
  return { ...silentProgress, epoch: (line) => process.stderr.write(`${line}\n`) };
}

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
    epoch: () => {},
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
  let t0 = performance.now();
  return {
    onTrainBegin: () => {
      t0 = performance.now();
      progress.start(epochs * batches);
    },
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
      const pc = (x: number | undefined) => `${(100 * (x ?? Number.NaN)).toFixed(2)} %`;
      progress.epoch(
        `epoch ${logs.epoch}/${epochs}: training loss ${logs.loss.toFixed(4)}, accuracy ${pc(logs.metrics.accuracy)}; test loss ${(logs.valLoss ?? Number.NaN).toFixed(4)}, accuracy ${pc(acc)}; lr ${logs.lr.toExponential(2)}; ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    },
    onTrainEnd: () => progress.stop(),
  };
}
