/**
 * Wires the page to the worker: every change of the configuration rebuilds the session (and
 * rewrites the URL); the buttons send play / pause / step / reset; snapshots are applied in an
 * animation frame (the newest wins) at most every {@link MIN_FRAME_MS}, and less often when
 * rendering them costs more: the gap is kept at least {@link RENDER_SHARE} times the last
 * rendering's cost (its script, style, layout and paint, up to the next frame), so the page
 * stays responsive and leaves the worker its core whatever the network's size.
 */
import { batch, effect } from '@preact/signals';
import { CsvError, parseCsv } from '../data/csv.js';
import type { LossPoint } from '../engine/session.js';
import type { WorkerExport } from '../export/artifacts.js';
import { knownNames } from '../state/names.js';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { stateFromQuery, stateToQuery } from '../state/url.js';
import { startWorker, type TrainingWorker } from '../worker/client.js';
import { splitMessage } from '../worker/compare.js';
import type { FromWorker, Snapshot, ToWorker } from '../worker/protocol.js';
import {
  config,
  csvMessage,
  csvTable,
  editing,
  graphMessage,
  graphReport,
  heatmapSnapshot,
  info,
  infoB,
  losses,
  lossesB,
  snapshot,
  snapshotB,
  urlProblems,
  workerError,
} from './store.js';

/** Most loss points kept (older ones are thinned to every other point). */
const MAX_LOSS_POINTS = 4000;

let worker: TrainingWorker | null = null;
/** Compare mode's second worker (configuration B); null while compare mode is off. */
let workerB: TrainingWorker | null = null;
let pendingB: Snapshot | null = null;
let pending: Snapshot | null = null;
let pendingHeatmap: Snapshot | null = null;
let frameRequested = false;
let lastApplied = Number.NEGATIVE_INFINITY;
let renderCost = 0;
let renderStart = 0;
// A message posted from inside the animation-frame callback is delivered after that frame's
// style, layout and paint: the time until then is what the rendering cost. (A nested
// requestAnimationFrame would wait for the next frame, so the cost never fell below 16.7 ms and
// the page rendered at most 7.5 times a second instead of 20.)
const rendered = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
if (rendered !== null)
  rendered.port1.onmessage = () => {
    renderCost = performance.now() - renderStart;
  };

/** Least time between two renderings of live numbers (20 per second). */
export const MIN_FRAME_MS = 50;
/** Gap between renderings, in multiples of the last rendering's cost. */
export const RENDER_SHARE = 8;

function applyPending(): void {
  frameRequested = false;
  const start = performance.now();
  lastApplied = start;
  renderStart = start;
  rendered?.port2.postMessage(null);
  const s = pending;
  const h = pendingHeatmap;
  const b = pendingB;
  pending = null;
  pendingHeatmap = null;
  pendingB = null;
  batch(() => {
    if (h !== null) heatmapSnapshot.value = h;
    if (s !== null) snapshot.value = s;
    if (b !== null) snapshotB.value = b;
  });
}

function withLoss(points: readonly LossPoint[], p: LossPoint): readonly LossPoint[] {
  const l = [...points, p];
  return l.length > MAX_LOSS_POINTS ? l.filter((_, i) => i % 2 === 0 || i === l.length - 1) : l;
}

function onSnapshot(s: Snapshot): void {
  if (s.run !== info.value?.run) return;
  if (s.losses !== null) losses.value = withLoss(losses.value, s.losses);
  pending = s;
  if (s.heatmap !== null) pendingHeatmap = s;
  requestApply();
}

/** B's worker: its own run, losses and snapshots, rendered in the same frames as A's. */
function onMessageB(m: FromWorker): void {
  switch (m.type) {
    case 'ready':
      batch(() => {
        infoB.value = m.info;
        lossesB.value = [];
        snapshotB.value = null;
      });
      break;
    case 'snapshot':
      if (m.snapshot.run !== infoB.value?.run) return;
      if (m.snapshot.losses !== null) lossesB.value = withLoss(lossesB.value, m.snapshot.losses);
      pendingB = m.snapshot;
      requestApply();
      break;
    case 'error':
      workerError.value = `configuration B: ${m.message}`;
      break;
  }
}

function requestApply(): void {
  if (!frameRequested) {
    frameRequested = true;
    const gap = Math.min(500, Math.max(MIN_FRAME_MS, RENDER_SHARE * renderCost));
    const wait = Math.max(0, lastApplied + gap - performance.now());
    setTimeout(() => requestAnimationFrame(applyPending), wait);
  }
}

function onMessage(m: FromWorker): void {
  switch (m.type) {
    case 'ready':
      // The inspector follows the session: a new one is traced again.
      if (graphReport.value?.source === 'session') sendBoth({ type: 'trace' });
      batch(() => {
        info.value = m.info;
        losses.value = [];
        snapshot.value = null;
        heatmapSnapshot.value = null;
        workerError.value = null;
      });
      break;
    case 'snapshot':
      onSnapshot(m.snapshot);
      break;
    case 'error':
      workerError.value = m.message;
      break;
    case 'graph':
      batch(() => {
        graphReport.value = m.report;
        graphMessage.value = null;
      });
      break;
    case 'graphError':
      graphMessage.value = { ok: false, text: m.message };
      break;
    case 'export':
      onExport(m);
      break;
  }
}

