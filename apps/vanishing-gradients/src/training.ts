/**
 * The `training` experiment: training through depth. The same deep MLP (2 → width × depth → 2,
 * `Linear → activation` blocks from trainer's `mlp`) is trained with Adam on mini-batches of a
 * two-class task (two spirals by default); per configuration it records the loss and accuracy
 * curves and the per-layer weight-gradient norms over training. Then the remedies are tried on
 * the configurations that failed: He initialisation, residual blocks (`y = x + f(x)`), LayerNorm
 * before each activation.
 */
import { ArgumentError, createRng, noGrad, type Rng, type Tensor, tensor } from '@gradscope/core';
import {
  Adam,
  checkerboard,
  circles,
  crossEntropy,
  type Dataset,
  Linear,
  type Module,
  mlp,
  moons,
  twoSpirals,
  xor,
} from '@gradscope/trainer';
import { norm } from './stats.js';

/** How the network is built: the plain baseline or one remedy. */
export type Variant = 'plain' | 'heNormal' | 'residual' | 'layerNorm';

/** One training run, as written to results.json (`training.runs[]`). */
export interface TrainingRun {
  readonly activation: string;
  /** Initialiser of every Linear: `standard` (PyTorch's default) unless the variant is heNormal. */
  readonly init: string;
  readonly variant: Variant;
  readonly depth: number;
  readonly width: number;
  readonly steps: number;
  readonly lr: number;
  readonly batch: number;
  readonly seed: number;
  /** Evaluated on the full training set every few steps (step 0 = before training). */
  readonly curve: { readonly step: number[]; readonly loss: number[]; readonly accuracy: number[] };
  /** ‖∂L/∂W‖ per Linear layer (index 0 = nearest the input) at the recorded steps. */
  readonly gradNorms: { readonly step: number[]; readonly perLayer: number[][] };
  readonly finalTrainAccuracy: number;
  readonly finalTestAccuracy: number;
  /** finalTrainAccuracy ≥ {@link LEARNED_ACCURACY}. */
  readonly learned: boolean;
}

/** A run "learned" the task when its final training accuracy reaches this. */
export const LEARNED_ACCURACY = 0.9;

/** Options of {@link trainOne}. */
export interface TrainOptions {
  /** A registered activation name (or, for tests, a tensor function and a label). */
  readonly activation: string | { readonly name: string; readonly fn: (x: Tensor) => Tensor };
  readonly variant: Variant;
  readonly depth: number;
  readonly width: number;
  readonly steps: number;
  readonly lr?: number;
  readonly batch?: number;
  readonly seed?: number;
  /** Training points (default 300) and held-out points (same count, other seed). */
  readonly points?: number;
  /** Evaluate every `evalEvery` steps (default steps / 20). */
  readonly evalEvery?: number;
}

/** Datasets the training experiments accept: trainer's two-class synthetic tasks. */
export const TRAINING_DATASETS: Readonly<Record<string, (n: number, seed: number) => Dataset>> = {
  twoSpirals: (n, seed) => twoSpirals({ n, seed }),
  moons: (n, seed) => moons({ n, seed }),
  circles: (n, seed) => circles({ n, seed }),
  xor: (n, seed) => xor({ n, seed }),
  checkerboard: (n, seed) => checkerboard({ n, seed }),
};

function accuracy(logits: Tensor, labels: Tensor): number {
  const [n, c] = logits.shape as [number, number];
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < c; k++)
      if ((logits.data[i * c + k] as number) > (logits.data[i * c + best] as number)) best = k;
    if (best === labels.data[i]) ok++;
  }
  return ok / n;
}

function rows(t: Tensor, idx: readonly number[]): Tensor {
  const w = t.size / (t.shape[0] as number);
  const out = new Float32Array(idx.length * w);
  idx.forEach((r, i) => {
    for (let j = 0; j < w; j++) out[i * w + j] = t.data[r * w + j] as number;
  });
  return tensor(out, { shape: [idx.length, ...t.shape.slice(1)] });
}

