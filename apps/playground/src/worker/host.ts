/**
 * The worker's logic, free of any worker API: it takes {@link ToWorker} messages and posts
 * {@link FromWorker} messages through the functions it is given, so `worker.ts` (the browser)
 * and the Node tests run the same code.
 *
 * While playing it trains in frames: steps until `frameMs` of compute have passed (the first
 * step of a frame is measured), posts a snapshot if `postEveryMs` have passed since the last,
 * and yields (`defer`) so that a `pause` or a new configuration gets in. Losses and the heatmap cost a pass over the data and the grid, so
 * a frame carries them only every `heavyEveryMs` (longer if they are slow: at most a tenth of
 * the time goes to them); likewise a measured step comes at most every `measureEveryMs`, and
 * measuring takes at most a tenth of the time.
 */
import { ArgumentError } from '@gradscope/core';
import { generate } from '../data/datasets.js';
import { prepareData } from '../data/prepare.js';
import type { DataTable } from '../data/table.js';
import { traceStep } from '../engine/inspect.js';
import { fitsDiagram, neuronMaps } from '../engine/neurons.js';
import type { FlowStats } from '../engine/probe.js';
import { effectiveLoss, Session } from '../engine/session.js';
import { exportArtifact } from '../export/artifacts.js';
import { layerActivations, type PlaygroundState } from '../state/state.js';
import type { FromWorker, PointSet, SessionInfo, Snapshot, ToWorker } from './protocol.js';

