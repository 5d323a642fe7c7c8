/**
 * The measurement behind the `flow` experiment: gradient flow at initialisation, measured with
 * gradscope's own autograd.
 *
 * Network (depth L, width n, batch B, zero biases, so they are left out):
 *   x_0 ~ N(0, 1)^{B×n},   h_l = x_{l-1} W_lᵀ,   x_l = φ(h_l),   l = 1..L,
 * with every W_l ∈ R^{n×n} drawn by the initialiser. The loss is L = Σ x_L ⊙ G with a fixed
 * G ~ N(0, 1)^{B×n}, i.e. the gradient arriving at the output is standard normal (a stand-in for
 * a loss whose output gradient has unit second moment; only ratios between layers matter).
 *
 * Per layer (index 0 = the layer nearest the input) and per seed it records
 *   rmsGrad            RMS of ∂L/∂h_l over the batch and units
 *   weightGradNorm     ‖∂L/∂W_l‖_F
 *   actMean, actStd    mean and std of x_l = φ(h_l) over the batch and units
 *   saturatedFraction  fraction of h_l where |φ'(h_l)| < 5% of φ's peak |φ'| on [-10, 10]
 *                      (sigmoid: |h| ≳ 4.4; tanh: |h| ≳ 2.2; ReLU: every h ≤ 0, i.e. inactive)
 * and summarises them across seeds (mean, std, min, max).
 */
import {
  ArgumentError,
  createRng,
  type DType,
  describe,
  type Rng,
  randn,
  type Tensor,
  tensor,
} from '@gradscope/core';
import { type ApplyFn, derivative, peakDerivative } from './derivative.js';
import { type LayerSpread, layerSpread, meanStd, norm, rms, type Spread, spread } from './stats.js';

/** A weight initialiser in trainer's signature: `[out, in]` shape in, tensor out. */
export type InitFn = (shape: readonly number[], options: { rng: Rng; dtype?: DType }) => Tensor;

/** What to measure. */
export interface GradientFlowConfig {
  readonly activation: ApplyFn;
  readonly init: InitFn;
  readonly depth: number;
  readonly width: number;
  readonly batch: number;
  /** One run per seed; seed s draws weights, inputs and G from `createRng(s)` forks. */
  readonly seeds: readonly number[];
  /** Default float32 (gradients down to 1e-30 are still normal numbers in float32). */
  readonly dtype?: DType;
  /** Sees each seed's per-layer tensors after backward (h_l with .grad, x_l, W_l with .grad). */
  readonly inspect?: (layers: LayerTensors[], seed: number) => void;
  /** Called after each seed. */
  readonly onSeed?: (done: number, total: number) => void;
}

/** One layer's tensors, for {@link GradientFlowConfig.inspect}. */
export interface LayerTensors {
  readonly h: Tensor;
  readonly x: Tensor;
  readonly W: Tensor;
}

/** One seed's per-layer values. */
export interface SeedRun {
  readonly seed: number;
  readonly rmsGrad: number[];
  readonly weightGradNorm: number[];
  readonly actMean: number[];
  readonly actStd: number[];
  readonly saturatedFraction: number[];
  /** log10(rmsGrad[0] / rmsGrad[L-1]); -Infinity or NaN when gradients are exactly 0. */
  readonly log10Ratio: number;
}

/** Everything measured for one configuration. */
export interface GradientFlowMeasurement {
  readonly perSeed: SeedRun[];
  readonly rmsGrad: LayerSpread;
  readonly weightGradNorm: LayerSpread;
  readonly actMean: LayerSpread;
  readonly actStd: LayerSpread;
  readonly saturatedFraction: LayerSpread;
  readonly log10Ratio: Spread;
}

function checkInt(v: number, name: string, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new ArgumentError(
      `measureGradientFlow: ${name} must be an integer >= ${min}, got ${describe(v)}`,
    );
}

/**
 * Seed s draws W_1, W_2, ... in order from `createRng(s).fork('weights')`, so the weights of a
 * shallower network are the first layers of a deeper one, and they do not depend on the
 * activation. Drawing width × width normals per layer is a large part of the measurement, so the
 * streams are kept per (initialiser, seed, width, dtype) and extended on demand; every use copies
 * the data.
 */
const streams = new Map<InitFn, Map<string, { rng: Rng; drawn: Tensor[] }>>();

