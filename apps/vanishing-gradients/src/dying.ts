/**
 * The `dying` experiment: dying ReLU. A ReLU unit whose pre-activation is negative on every
 * input passes no gradient (ReLU'(h) = 0 for h ≤ 0), so nothing can revive it. After a large
 * update (high learning rate) many units can end up there. Leaky ReLU (slope α on the negative
 * side) and ELU (derivative e^h there) keep a non-zero derivative, so their units cannot die in
 * this strict sense.
 *
 * Dead fraction: share of hidden units (all layers) whose derivative φ'(h) is exactly 0 on every
 * training point. Near-dead fraction: share whose largest |φ'(h)| over the training set is below
 * 1% of the activation's peak |φ'| (catches ELU units pushed far into the negative side).
 */
import { createRng, noGrad, type Tensor, tensor } from '@gradscope/core';
import {
  Activation,
  Adam,
  crossEntropy,
  type Dataset,
  type Module,
  mlp,
  SGD,
} from '@gradscope/trainer';
import { derivative, peakDerivative } from './derivative.js';
import { TRAINING_DATASETS } from './training.js';

/** One activation's run (results.json `dying.runs[]`). */
export interface DyingRun {
  readonly activation: string;
  readonly optimizer: 'sgd' | 'adam';
  readonly lr: number;
  readonly depth: number;
  readonly width: number;
  readonly steps: number;
  readonly step: number[];
  readonly deadFraction: number[];
  readonly nearDeadFraction: number[];
  readonly trainAccuracy: number[];
}

/** Options of {@link runDying}. */
export interface DyingOptions {
  /** A registered activation name, or (tests) a label and a tensor function. */
  readonly activation: string | { readonly name: string; readonly fn: (x: Tensor) => Tensor };
  readonly steps: number;
  readonly lr?: number;
  readonly optimizer?: 'sgd' | 'adam';
  readonly depth?: number;
  readonly width?: number;
  readonly seed?: number;
  readonly dataset?: string;
  readonly evalEvery?: number;
}

/** Dead and near-dead shares of the hidden units, given each layer's pre-activations `[n, w]`. */
function deadFractions(
  hs: readonly Tensor[],
  apply: (x: Tensor) => Tensor,
  peak: number,
): { dead: number; nearDead: number } {
  let dead = 0;
  let near = 0;
  let units = 0;
  for (const h of hs) {
    const d = derivative(apply, h.detach()).data;
    const [n, w] = h.shape as [number, number];
    for (let j = 0; j < w; j++) {
      let mx = 0;
      for (let i = 0; i < n; i++) mx = Math.max(mx, Math.abs(d[i * w + j] as number));
      if (mx === 0) dead++;
      if (mx < 0.01 * peak) near++;
      units++;
    }
  }
  return { dead: dead / units, nearDead: near / units };
}

/** Share of points whose larger of two logits is the label. */
function binaryAccuracy(logits: Tensor, labels: Tensor): number {
  let ok = 0;
  const n = labels.size;
  for (let i = 0; i < n; i++) {
    const p = (logits.data[2 * i + 1] as number) > (logits.data[2 * i] as number) ? 1 : 0;
    if (p === labels.data[i]) ok++;
  }
  return ok / n;
}

/** The network's logits on `x`, without a graph, and the input of each activation layer. */
function forwardRecordingPreActivations(
  model: Module,
  acts: readonly Activation[],
  x: Tensor,
): { logits: Tensor; hs: Tensor[] } {
  const hs: Tensor[] = [];
  const removers = acts.map((a) => a.registerForwardHook((_m, input) => void hs.push(input)));
  const logits = noGrad(() => model.call(x));
  for (const r of removers) r();
  return { logits, hs };
}

/** Rows `idx` of the 2-D points and their labels, as a training batch. */
function miniBatch(data: Dataset, idx: readonly number[]): { x: Tensor; y: Tensor } {
  const x = tensor(
    idx.flatMap((i) => [data.x.data[2 * i] as number, data.x.data[2 * i + 1] as number]),
    { shape: [idx.length, 2] },
  );
  const y = tensor(idx.map((i) => data.y.data[i] as number));
  return { x, y };
}

/** Trains with a high learning rate and tracks dead units over training. */
export function runDying(o: DyingOptions): DyingRun {
  const seed = o.seed ?? 0;
  const depth = o.depth ?? 4;
  const width = o.width ?? 32;
  const lr = o.lr ?? 0.05;
  const optimizer = o.optimizer ?? 'adam';
  const make = TRAINING_DATASETS[o.dataset ?? 'twoSpirals'] ?? TRAINING_DATASETS.twoSpirals;
  const data = (make as NonNullable<typeof make>)(300, 1000 + seed);
  const fn = typeof o.activation === 'string' ? o.activation : o.activation.fn;
  const name = typeof o.activation === 'string' ? o.activation : o.activation.name;
  const model = mlp({
    inputSize: data.x.shape[1] as number,
    hidden: new Array<number>(depth).fill(width),
    outputSize: 2,
    activation: fn,
    init: 'heNormal',
    seed,
  });
  const acts = model.modules().filter((m): m is Activation => m instanceof Activation);
  const apply = (x: Tensor) => (acts[0] as Activation).call(x);
  const peak = peakDerivative(apply);
  const opt =
    optimizer === 'sgd'
      ? new SGD(model.parameters(), { lr })
      : new Adam(model.parameters(), { lr });
  const rng = createRng(seed).fork('batches');
  const evalEvery = o.evalEvery ?? Math.max(1, Math.floor(o.steps / 25));
  const out = {
    step: [] as number[],
    deadFraction: [] as number[],
    nearDeadFraction: [] as number[],
    trainAccuracy: [] as number[],
  };
  const record = (step: number) => {
    const { logits, hs } = forwardRecordingPreActivations(model, acts, data.x);
    const { dead, nearDead } = deadFractions(hs, apply, peak);
    out.step.push(step);
    out.deadFraction.push(dead);
    out.nearDeadFraction.push(nearDead);
    out.trainAccuracy.push(binaryAccuracy(logits, data.y));
  };
  record(0);
  const batch = 64;
  for (let step = 1; step <= o.steps; step++) {
    const b = miniBatch(
      data,
      Array.from({ length: batch }, () => rng.int(data.length)),
    );
    crossEntropy(model.call(b.x), b.y).backward();
    opt.step();
    opt.zeroGrad();
    if (step % evalEvery === 0 || step === o.steps) record(step);
  }
  return { activation: name, optimizer, lr, depth, width, steps: o.steps, ...out };
}
