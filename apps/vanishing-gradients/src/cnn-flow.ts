/**
 * The measurement behind the `cnn` experiment: gradient flow at initialisation through a deep
 * convolutional network, built from the trainer's modules and measured with gradscope's autograd.
 *
 * Network (depth L, C channels, k × k kernels, stride 1, 'same' zero padding, no biases):
 *   x_0 ~ N(0, 1)^{N×C×S×S}, and for l = 1..L, with conv_l a `Conv2d(C, C, k)` drawn by the
 *   initialiser (`standard` is PyTorch's default, U[−1/√(k²C), 1/√(k²C)]):
 *     plain:      h_l = conv_l(x_{l-1}),             x_l = φ(h_l)
 *     batchNorm:  h_l = BatchNorm2d(conv_l(x_{l-1})), x_l = φ(h_l)   (training mode: batch statistics)
 *     residual:   h_l = conv_l(φ(x_{l-1})),          x_l = x_{l-1} + h_l   (trainer's `Residual`)
 * h_l is what enters the next activation (plain, batchNorm: the pre-activation; residual: the
 * branch output, whose gradient is the stream's, ∂L/∂h_l = ∂L/∂x_l). The loss is L = Σ x_L ⊙ G
 * with a fixed G ~ N(0, 1), as in the fully connected experiment (`gradient-flow.ts`).
 *
 * Per layer (index 0 = the layer nearest the input) and per seed it records
 *   rmsGrad          RMS of ∂L/∂h_l over batch, channels and every position
 *   rmsGradInterior  the same over the interior: positions at least `margin` from each border
 *   weightGradNorm   ‖∂L/∂W_l‖_F of the convolution's weight
 *   preActRms        RMS of h_l (residual: of the stream x_l, the next branch's pre-activation)
 * and summarises them across seeds.
 */
import {
  ArgumentError,
  createRng,
  type DType,
  describe,
  randn,
  type Tensor,
} from '@gradscope/core';
import {
  Activation,
  BatchNorm2d,
  Conv2d,
  type Initializer,
  type Module,
  Residual,
  Sequential,
} from '@gradscope/trainer';
import type { ApplyFn } from './derivative.js';
import { type LayerSpread, layerSpread, norm, rms, type Spread, spread } from './stats.js';

/** How each layer is built (see the module comment). */
export type CnnArchitecture = 'plain' | 'batchNorm' | 'residual';

/** The architectures, in report order. */
export const CNN_ARCHITECTURES: readonly CnnArchitecture[] = ['plain', 'batchNorm', 'residual'];

/** What to measure. */
export interface CnnFlowConfig {
  readonly activation: ApplyFn;
  /** The convolutions' weight initialiser: a trainer initialiser name or function. */
  readonly init: string | Initializer;
  readonly architecture: CnnArchitecture;
  readonly depth: number;
  /** Channels C of every layer (input and output). */
  readonly channels: number;
  /** Kernel size k (odd, so 'same' padding is symmetric). */
  readonly kernel: number;
  /** Spatial size S of the square inputs. */
  readonly size: number;
  readonly batch: number;
  /** Interior: positions at least `margin` from every border (0 ≤ margin, 2·margin < size). */
  readonly margin: number;
  /** One run per seed; seed s draws weights, inputs and G from `createRng(s)` forks. */
  readonly seeds: readonly number[];
  /** Default float32. */
  readonly dtype?: DType;
  /** Called after each seed. */
  readonly onSeed?: (done: number, total: number) => void;
}

/** One seed's per-layer values. */
export interface CnnSeedRun {
  readonly seed: number;
  readonly rmsGrad: number[];
  readonly rmsGradInterior: number[];
  readonly weightGradNorm: number[];
  readonly preActRms: number[];
  /** log10(rmsGrad[0] / rmsGrad[L-1]). */
  readonly log10Ratio: number;
  /** log10(rmsGradInterior[0] / rmsGradInterior[L-1]). */
  readonly log10RatioInterior: number;
}

/** Everything measured for one configuration. */
export interface CnnFlowMeasurement {
  readonly perSeed: CnnSeedRun[];
  readonly rmsGrad: LayerSpread;
  readonly rmsGradInterior: LayerSpread;
  readonly weightGradNorm: LayerSpread;
  readonly preActRms: LayerSpread;
  readonly log10Ratio: Spread;
  readonly log10RatioInterior: Spread;
}

function checkInt(v: number, name: string, min: number): void {
  if (!Number.isInteger(v) || v < min)
    throw new ArgumentError(
      `measureCnnFlow: ${name} must be an integer >= ${min}, got ${describe(v)}`,
    );
}

function checkConfig(cfg: CnnFlowConfig): void {
  checkInt(cfg.depth, 'depth', 1);
  checkInt(cfg.channels, 'channels', 1);
  checkInt(cfg.kernel, 'kernel', 1);
  checkInt(cfg.size, 'size', 1);
  checkInt(cfg.batch, 'batch', 1);
  checkInt(cfg.margin, 'margin', 0);
  if (cfg.kernel % 2 === 0)
    throw new ArgumentError(`measureCnnFlow: kernel must be odd, got ${describe(cfg.kernel)}`);
  if (2 * cfg.margin >= cfg.size)
    throw new ArgumentError(
      `measureCnnFlow: margin must leave an interior (2 · margin < size ${cfg.size}), got ${describe(cfg.margin)}`,
    );
  if (!CNN_ARCHITECTURES.includes(cfg.architecture))
    throw new ArgumentError(
      `measureCnnFlow: architecture must be one of ${CNN_ARCHITECTURES.join(', ')}, got ${describe(cfg.architecture)}`,
    );
  if (!Array.isArray(cfg.seeds) || cfg.seeds.length === 0)
    throw new ArgumentError('measureCnnFlow: expected at least one seed');
}

