/** Progress reporting: cli-progress bars on a terminal, nothing otherwise. */
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

/**
 * Progress bars on stderr (stdout stays clean for tables and JSON). Each call of `make`
 * gives an independent {@link Progress} whose phases appear as their own bars, so
 * experiments running at the same time (main process and worker) each show theirs.
 */
export function barProgress(): { make: () => Progress; close: () => void } {
  const multi = new cliProgress.MultiBar(
    {
      format: '{phase} [{bar}] {value}/{total} | {eta_formatted} left | {label}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const make = (): Progress => {
    let bar: cliProgress.SingleBar | null = null;
    return {
      start(phase, total) {
        bar?.stop();
        bar = multi.create(total, 0, { phase: phase.padEnd(16), label: '' });
      },
      update(done, label) {
        bar?.update(done, { label });
      },
      stop() {
        if (bar === null) return;
        bar.stop();
        bar = null;
      },
    };
  };
  return { make, close: () => multi.stop() };
}