// Export requests waiting for the worker's answer, by id.
const exportsWaiting = new Map<number, (m: Extract<FromWorker, { type: 'export' }>) => void>();
let exportId = 0;

function onExport(m: Extract<FromWorker, { type: 'export' }>): void {
  exportsWaiting.get(m.id)?.(m);
  exportsWaiting.delete(m.id);
}

/** Asks the worker for an export of the running session; resolves with its bytes and step. */
export function requestExport(what: WorkerExport): Promise<{ bytes: Uint8Array; step: number }> {
  const w = worker;
  if (w === null) return Promise.reject(new Error('the training worker is not running'));
  const id = ++exportId;
  return new Promise((resolve, reject) => {
    exportsWaiting.set(id, (m) =>
      m.bytes === null
        ? reject(new Error(m.error ?? `the ${what} export failed`))
        : resolve({ bytes: m.bytes, step: m.step }),
    );
    w.send({ type: 'export', id, what });
  });
}

function configure(s: PlaygroundState): void {
  const table = csvTable.value;
  const { a, b } = splitMessage(
    {
      type: 'configure',
      state: s,
      ...(s.data.dataset === 'csv' && table !== null ? { table } : {}),
    },
    false,
  );
  worker?.send(a);
  if (b === null) {
    if (workerB !== null) {
      workerB.terminate();
      workerB = null;
      pendingB = null;
      batch(() => {
        infoB.value = null;
        snapshotB.value = null;
        lossesB.value = [];
        editing.value = 'a';
      });
    }
    return;
  }
  workerB ??= startWorker(onMessageB);
  workerB.send(b);
}

/** Sends a play / pause / step / reset to A's worker and, in compare mode, to B's. */
function sendBoth(m: ToWorker): void {
  const { a, b } = splitMessage(m, workerB !== null);
  worker?.send(a);
  if (b !== null) workerB?.send(b);
}

/** Starts the worker, reads the state from the URL and keeps both in step with `config`. */
export function startController(): void {
  const parsed = stateFromQuery(location.search, knownNames());
  let initial = parsed.state;
  const problems = [...parsed.problems];
  if (initial.data.dataset === 'csv') {
    problems.push('data=csv: an uploaded file is not part of the URL; showing the spiral instead');
    initial = { ...initial, data: { ...initial.data, dataset: DEFAULT_STATE.data.dataset } };
  }
  urlProblems.value = problems;
  config.value = initial;
  worker = startWorker(onMessage);
  effect(() => {
    const s = config.value;
    const q = stateToQuery(s);
    history.replaceState(null, '', q === '' ? location.pathname : `${location.pathname}?${q}`);
    configure(s);
  });
}

/** Changes the configuration (the session is rebuilt). */
export function update(f: (s: PlaygroundState) => PlaygroundState): void {
  config.value = f(config.value);
}

/** Starts training. */
export function play(): void {
  sendBoth({ type: 'play' });
}

/** Pauses training. */
export function pause(): void {
  sendBoth({ type: 'pause' });
}

/** One training step (one mini-batch), measured. */
export function step(count = 1): void {
  sendBoth({ type: 'step', count });
}

/** Rebuilds the session from the current configuration (new weights from the same seed). */
export function reset(): void {
  sendBoth({ type: 'reset' });
}

/** A new seed: new data, weights and shuffles. */
export function regenerate(): void {
  update((s) => ({ ...s, seed: (s.seed * 1103515245 + 12345) % 2 ** 31 }));
}

/**
 * Reads an uploaded file. A good one becomes the data (dataset `csv`); a bad one leaves the
 * data as it was and says why, naming the row and column.
 */
export async function loadCsv(file: File): Promise<void> {
  const text = await file.text();
  try {
    const { table } = parseCsv(text);
    csvTable.value = table;
    csvMessage.value = {
      ok: true,
      text: `${file.name}: ${table.y.length} rows, ${table.columns.length} feature columns, ${table.kind === 'classification' ? `${table.classes.length} classes` : 'regression'}`,
    };
    if (config.value.data.dataset === 'csv') configure(config.value);
    else update((s) => ({ ...s, data: { ...s.data, dataset: 'csv' } }));
  } catch (e) {
    const reason = e instanceof CsvError ? e.message : String(e);
    csvMessage.value = { ok: false, text: `${file.name} was not loaded: ${reason}` };
  }
}

/**
 * Runs the next training step with its graph kept; the inspector shows the graph (A's in compare
 * mode, where B takes the same step without one, so the two runs stay on one step).
 */
export function traceGraph(): void {
  sendBoth({ type: 'trace' });
}

/** Sends an ONNX file to the worker; its graph replaces the shown one, a bad file says why. */
export async function openOnnx(file: File): Promise<void> {
  graphMessage.value = { ok: true, text: `loading ${file.name}…` };
  const bytes = await file.arrayBuffer();
  worker?.send({ type: 'onnx', name: file.name, bytes });
}
