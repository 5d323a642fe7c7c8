/**
 * The gradient-flow grid of the `flow` experiment (activation × initialiser × depth), each cell
 * measured over several seeds and set beside its mean-field prediction.
 */

import { type MomentsFn, meanFieldPrediction } from '@gradscope/activations';
import type { ApplyFn, InitFn } from './gradient-flow.js';
import { clearWeightCache, measureGradientFlow } from './gradient-flow.js';
import type { LayerSpread, Spread } from './stats.js';

/** How names become functions (the CLI uses the activations and trainer packages). */
export interface Resolvers {
  activation(name: string): ApplyFn;
  init(name: string): InitFn;
  /** σ_w² = fan-in × Var(W) of the initialiser for a square layer of this width. */
  sigmaW2(init: string, width: number): number;
  /** Gaussian moments of the activation for the theory. */
  moments(activation: string): MomentsFn;
}

/** One cell of the grid, as written to results.json (`gradientFlow.runs[]`). */
export interface GradientFlowRun {
  readonly activation: string;
  readonly init: string;
  readonly sigmaW2: number;
  readonly sigmaB2: number;
  readonly depth: number;
  readonly width: number;
  readonly batch: number;
  readonly seeds: number[];
  /** Per-layer arrays, index 0 = the layer nearest the input. */
  readonly layers: {
    readonly rmsGrad: LayerSpread;
    readonly weightGradNorm: LayerSpread;
    readonly actMean: LayerSpread;
    readonly actStd: LayerSpread;
    readonly saturatedFraction: LayerSpread;
    readonly predictedRmsGrad: number[];
    readonly predictedQ: number[];
    readonly predictedChi: number[];
  };
  /** log10(RMS ∂L/∂h at layer 1 / at layer L), measured per seed and predicted. */
  readonly log10Ratio: {
    readonly measured: Spread;
    readonly perSeed: number[];
    readonly predicted: number;
    /** |measured mean − predicted| ≤ max(0.5, 0.15 |predicted|); null when not finite. */
    readonly agrees: boolean | null;
  };
}

/** What the grid runs over. */
export interface GridOptions {
  readonly activations: readonly string[];
  readonly inits: readonly string[];
  readonly depths: readonly number[];
  readonly width: number;
  readonly batch: number;
  readonly seeds: readonly number[];
  /** Called after each seed of each cell with (seeds done over all cells, total, cell label). */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** The agreement rule: within max(0.5 decades, 15% of the predicted log ratio). */
export function ratioAgrees(measured: number, predicted: number): boolean | null {
  if (!Number.isFinite(measured) || !Number.isFinite(predicted)) return null;
  return Math.abs(measured - predicted) <= Math.max(0.5, 0.15 * Math.abs(predicted));
}

/** One cell of the grid: activation, initialiser, depth. */
export interface GridCell {
  readonly activation: string;
  readonly init: string;
  readonly depth: number;
}

/** The cells of the grid, activation-major, then init, then depth. */
export function gridCells(o: GridOptions): GridCell[] {
  return o.activations.flatMap((activation) =>
    o.inits.flatMap((init) => o.depths.map((depth) => ({ activation, init, depth }))),
  );
}

/** Measures one cell over the seeds and sets it beside its mean-field prediction. */
export function runCell(
  o: GridOptions,
  r: Resolvers,
  c: GridCell,
  onSeed: () => void = () => {},
): GradientFlowRun {
  const { activation: a, init: i, depth } = c;
  const sigmaW2 = r.sigmaW2(i, o.width);
  const m = measureGradientFlow({
    activation: r.activation(a),
    init: r.init(i),
    depth,
    width: o.width,
    batch: o.batch,
    seeds: o.seeds,
    onSeed,
  });
  const p = meanFieldPrediction({ moments: r.moments(a), sigmaW2, depth });
  return {
    activation: a,
    init: i,
    sigmaW2,
    sigmaB2: 0,
    depth,
    width: o.width,
    batch: o.batch,
    seeds: [...o.seeds],
    layers: {
      rmsGrad: m.rmsGrad,
      weightGradNorm: m.weightGradNorm,
      actMean: m.actMean,
      actStd: m.actStd,
      saturatedFraction: m.saturatedFraction,
      predictedRmsGrad: p.rmsGrad,
      predictedQ: p.q,
      predictedChi: p.chi,
    },
    log10Ratio: {
      measured: m.log10Ratio,
      perSeed: m.perSeed.map((s) => s.log10Ratio),
      predicted: p.log10Ratio,
      agrees: ratioAgrees(m.log10Ratio.mean, p.log10Ratio),
    },
  };
}

/** Runs every cell of the grid (synchronously). */
export function runGradientFlowGrid(o: GridOptions, r: Resolvers): GradientFlowRun[] {
  const cells = gridCells(o);
  const total = cells.length * o.seeds.length;
  let done = 0;
  const runs = cells.map((c) =>
    runCell(o, r, c, () => o.onProgress?.(++done, total, `${c.activation}/${c.init}/L=${c.depth}`)),
  );
  clearWeightCache();
  return runs;
}

/** As {@link runGradientFlowGrid}, yielding to the event loop between cells (progress, IPC). */
export async function runGradientFlowGridAsync(
  o: GridOptions,
  r: Resolvers,
): Promise<GradientFlowRun[]> {
  const cells = gridCells(o);
  const total = cells.length * o.seeds.length;
  let done = 0;
  const runs: GradientFlowRun[] = [];
  for (const c of cells) {
    runs.push(
      runCell(o, r, c, () =>
        o.onProgress?.(++done, total, `${c.activation}/${c.init}/L=${c.depth}`),
      ),
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  clearWeightCache();
  return runs;
}