/** What the host needs from its surroundings. */
export interface HostEnv {
  /** Posts a message; `transfer` lists buffers to move rather than copy (exports). */
  post(message: FromWorker, transfer?: Transferable[]): void;
  /** Runs `fn` soon, after pending messages (a macrotask). */
  defer(fn: () => void): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

/** Timing of the play loop. */
export interface HostTiming {
  /** Compute per frame before a snapshot is posted (default 12 ms). */
  readonly frameMs?: number;
  /** Least time between frames that carry losses and the heatmap (default 100 ms). */
  readonly heavyEveryMs?: number;
  /** Least time between two snapshots while playing (default 50 ms: the page shows 20 a second). */
  readonly postEveryMs?: number;
  /**
   * Least time between two measured steps while playing (default: `postEveryMs`). A measured
   * step (per-layer numbers, `Session.trainStep(true)`) costs about half a step more at 24 × 128;
   * one per snapshot is what the page can show (the flow panel names its step).
   */
  readonly measureEveryMs?: number;
}

function points(session: Session, which: 'train' | 'test'): PointSet {
  const t = session.data.table;
  const k = t.columns.length;
  const rows = session.data[which].rows;
  const xy = new Float32Array(rows.length * 2);
  const labels = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    xy[2 * i] = t.x[r * k] as number;
    xy[2 * i + 1] = t.x[r * k + 1] as number;
    labels[i] = t.y[r] as number;
  });
  return { xy, labels };
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** See the module comment. */
export class WorkerHost {
  private session: Session | null = null;
  private config: Extract<ToWorker, { type: 'configure' }> | null = null;
  private running = false;
  private run = 0;
  private flow: FlowStats | null = null;
  private lastHeavy = Number.NEGATIVE_INFINITY;
  private heavyCost = 0;
  /** Milliseconds the last measured step took. */
  private measureCost = 0;
  private rate: Array<[number, number]> = [];
  private loopScheduled = false;
  private stepMs = 0;
  private lastPost = Number.NEGATIVE_INFINITY;
  private lastMeasure = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly env: HostEnv,
    private readonly timing: HostTiming = {},
  ) {}

  /** Handles one message (unknown types are ignored). */
  handle(m: ToWorker): void {
    switch (m.type) {
      case 'configure':
        this.configure(m);
        break;
      case 'reset':
        if (this.config !== null) this.configure(this.config);
        break;
      case 'play':
        if (this.session === null || this.running) break;
        this.running = true;
        this.rate = [];
        this.lastMeasure = Number.NEGATIVE_INFINITY;
        this.schedule();
        break;
      case 'pause':
        if (!this.running) break;
        this.running = false;
        this.postSnapshot(true);
        break;
      case 'step':
        this.running = false;
        this.stepN(Math.max(1, Math.floor(m.count)));
        break;
      case 'trace':
        if (m.graph === false) this.measuredStep();
        else this.trace();
        break;
      case 'onnx':
        void this.onnx(m.name, m.bytes);
        break;
      case 'export':
        this.export(m);
        break;
    }
  }

  /** The current session (tests read it). */
  get current(): Session | null {
    return this.session;
  }

  private configure(m: Extract<ToWorker, { type: 'configure' }>): void {
    const wasRunning = this.running;
    let session: Session;
    try {
      session = build(m.state, m.table);
    } catch (e) {
      this.env.post({ type: 'error', message: errorMessage(e) });
      return;
    }
    this.config = m;
    this.session = session;
    this.running = false;
    this.run += 1;
    this.flow = session.initialFlow;
    this.measureCost = 0;
    this.env.post({ type: 'ready', info: this.info(session) });
    this.postSnapshot(true);
    if (wasRunning) this.handle({ type: 'play' });
  }

  private info(s: Session): SessionInfo {
    const t = s.data.table;
    let lo = -1;
    let hi = 1;
    if (t.kind === 'regression') {
      lo = Math.min(...t.y);
      hi = Math.max(...t.y);
      if (!(hi > lo)) [lo, hi] = [lo - 1, hi + 1];
    }
    return {
      run: this.run,
      state: s.state,
      kind: t.kind,
      classes: t.classes,
      inputNames: s.data.featureNames,
      loss: effectiveLoss(s.state, s.data),
      activations: layerActivations(s.state.network),
      parameters: s.net.model.parameters().reduce((a, p) => a + p.size, 0),
      batchesPerEpoch: s.batchesPerEpoch,
      train: points(s, 'train'),
      test: points(s, 'test'),
      targetRange: [lo, hi],
      initialFlow: s.initialFlow,
      theory: s.theory,
    };
  }

  private export(m: Extract<ToWorker, { type: 'export' }>): void {
    const s = this.session;
    const base = { type: 'export', id: m.id, what: m.what, step: s?.step ?? 0 } as const;
    if (s === null) {
      this.env.post({ ...base, bytes: null, error: 'nothing to export: no session is configured' });
      return;
    }
    try {
      const bytes = exportArtifact(s, m.what);
      this.env.post({ ...base, bytes }, [bytes.buffer as ArrayBuffer]);
    } catch (e) {
      this.env.post({ ...base, bytes: null, error: errorMessage(e) });
    }
  }

  private stepN(count: number): void {
    const s = this.session;
    if (s === null) return;
    try {
      this.flow = s.run(count) ?? this.flow;
    } catch (e) {
      this.env.post({ type: 'error', message: errorMessage(e) });
      return;
    }
    this.postSnapshot(true);
  }

  /**
   * The next step, measured, as a trace takes it but without the graph (B's half of a trace in
   * compare mode; a playing session keeps playing).
   */
  private measuredStep(): void {
    const s = this.session;
    if (s === null) return;
    try {
      this.flow = s.trainStep(true) ?? this.flow;
    } catch (e) {
      this.env.post({ type: 'error', message: errorMessage(e) });
      return;
    }
    this.postSnapshot(true);
  }

  /** The next step, traced (the step counts; a playing session keeps playing). */
  private trace(): void {
    const s = this.session;
    if (s === null) {
      this.env.post({ type: 'graphError', source: 'session', message: 'no session to trace yet' });
      return;
    }
    let traced: ReturnType<typeof traceStep>;
    try {
      traced = traceStep(s);
    } catch (e) {
      this.env.post({ type: 'graphError', source: 'session', message: errorMessage(e) });
      return;
    }
    this.flow = traced.flow ?? this.flow;
    this.env.post({ type: 'graph', report: traced.report });
    this.postSnapshot(true);
  }

  /** Loads an ONNX file (`@gradscope/onnx` is imported on first use) and traces it. */
  private async onnx(name: string, bytes: ArrayBuffer): Promise<void> {
    try {
      const { onnxReport } = await import('../engine/onnx-graph.js');
      this.env.post({ type: 'graph', report: onnxReport(new Uint8Array(bytes), name) });
    } catch (e) {
      this.env.post({
        type: 'graphError',
        source: 'onnx',
        message: `${name} was not loaded: ${errorMessage(e)}`,
      });
    }
  }

  private schedule(): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    this.env.defer(() => {
      this.loopScheduled = false;
      this.frame();
    });
  }

  private frame(): void {
    const s = this.session;
    if (!this.running || s === null) return;
    const start = this.env.now();
    const budget = this.timing.frameMs ?? 12;
    const measureEvery = this.timing.measureEveryMs ?? this.timing.postEveryMs ?? 50;
    // A measured step costs more than a step (about 1.6 steps at 24 x 128): at most a tenth of
    // the time goes to measuring.
    const measure = start - this.lastMeasure >= Math.max(measureEvery, 10 * this.measureCost);
    if (measure) this.lastMeasure = start;
    let steps = 0;
    try {
      do {
        const f = s.trainStep(measure && steps === 0);
        if (f !== null) {
          this.flow = f;
          this.measureCost = this.env.now() - start;
        }
        steps++;
      } while (this.env.now() - start < budget);
    } catch (e) {
      this.running = false;
      this.env.post({ type: 'error', message: errorMessage(e) });
      return;
    }
    const now = this.env.now();
    this.stepMs = (now - start) / steps;
    this.rate.push([now, s.step]);
    while (this.rate.length > 2 && now - (this.rate[0] as [number, number])[0] > 1000)
      this.rate.shift();
    // At most a tenth of the time goes to losses and the heatmap (a 48 x 48 heatmap of a
    // 24 x 128 network is about 15 steps' work).
    const every = Math.max(this.timing.heavyEveryMs ?? 100, 9 * this.heavyCost);
    if (now - this.lastPost >= (this.timing.postEveryMs ?? 50))
      this.postSnapshot(now - this.lastHeavy >= every);
    this.schedule();
  }

  private stepsPerSecond(): number {
    if (!this.running || this.rate.length < 2) return 0;
    const [t0, s0] = this.rate[0] as [number, number];
    const [t1, s1] = this.rate[this.rate.length - 1] as [number, number];
    return t1 > t0 ? ((s1 - s0) * 1000) / (t1 - t0) : 0;
  }

  private postSnapshot(heavy: boolean): void {
    const s = this.session;
    if (s === null) return;
    let losses = null;
    let heatmap = null;
    let neurons = null;
    if (heavy) {
      const t0 = this.env.now();
      losses = s.losses();
      heatmap = s.heatmap(this.config?.heatmapSize ?? 48);
      if (fitsDiagram(s.state.network)) neurons = neuronMaps(s);
      this.lastHeavy = this.env.now();
      this.heavyCost = this.lastHeavy - t0;
    }
    this.lastPost = this.env.now();
    const snapshot: Snapshot = {
      run: this.run,
      step: s.step,
      epoch: s.epoch,
      running: this.running,
      lr: s.lr,
      flow: this.flow,
      losses,
      heatmap,
      neurons,
      warnings: s.warnings(this.flow),
      stepsPerSecond: this.stepsPerSecond(),
      timing: { stepMs: this.stepMs, heavyMs: this.heavyCost },
    };
    this.env.post({ type: 'snapshot', snapshot });
  }
}

/** A session for `state` (generated data, or the uploaded `table` for `csv`). */
export function build(state: PlaygroundState, table?: DataTable): Session {
  const data =
    state.data.dataset === 'csv'
      ? (() => {
          if (table === undefined)
            throw new ArgumentError(
              'no CSV file loaded: choose a file, or pick a built-in data set',
            );
          return table;
        })()
      : generate(state.data, state.seed);
  return new Session(state, prepareData(data, state.data, state.seed));
}