/** RMS over the positions at least `m` from every border of an [N, C, S, S] array. */
export function interiorRms(data: ArrayLike<number>, shape: readonly number[], m: number): number {
  const [n, c, h, w] = shape as [number, number, number, number];
  let s = 0;
  let count = 0;
  for (let i = 0; i < n * c; i++)
    for (let y = m; y < h - m; y++) {
      const row = (i * h + y) * w;
      for (let x = m; x < w - m; x++) {
        s += (data[row + x] as number) ** 2;
        count++;
      }
    }
  return Math.sqrt(s / Math.max(1, count));
}

/** One layer: its convolution (whose weight gradient is recorded) and the module applied. */
interface CnnLayer {
  readonly conv: Conv2d;
  /** x_{l-1} → [h_l, x_l]. */
  readonly apply: (x: Tensor) => [Tensor, Tensor];
}

/** The layers of one seed's network; the convolutions draw their weights in order from `rng`. */
function buildLayers(cfg: CnnFlowConfig, seed: number): CnnLayer[] {
  const rng = createRng(seed).fork('weights');
  const { channels: C, kernel: k, activation: phi } = cfg;
  const dtype = cfg.dtype ?? 'float32';
  const layers: CnnLayer[] = [];
  for (let l = 0; l < cfg.depth; l++) {
    const conv = new Conv2d(C, C, k, { padding: 'same', bias: false, init: cfg.init, rng, dtype });
    let m: Module;
    if (cfg.architecture === 'residual') {
      m = new Residual(new Sequential(new Activation(phi, { name: 'φ' }), conv));
      const res = m;
      layers.push({
        conv,
        apply: (x) => {
          const y = res.call(x);
          return [y, y];
        },
      });
    } else {
      const bn = cfg.architecture === 'batchNorm' ? new BatchNorm2d(C, { dtype }) : null;
      layers.push({
        conv,
        apply: (x) => {
          const a = conv.call(x);
          const h = bn === null ? a : bn.call(a);
          return [h, phi(h)];
        },
      });
    }
  }
  return layers;
}

function runSeed(cfg: CnnFlowConfig, seed: number): CnnSeedRun {
  const { batch, channels, size, depth } = cfg;
  const dtype = cfg.dtype ?? 'float32';
  const root = createRng(seed);
  const layers = buildLayers(cfg, seed);
  const shape = [batch, channels, size, size];
  let x = randn(shape, { rng: root.fork('inputs'), dtype });
  const G = randn(shape, { rng: root.fork('output-gradient'), dtype });
  const hs: Tensor[] = [];
  for (const layer of layers) {
    const [h, next] = layer.apply(x);
    h.retainGrad();
    hs.push(h);
    x = next;
  }
  if (x.requiresGrad) x.backward(G);
  const r: Record<'rmsGrad' | 'rmsGradInterior' | 'weightGradNorm' | 'preActRms', number[]> = {
    rmsGrad: [],
    rmsGradInterior: [],
    weightGradNorm: [],
    preActRms: [],
  };
  for (let l = 0; l < depth; l++) {
    const h = hs[l] as Tensor;
    const g = h.grad;
    r.rmsGrad.push(g === null ? 0 : rms(g.data));
    r.rmsGradInterior.push(g === null ? 0 : interiorRms(g.data, g.shape, cfg.margin));
    const gW = (layers[l] as CnnLayer).conv.weight.grad;
    r.weightGradNorm.push(gW === null ? 0 : norm(gW.data));
    r.preActRms.push(rms(h.data));
  }
  const ratio = (v: number[]) => Math.log10((v[0] as number) / (v[depth - 1] as number));
  return {
    seed,
    ...r,
    log10Ratio: ratio(r.rmsGrad),
    log10RatioInterior: ratio(r.rmsGradInterior),
  };
}

/** Measures the configuration once per seed and summarises across seeds. */
export function measureCnnFlow(cfg: CnnFlowConfig): CnnFlowMeasurement {
  checkConfig(cfg);
  const perSeed: CnnSeedRun[] = [];
  cfg.seeds.forEach((s, i) => {
    perSeed.push(runSeed(cfg, s));
    cfg.onSeed?.(i + 1, cfg.seeds.length);
  });
  const table = (k: 'rmsGrad' | 'rmsGradInterior' | 'weightGradNorm' | 'preActRms') =>
    layerSpread(perSeed.map((r) => r[k]));
  return {
    perSeed,
    rmsGrad: table('rmsGrad'),
    rmsGradInterior: table('rmsGradInterior'),
    weightGradNorm: table('weightGradNorm'),
    preActRms: table('preActRms'),
    log10Ratio: spread(perSeed.map((r) => r.log10Ratio)),
    log10RatioInterior: spread(perSeed.map((r) => r.log10RatioInterior)),
  };
}