/** What {@link fit} records: the evaluation curve and the per-layer weight-gradient norms. */
interface FitRecord {
  readonly curve: TrainingRun['curve'];
  readonly gradNorms: TrainingRun['gradNorms'];
}

/**
 * Trains `model` with Adam for `steps` mini-batches drawn by `rng`; evaluates on the full training
 * set at step 0, every `evalEvery` steps and at the end, and records ‖∂L/∂W‖ of each Linear at
 * step 1 and every `evalEvery` steps.
 */
function fit(
  model: Module,
  train: Dataset,
  o: { steps: number; lr: number; batch: number; evalEvery: number; rng: Rng },
): FitRecord {
  const linears = model.modules().filter((m): m is Linear => m instanceof Linear);
  const opt = new Adam(model.parameters(), { lr: o.lr });
  const curve = { step: [] as number[], loss: [] as number[], accuracy: [] as number[] };
  const gradNorms = { step: [] as number[], perLayer: [] as number[][] };
  const evaluate = (step: number) =>
    noGrad(() => {
      const logits = model.call(train.x);
      curve.step.push(step);
      curve.loss.push(crossEntropy(logits, train.y).item());
      curve.accuracy.push(accuracy(logits, train.y));
    });
  evaluate(0);
  const n = train.length;
  for (let step = 1; step <= o.steps; step++) {
    const idx = Array.from({ length: o.batch }, () => o.rng.int(n));
    const loss = crossEntropy(model.call(rows(train.x, idx)), rows(train.y, idx));
    loss.backward();
    if (step === 1 || step % o.evalEvery === 0) {
      gradNorms.step.push(step);
      gradNorms.perLayer.push(
        linears.map((l) => (l.weight.grad === null ? 0 : norm(l.weight.grad.data))),
      );
    }
    opt.step();
    opt.zeroGrad();
    if (step % o.evalEvery === 0 || step === o.steps) {
      if (curve.step[curve.step.length - 1] !== step) evaluate(step);
    }
  }
  return { curve, gradNorms };
}

/** Trains one configuration (fixed seeds: same seed, same run). */
export function trainOne(o: TrainOptions, dataset = 'twoSpirals'): TrainingRun {
  const make = TRAINING_DATASETS[dataset];
  if (make === undefined) throw new ArgumentError(`trainOne: unknown dataset '${dataset}'`);
  const seed = o.seed ?? 0;
  const lr = o.lr ?? 3e-3;
  const batch = o.batch ?? 64;
  const points = o.points ?? 300;
  const train = make(points, 1000 + seed);
  const test = make(points, 2000 + seed);
  const init = o.variant === 'heNormal' ? 'heNormal' : 'standard';
  const model = mlp({
    inputSize: train.x.shape[1] as number,
    hidden: new Array<number>(o.depth).fill(o.width),
    outputSize: 2,
    activation: typeof o.activation === 'string' ? o.activation : o.activation.fn,
    init,
    residual: o.variant === 'residual',
    norm: o.variant === 'layerNorm' ? 'layer' : null,
    seed,
  });
  const { curve, gradNorms } = fit(model, train, {
    steps: o.steps,
    lr,
    batch,
    evalEvery: o.evalEvery ?? Math.max(1, Math.floor(o.steps / 20)),
    rng: createRng(seed).fork('batches'),
  });
  const finalTrainAccuracy = curve.accuracy[curve.accuracy.length - 1] as number;
  const finalTestAccuracy = noGrad(() => accuracy(model.call(test.x), test.y));
  return {
    activation: typeof o.activation === 'string' ? o.activation : o.activation.name,
    init,
    variant: o.variant,
    depth: o.depth,
    width: o.width,
    steps: o.steps,
    lr,
    batch,
    seed,
    curve,
    gradNorms,
    finalTrainAccuracy,
    finalTestAccuracy,
    learned: finalTrainAccuracy >= LEARNED_ACCURACY,
  };
}