function weightStream(
  init: InitFn,
  seed: number,
  width: number,
  dtype: DType,
): (l: number) => Tensor {
  let byKey = streams.get(init);
  if (byKey === undefined) {
    byKey = new Map();
    streams.set(init, byKey);
  }
  const key = `${seed}/${width}/${dtype}`;
  let s = byKey.get(key);
  if (s === undefined) {
    s = { rng: createRng(seed).fork('weights'), drawn: [] };
    byKey.set(key, s);
  }
  const st = s;
  return (l) => {
    while (st.drawn.length <= l) st.drawn.push(init([width, width], { rng: st.rng, dtype }));
    return st.drawn[l] as Tensor;
  };
}

/** Forgets the cached weight streams (they hold width² floats per layer drawn). */
export function clearWeightCache(): void {
  streams.clear();
}

function runSeed(cfg: GradientFlowConfig, seed: number, threshold: number): SeedRun {
  const { depth, width, batch } = cfg;
  const dtype = cfg.dtype ?? 'float32';
  const root = createRng(seed);
  const weights = weightStream(cfg.init, seed, width, dtype);
  const x0 = randn([batch, width], { rng: root.fork('inputs'), dtype });
  const G = randn([batch, width], { rng: root.fork('output-gradient'), dtype });
  const Ws: Tensor[] = [];
  const hs: Tensor[] = [];
  const xs: Tensor[] = [];
  let x = x0;
  for (let l = 0; l < depth; l++) {
    const W = weights(l);
    const Wt = W.dtype === dtype ? W : W.to(dtype);
    const Wp = tensor(Wt.data, { shape: [width, width], dtype, requiresGrad: true });
    const h = x.matmul(Wp, { transB: true });
    h.retainGrad();
    x = cfg.activation(h);
    Ws.push(Wp);
    hs.push(h);
    xs.push(x);
  }
  // An activation with no backward path (step built from a comparison) passes no gradient:
  // every gradient below is then exactly zero.
  if (x.requiresGrad) x.backward(G);
  const r: Omit<SeedRun, 'log10Ratio' | 'seed'> = {
    rmsGrad: [],
    weightGradNorm: [],
    actMean: [],
    actStd: [],
    saturatedFraction: [],
  };
  for (let l = 0; l < depth; l++) {
    const h = hs[l] as Tensor;
    r.rmsGrad.push(h.grad === null ? 0 : rms(h.grad.data));
    const gW = (Ws[l] as Tensor).grad;
    r.weightGradNorm.push(gW === null ? 0 : norm(gW.data));
    const ms = meanStd((xs[l] as Tensor).data);
    r.actMean.push(ms.mean);
    r.actStd.push(ms.std);
    const d = derivative(cfg.activation, h).data;
    let sat = 0;
    for (let i = 0; i < d.length; i++) if (Math.abs(d[i] as number) < threshold) sat++;
    r.saturatedFraction.push(sat / d.length);
  }
  cfg.inspect?.(
    hs.map((h, l) => ({ h, x: xs[l] as Tensor, W: Ws[l] as Tensor })),
    seed,
  );
  const log10Ratio = Math.log10((r.rmsGrad[0] as number) / (r.rmsGrad[depth - 1] as number));
  return { seed, ...r, log10Ratio };
}

export type { ApplyFn };

/** Measures the configuration once per seed and summarises across seeds. */
export function measureGradientFlow(cfg: GradientFlowConfig): GradientFlowMeasurement {
  checkInt(cfg.depth, 'depth', 1);
  checkInt(cfg.width, 'width', 1);
  checkInt(cfg.batch, 'batch', 1);
  if (!Array.isArray(cfg.seeds) || cfg.seeds.length === 0)
    throw new ArgumentError('measureGradientFlow: expected at least one seed');
  const threshold = 0.05 * peakDerivative(cfg.activation);
  const perSeed: SeedRun[] = [];
  cfg.seeds.forEach((s, i) => {
    perSeed.push(runSeed(cfg, s, threshold));
    cfg.onSeed?.(i + 1, cfg.seeds.length);
  });
  const table = (k: keyof Omit<SeedRun, 'log10Ratio' | 'seed'>) =>
    layerSpread(perSeed.map((r) => r[k]));
  return {
    perSeed,
    rmsGrad: table('rmsGrad'),
    weightGradNorm: table('weightGradNorm'),
    actMean: table('actMean'),
    actStd: table('actStd'),
    saturatedFraction: table('saturatedFraction'),
    log10Ratio: spread(perSeed.map((r) => r.log10Ratio)),
  };
}
