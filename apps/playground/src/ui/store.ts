/**
 * The page's reactive state (Preact signals): the configuration, what the worker last said, the
 * loss history, and messages for the user. Components read these; only `controller.ts` writes
 * the worker-facing ones.
 */
import { signal } from '@preact/signals';
import type { DataTable } from '../data/table.js';
import type { GraphReport } from '../engine/inspect.js';
import type { LossPoint } from '../engine/session.js';
import { DEFAULT_STATE, type PlaygroundState, type Side } from '../state/state.js';
import type { SessionInfo, Snapshot } from '../worker/protocol.js';

/** The configuration (mirrored in the URL). */
export const config = signal<PlaygroundState>(DEFAULT_STATE);
/** What the running session is (from the worker's `ready`). */
export const info = signal<SessionInfo | null>(null);
/** The latest snapshot, at most one per animation frame. */
export const snapshot = signal<Snapshot | null>(null);
/** The latest snapshot that carried a heatmap. */
export const heatmapSnapshot = signal<Snapshot | null>(null);
/** Train / test losses of the current run, in step order. */
export const losses = signal<readonly LossPoint[]>([]);
/** The worker's last error (a configuration it could not build, a failed step). */
export const workerError = signal<string | null>(null);
/** The uploaded CSV in use (null: none uploaded yet). */
export const csvTable = signal<DataTable | null>(null);
/** The result of the last upload: a file name and row count, or the reason it was refused. */
export const csvMessage = signal<{ readonly ok: boolean; readonly text: string } | null>(null);
/** URL parameters that could not be used, one line each. */
export const urlProblems = signal<readonly string[]>([]);

/** The graph the inspector shows (null: nothing traced yet). */
export const graphReport = signal<GraphReport | null>(null);
/** The inspector's last message: a refused ONNX file, a failed trace, or what is loading. */
export const graphMessage = signal<{ readonly ok: boolean; readonly text: string } | null>(null);
// Compare mode: configuration B's run (second worker), and which side the panels edit.
/** Which configuration the network and training panels edit ('b' only in compare mode). */
export const editing = signal<Side>('a');
/** What B's session is (null: compare mode off or not ready). */
export const infoB = signal<SessionInfo | null>(null);
/** B's latest snapshot. */
export const snapshotB = signal<Snapshot | null>(null);
/** B's train / test losses. */
export const lossesB = signal<readonly LossPoint[]>([]);
