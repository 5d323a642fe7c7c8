/** The shape of results.json (documented in the app's README). */
import type { GradientFlowRun } from './gradient-flow-grid.js';

/** Options the run was made with (echoed into results.json). */
export interface RunOptions {
  readonly activations: string[];
  readonly inits: string[];
  readonly depths: number[];
  readonly width: number;
  readonly batch: number;
  readonly seeds: number[];
  /** Training steps per configuration (`training` and `dying`). */
  readonly steps: number;
  /** Activations trained in the `training` experiment. */
  readonly trainActivations: string[];
  /** Depths trained in the `training` experiment. */
  readonly trainDepths: number[];
  readonly dataset: string;
  readonly quick: boolean;
  /** The experiments selected (`--experiments`). */
  readonly experiments: string[];
}

/** Everything a run produced. Optional sections are absent when the experiment did not run. */
export interface Results {
  readonly schemaVersion: 1;
  readonly generatedAt: string;
  /** Seconds spent computing (before the report is rendered). */
  readonly durationSeconds: number;
  /** Wall-clock seconds per experiment key. */
  readonly timings: Readonly<Record<string, number>>;
  /** CPU seconds (user + system) of the computation, total and per experiment. */
  readonly cpuSeconds: number;
  readonly cpuTimings: Readonly<Record<string, number>>;
  readonly options: RunOptions;
  readonly gradientFlow: { readonly runs: GradientFlowRun[] };
  readonly [section: string]: unknown;
}

/** JSON with non-finite numbers written as null (JSON has no -Infinity / NaN). */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    1,
  );
}
