/**
 * What the graph inspector shows: the traced graph of one computation (core's `traceGraph`,
 * with a gradient norm on every node) and, per node, statistics of its value and of its
 * gradient with a histogram of each. Plain data, so the worker computes it and posts it.
 *
 * Statistics are over the finite elements (in float64, in index order): min, max, mean and the
 * population standard deviation; `nonFinite` counts NaN and ±Infinity. The histogram has
 * {@link HIST_BINS} equal bins over [min, max] of the finite elements; its counts sum to
 * `count − nonFinite`.
 */
import { type Graph, graphTensors, type Tensor, traceGraph } from '@gradscope/core';
import type { FlowStats } from './probe.js';
import type { Session } from './session.js';

/** Bins of every histogram. */
export const HIST_BINS = 24;

/** Statistics of one tensor's elements (see the module comment). */
export interface Summary {
  /** Elements, finite or not. */
  readonly count: number;
  /** NaN and ±Infinity elements. */
  readonly nonFinite: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  /** Equal bins from `lo` to `hi`; `counts` sums to `count − nonFinite`. */
  readonly hist: { readonly lo: number; readonly hi: number; readonly counts: readonly number[] };
}

/** A node's value and gradient statistics (gradient null when the node kept no gradient). */
export interface NodeStats {
  readonly value: Summary;
  readonly grad: Summary | null;
}

/** A traced graph and its per-node statistics (`stats[i]` is node `i`'s). */
export interface GraphReport {
  /** A training step of the session, or an ONNX file's forward pass. */
  readonly source: 'session' | 'onnx';
  /** One line saying what was traced. */
  readonly title: string;
  readonly graph: Graph;
  readonly stats: readonly NodeStats[];
}

/** Statistics of `data` (see {@link Summary}). */
export function summarize(data: ArrayLike<number | bigint>, bins = HIST_BINS): Summary {
  const n = data.length;
  let finite = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = Number(data[i]);
    if (!Number.isFinite(v)) continue;
    finite++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (finite === 0) {
    return {
      count: n,
      nonFinite: n,
      min: Number.NaN,
      max: Number.NaN,
      mean: Number.NaN,
      std: Number.NaN,
      hist: { lo: 0, hi: 0, counts },
    };
  }
  const mean = sum / finite;
  let sq = 0;
  const lo = min === max ? min - 0.5 : min;
  const hi = min === max ? max + 0.5 : max;
  const width = hi - lo;
  for (let i = 0; i < n; i++) {
    const v = Number(data[i]);
    if (!Number.isFinite(v)) continue;
    sq += (v - mean) * (v - mean);
    const b = Math.min(bins - 1, Math.floor(((v - lo) / width) * bins));
    counts[b] = (counts[b] as number) + 1;
  }
  return {
    count: n,
    nonFinite: n - finite,
    min,
    max,
    mean,
    std: Math.sqrt(sq / finite),
    hist: { lo, hi, counts },
  };
}

/** Per-node statistics of the graph traced from `outputs` (`graphTensors` order = node ids). */
export function nodeStats(outputs: Tensor | readonly Tensor[]): NodeStats[] {
  return graphTensors(outputs).map((t) => ({
    value: summarize(t.data as ArrayLike<number>),
    grad: t.grad === null ? null : summarize(t.grad.data as ArrayLike<number>),
  }));
}

/** The graph of `outputs` with gradient norms, and its statistics. */
export function reportOf(
  source: GraphReport['source'],
  title: string,
  outputs: Tensor | readonly Tensor[],
): GraphReport {
  return { source, title, graph: traceGraph(outputs), stats: nodeStats(outputs) };
}

/**
 * Runs the session's next training step with its graph kept (`Session.trainStep` with
 * `inspect`): forward and loss on the next mini-batch, backward with every gradient retained,
 * the graph traced before the update, then the update as in any step. The step counts like any
 * other and its numbers equal an uninspected step's.
 */
export function traceStep(session: Session): { report: GraphReport; flow: FlowStats | null } {
  let report: GraphReport | null = null;
  const flow = session.trainStep(true, (loss) => {
    report = reportOf(
      'session',
      `training step ${session.step} (forward, loss and gradients of one mini-batch)`,
      loss,
    );
  });
  if (report === null) throw new Error('traceStep: the step ran without its graph');
  return { report, flow };
}
