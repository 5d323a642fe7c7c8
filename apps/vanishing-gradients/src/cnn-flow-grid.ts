/**
 * The grid of the `cnn` experiment (activation × variant), each cell measured over several seeds
 * (`cnn-flow.ts`) and set beside its mean-field predictions (`cnn-meanfield.ts`).
 */
import { type CnnArchitecture, measureCnnFlow } from './cnn-flow.js';
import {
  borderMeanField,
  cnnMeanField,
  momentsMany,
  scalarMoments,
  unitGaussianStats,
} from './cnn-meanfield.js';
import { type Resolvers, ratioAgrees } from './gradient-flow-grid.js';
import type { LayerSpread, Spread } from './stats.js';

/** One network variant: how layers are built and how the convolutions are initialised. */
export interface CnnVariant {
  readonly architecture: CnnArchitecture;
  /** Trainer initialiser of the convolution weights (`standard` is Conv2d's default). */
  readonly init: string;
}

/** The geometry every cell shares. */
export interface CnnGeometry {
  readonly depth: number;
  readonly channels: number;
  readonly kernel: number;
  readonly size: number;
  readonly batch: number;
  /** Interior: positions at least `margin` from every border. */
  readonly margin: number;
}

/** What the grid runs over. */
export interface CnnGridOptions extends CnnGeometry {
  readonly activations: readonly string[];
  readonly variants: readonly CnnVariant[];
  readonly seeds: readonly number[];
  /** Called after each seed of each cell with (seeds done over all cells, total, cell label). */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** A measured-vs-predicted log10 ratio with the agreement rule of the fully connected grid. */
export interface RatioCheck {
  /** log10(RMS ∂L/∂h at layer 1 / at layer L), per seed summarised. */
  readonly measured: Spread;
  readonly predicted: number;
  /** |measured mean − predicted| ≤ max(0.5, 0.15 |predicted|); null when not finite. */
  readonly agrees: boolean | null;
}

/** One cell, as written to results.json (`cnn.runs[]`). */
export interface CnnFlowRun extends CnnGeometry {
  readonly activation: string;
  readonly architecture: CnnArchitecture;
  readonly init: string;
  /** σ_w² = k²C · Var(W). */
  readonly sigmaW2: number;
  readonly seeds: number[];
  /** Per-layer arrays, index 0 = the layer nearest the input. */
  readonly layers: {
    readonly rmsGrad: LayerSpread;
    readonly rmsGradInterior: LayerSpread;
    readonly weightGradNorm: LayerSpread;
    readonly preActRms: LayerSpread;
    /** The dense recursion with fan-in k²C (an infinite image, no border). */
    readonly predictedRmsGrad: number[];
    readonly predictedQ: number[];
    readonly predictedChi: number[];
    /** The same recursion position by position with the zero padding (null for batchNorm). */
    readonly borderRmsGrad: number[] | null;
    readonly borderRmsGradInterior: number[] | null;
    readonly borderQ: number[] | null;
  };
  /**
   * The first/last ratio against the prediction for this network: the border-resolved one
   * (plain, residual) or the infinite-image one (batchNorm).
   */
  readonly log10Ratio: RatioCheck;
  /** The interior's ratio against the same theory's interior (infinite-image for batchNorm). */
  readonly log10RatioInterior: RatioCheck;
  /** The whole image's ratio against the infinite-image (dense) recursion. */
  readonly log10RatioDense: RatioCheck;
  /**
   * Largest |measured − predicted| over layers of log10(RMS ∂L/∂h_l / RMS ∂L/∂h_L) (the whole
   * image, against the prediction of `log10Ratio`), and whether every layer is within the rule.
   */
  readonly perLayer: { readonly maxDeviation: number; readonly agrees: boolean | null };
}

/** The cells, activation-major. */
export function cnnCells(o: CnnGridOptions): { activation: string; variant: CnnVariant }[] {
  return o.activations.flatMap((activation) =>
    o.variants.map((variant) => ({ activation, variant })),
  );
}

/** A cell's label: `sigmoid/plain/standard`. */
export function cnnLabel(activation: string, v: CnnVariant): string {
  return `${activation}/${v.architecture}/${v.init}`;
}

function check(measured: Spread, predicted: number): RatioCheck {
  return { measured, predicted, agrees: ratioAgrees(measured.mean, predicted) };
}

/** Per-layer comparison of log10(rms_l / rms_L), measured mean against predicted. */
export function perLayerAgreement(
  measured: readonly number[],
  predicted: readonly number[],
): { maxDeviation: number; agrees: boolean | null } {
  const L = measured.length;
  let maxDeviation = 0;
  let agrees: boolean | null = true;
  for (let l = 0; l < L; l++) {
    const m = Math.log10((measured[l] as number) / (measured[L - 1] as number));
    const p = Math.log10((predicted[l] as number) / (predicted[L - 1] as number));
    const a = ratioAgrees(m, p);
    if (a === null) return { maxDeviation: Number.NaN, agrees: null };
    maxDeviation = Math.max(maxDeviation, Math.abs(m - p));
    if (!a) agrees = false;
  }
  return { maxDeviation, agrees };
}

/** Measures one cell over the seeds and sets it beside its predictions. */
export function runCnnCell(
  o: CnnGridOptions,
  r: Resolvers,
  activation: string,
  variant: CnnVariant,
  onSeed: () => void = () => {},
): CnnFlowRun {
  const { depth, channels, kernel, size, batch, margin } = o;
  const { architecture, init } = variant;
  const sigmaW2 = r.sigmaW2(init, kernel * kernel * channels);
  const apply = r.activation(activation);
  const m = measureCnnFlow({
    activation: apply,
    init,
    architecture,
    depth,
    channels,
    kernel,
    size,
    batch,
    margin,
    seeds: o.seeds,
    onSeed,
  });
  // One quadrature cache for both predictions (the resolvers' `moments`, the activations
  // package's analyze, is ~100× slower per variance; the tests check the two agree).
  const many = momentsMany(apply);
  const dense = cnnMeanField({
    architecture,
    moments: scalarMoments(many),
    unitStats: unitGaussianStats(apply),
    sigmaW2,
    depth,
  });
  const border =
    architecture === 'batchNorm'
      ? null
      : borderMeanField({ architecture, moments: many, sigmaW2, depth, kernel, size, margin });
  const predicted = border?.rmsGrad ?? dense.rmsGrad;
  return {
    activation,
    architecture,
    init,
    sigmaW2,
    depth,
    channels,
    kernel,
    size,
    batch,
    margin,
    seeds: [...o.seeds],
    layers: {
      rmsGrad: m.rmsGrad,
      rmsGradInterior: m.rmsGradInterior,
      weightGradNorm: m.weightGradNorm,
      preActRms: m.preActRms,
      predictedRmsGrad: dense.rmsGrad,
      predictedQ: dense.q,
      predictedChi: dense.chi,
      borderRmsGrad: border?.rmsGrad ?? null,
      borderRmsGradInterior: border?.rmsGradInterior ?? null,
      borderQ: border?.q ?? null,
    },
    log10Ratio: check(m.log10Ratio, border?.log10Ratio ?? dense.log10Ratio),
    log10RatioInterior: check(m.log10RatioInterior, border?.log10RatioInterior ?? dense.log10Ratio),
    log10RatioDense: check(m.log10Ratio, dense.log10Ratio),
    perLayer: perLayerAgreement(m.rmsGrad.mean, predicted),
  };
}

/** Runs every cell, yielding to the event loop between cells (progress, IPC). */
export async function runCnnGrid(o: CnnGridOptions, r: Resolvers): Promise<CnnFlowRun[]> {
  const cells = cnnCells(o);
  const total = cells.length * o.seeds.length;
  let done = 0;
  const runs: CnnFlowRun[] = [];
  for (const { activation, variant } of cells) {
    const label = cnnLabel(activation, variant);
    runs.push(runCnnCell(o, r, activation, variant, () => o.onProgress?.(++done, total, label)));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return runs;
}
