/**
 * What the page and the training worker say to each other. Everything is structured-clone data
 * (no functions, no tensors), so the same messages can be driven from a Node test through
 * `host.ts` without a browser.
 *
 * Page → worker: `configure` (build a session from a state; `table` carries an uploaded CSV),
 * `play`, `pause`, `step` (n steps, the last measured), `reset` (rebuild from the last state).
 * Worker → page: `ready` (after every configure or reset: what the session is, and the numbers
 * at initialisation), `snapshot` (at animation rate while playing, and after every step),
 * `error` (a message for the page; the previous session, if any, keeps running).
 *
 * Graph inspector: `trace` (run the session's next step with its graph kept) and `onnx` (load
 * an ONNX file and trace one forward pass) → `graph` (the traced graph and its statistics) or
 * `graphError` (the message; the page keeps the graph it shows). A `trace` also posts a
 * snapshot, as a `step` does.
 *
 * Phase-2 features (graph inspector, compare mode, exports) extend these unions with new
 * message types; a host ignores types it does not know.
 */
import type { DataTable } from '../data/table.js';
import type { Heatmap } from '../engine/heatmap.js';
import type { GraphReport } from '../engine/inspect.js';
import type { NeuronMaps } from '../engine/neurons.js';
import type { FlowStats } from '../engine/probe.js';
import type { LossPoint } from '../engine/session.js';
import type { Theory } from '../engine/theory.js';
import type { WorkerExport } from '../export/artifacts.js';
import type { PlaygroundState } from '../state/state.js';

/** Messages to the worker. */
export type ToWorker =
  | {
      readonly type: 'configure';
      readonly state: PlaygroundState;
      /** The uploaded table when `state.data.dataset` is `'csv'`. */
      readonly table?: DataTable;
      /** Grid cells per side of the heatmap (default 48). */
      readonly heatmapSize?: number;
    }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step'; readonly count: number }
  | { readonly type: 'reset' }
  /**
   * Run the next training step with its graph kept, and send the graph. With `graph: false`
   * (configuration B while A is traced), take that step measured, without the graph: the two
   * runs stay on the same step.
   */
  | { readonly type: 'trace'; readonly graph?: boolean }
  /** Load an ONNX file (its bytes) and send the graph of one forward pass. */
  | { readonly type: 'onnx'; readonly name: string; readonly bytes: ArrayBuffer }
  /** Exports: the weights (safetensors), the model (ONNX) or the reproducing program (TS). */
  | { readonly type: 'export'; readonly id: number; readonly what: WorkerExport };

/** The data points as the page draws them (first two columns, in the [−6, 6] frame). */
export interface PointSet {
  /** x₁, x₂ per point, interleaved. */
  readonly xy: Float32Array;
  /** Class id or target per point. */
  readonly labels: Float32Array;
}

/** What a configured session is; sent once per configure / reset. */
export interface SessionInfo {
  /** Increases with every configure / reset; snapshots carry it. */
  readonly run: number;
  readonly state: PlaygroundState;
  readonly kind: 'classification' | 'regression';
  readonly classes: readonly string[];
  readonly inputNames: readonly string[];
  /** The loss actually minimised (regression always MSE). */
  readonly loss: 'mse' | 'crossEntropy';
  /** Hidden activations, first to last. */
  readonly activations: readonly string[];
  readonly parameters: number;
  readonly batchesPerEpoch: number;
  readonly train: PointSet;
  readonly test: PointSet;
  /** Range of the regression targets (for the heatmap's colour scale); [−1, 1] for classes. */
  readonly targetRange: readonly [number, number];
  /** Per-layer numbers at initialisation (whole training set, no update). */
  readonly initialFlow: FlowStats;
  readonly theory: Theory;
}

/** One frame of a running (or stepped) session. */
export interface Snapshot {
  readonly run: number;
  readonly step: number;
  readonly epoch: number;
  readonly running: boolean;
  readonly lr: number;
  /** The latest measured step's per-layer numbers. */
  readonly flow: FlowStats | null;
  /** Losses at this step, when computed for this frame. */
  readonly losses: LossPoint | null;
  /** The heatmap at this step, when computed for this frame. */
  readonly heatmap: Heatmap | null;
  /**
   * The network diagram's thumbnails and weights (with the heatmap, for networks within
   * `DIAGRAM_LIMITS`; null otherwise or when not computed for this frame).
   */
  readonly neurons?: NeuronMaps | null;
  /** Plain-words warnings (trainer monitors). */
  readonly warnings: readonly string[];
  /** Training steps per second over the last frames (0 when paused). */
  readonly stepsPerSecond: number;
  /** Where the worker's time goes: mean ms per step in the last frame, ms of the last losses + heatmap. */
  readonly timing: { readonly stepMs: number; readonly heavyMs: number };
}

/** Messages from the worker. */
export type FromWorker =
  | { readonly type: 'ready'; readonly info: SessionInfo }
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'error'; readonly message: string }
  /** A traced graph (`report.source` says which request it answers). */
  | { readonly type: 'graph'; readonly report: GraphReport }
  /** Why a `trace` or `onnx` request failed. */
  | {
      readonly type: 'graphError';
      readonly source: GraphReport['source'];
      readonly message: string;
    }
  /** The bytes of an `export` request (transferred), at `step`; `error` instead if it failed. */
  | {
      readonly type: 'export';
      readonly id: number;
      readonly what: WorkerExport;
      readonly step: number;
      readonly bytes: Uint8Array | null;
      readonly error?: string;
    };
