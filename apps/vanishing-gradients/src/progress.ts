/** Progress reporting: a cli-progress bar on a terminal, nothing otherwise. */
import cliProgress from 'cli-progress';

/** What long-running experiments call. */
export interface Progress {
  /** Starts a phase of `total` units. */
  start(phase: string, total: number): void;
  /** `done` units of the current phase are finished; `label` names the current item. */
  update(done: number, label: string): void;
  /** Ends the current phase. */
  stop(): void;
}

/** A progress sink that does nothing (tests, --json). */
export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/** A cli-progress bar on stderr (so stdout stays clean for tables and JSON). */
export function barProgress(): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: '{phase} [{bar}] {value}/{total} | {eta_formatted} left | {label}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    start(phase, total) {
      if (running) bar.stop();
      bar.start(total, 0, { phase: phase.padEnd(14), label: '' });
      running = true;
    },
    update(done, label) {
      bar.update(done, { label });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
