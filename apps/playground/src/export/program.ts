/**
 * The TypeScript program that reproduces a playground run with the published packages only
 * (`@gradscope/core`, `@gradscope/trainer`; no playground source). The data are embedded as the
 * exact prepared points (the network inputs after the feature transform, and the labels, of the
 * train and test sides): that makes CSV tables and every generator reproducible without copying
 * the playground's data code. The program builds the same network from the same seed streams
 * (`createRng(seed).fork('model')`, `'shuffle'`), trains the same number of steps with the same
 * batching, schedule and penalty, and prints the losses and the gradient-flow numbers: the
 * measurement at initialisation (whole training set) and of the last step, as the page shows
 * them, bit for bit (tested in `program.test.ts`).
 */
import type { Session } from '../engine/session.js';
import { effectiveLoss } from '../engine/session.js';

/** What the program needs, as plain JSON. */
export interface ProgramSpec {
  readonly state: unknown;
  readonly seed: number;
  readonly steps: number;
  readonly kind: 'classification' | 'regression';
  readonly loss: 'mse' | 'crossEntropy';
  readonly inputSize: number;
  readonly outputSize: number;
  readonly depth: number;
  readonly width: number;
  readonly activations: readonly string[];
  /** Fixed parameters by activation name (PReLU: its slope's initial value). */
  readonly activationParams: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly init: string;
  readonly momentsGain: boolean;
  readonly residual: boolean;
  readonly norm: string;
  readonly dropout: number;
  readonly optimizer: string;
  readonly lr: number;
  readonly schedule: string;
  readonly regularization: string;
  readonly regRate: number;
  readonly batchSize: number;
  readonly dropLast: boolean;
}

/** The spec of `session` trained for `steps` steps. */
export function programSpec(session: Session, steps: number): ProgramSpec {
  const { state, data } = session;
  const n = state.network;
  return {
    state,
    seed: state.seed,
    steps,
    kind: data.table.kind,
    loss: effectiveLoss(state, data),
    inputSize: data.inputSize,
    outputSize: data.outputSize,
    depth: n.depth,
    width: n.width,
    activations: Array.from({ length: n.depth }, (_, l) => n.layerActivations?.[l] ?? n.activation),
    activationParams: n.activationParams,
    init: n.init,
    momentsGain: n.gain === 'moments',
    residual: n.residual,
    norm: n.norm,
    dropout: n.dropout,
    optimizer: state.training.optimizer,
    lr: state.training.lr,
    schedule: state.training.schedule,
    regularization: state.training.regularization,
    regRate: state.training.regRate,
    batchSize: Math.min(state.data.batchSize, data.train.labels.length),
    dropLast: n.norm === 'batch',
  };
}

/** The program's source for `session` trained for `steps` steps. */
export function reproductionProgram(session: Session, steps: number): string {
  const spec = programSpec(session, steps);
  const { train, test } = session.data;
  const arr = (a: ArrayLike<number>) => JSON.stringify(Array.from(a));
  return [
    '// Reproduces a gradscope playground run with the published packages.',
    '// Run: npx tsx reproduce.ts   (needs @gradscope/core and @gradscope/trainer installed)',
    '// The data are the exact points the playground trained on (inputs after the feature',
    '// transform, labels), embedded below.',
    HEADER,
    `const SPEC: Spec = ${JSON.stringify(spec, null, 2)};`,
    `const TRAIN = { inputs: ${arr(train.inputs)}, labels: ${arr(train.labels)} };`,
    `const TEST = { inputs: ${arr(test.inputs)}, labels: ${arr(test.labels)} };`,
    BODY,
  ].join('\n');
}

const HEADER = `import { createRng, type Rng, type Tensor, tensor, zeroGrad } from '@gradscope/core';
import {
  Activation,
  BatchNorm1d,
  CosineAnnealingLR,
  calculateGain,
  createOptimizer,
  crossEntropy,
  DataLoader,
  Dataset,
  Dropout,
  ExponentialLR,
  evaluate,
  LayerNorm,
  Linear,
  LinearWarmup,
  type LossFn,
  type LRSchedule,
  type Module,
  mse,
  type Optimizer,
  Residual,
  Sequential,
  StepLR,
} from '@gradscope/trainer';

/** The run: the playground state (for the record) and what the program uses of it. */
interface Spec {
  state: unknown;
  seed: number;
  steps: number;
  kind: string;
  loss: string;
  inputSize: number;
  outputSize: number;
  depth: number;
  width: number;
  activations: string[];
  activationParams: Record<string, Record<string, number>>;
  init: string;
  momentsGain: boolean;
  residual: boolean;
  norm: string;
  dropout: number;
  optimizer: string;
  lr: number;
  schedule: string;
  regularization: string;
  regRate: number;
  batchSize: number;
  dropLast: boolean;
}
`;

const BODY = `
function dataset(side: { inputs: number[]; labels: number[] }): Dataset {
  const n = side.labels.length;
  const x = tensor(Float32Array.from(side.inputs), { shape: [n, SPEC.inputSize] });
  if (SPEC.kind === 'regression')
    return new Dataset(x, tensor(Float32Array.from(side.labels), { shape: [n, 1] }));
  if (SPEC.loss === 'crossEntropy')
    return new Dataset(x, tensor(Float32Array.from(side.labels), { shape: [n] }));
  const c = SPEC.outputSize;
  const onehot = new Float32Array(n * c);
  side.labels.forEach((y, i) => {
    onehot[i * c + y] = 1;
  });
  return new Dataset(x, tensor(onehot, { shape: [n, c] }));
}

// The network: each hidden layer Linear -> [norm] -> activation, in a Residual when the widths
// match, then [Dropout]; a final Linear. Weights from createRng(seed).fork('model').
const rng: Rng = createRng(SPEC.seed).fork('model');
const linears: Linear[] = [];
const activations: Activation[] = [];
function linear(i: number, o: number, l: number): Linear {
  const act = SPEC.activations[Math.min(l, SPEC.depth - 1)] as string;
  const params = SPEC.activationParams[act];
  const initOptions = SPEC.momentsGain
    ? { gain: calculateGain(act, { fromMoments: true, ...(params ? { params } : {}) }) }
    : {};
  const layer = new Linear(i, o, { init: SPEC.init, initOptions, rng, dtype: 'float32' });
  linears.push(layer);
  return layer;
}
const model = new Sequential();
let prev: number = SPEC.inputSize;
for (let l = 0; l < SPEC.depth; l++) {
  const h = SPEC.width;
  const parts: Module[] = [linear(prev, h, l)];
  if (SPEC.norm === 'layer') parts.push(new LayerNorm(h, { dtype: 'float32' }));
  else if (SPEC.norm === 'batch') parts.push(new BatchNorm1d(h, { dtype: 'float32' }));
  const name = SPEC.activations[l] as string;
  const params = SPEC.activationParams[name];
  // Fixed parameters; PReLU's is the initial value of its learnable slope.
  const act =
    name === 'prelu'
      ? new Activation('prelu', { dtype: 'float32', ...(params?.alpha === undefined ? {} : { alpha: params.alpha }) })
      : new Activation(name, { dtype: 'float32', ...(params ? { params } : {}) });
  activations.push(act);
  parts.push(act);
  if (SPEC.residual && prev === h) model.append(new Residual(new Sequential(...parts)));
  else for (const p of parts) model.append(p);
  if (SPEC.dropout > 0) model.append(new Dropout(SPEC.dropout, { rng: rng.split() }));
  prev = h;
}
model.append(linear(prev, SPEC.outputSize, SPEC.depth));

function makeOptimizer(): Optimizer {
  const params = model.parameters();
  const lr = SPEC.lr;
  switch (SPEC.optimizer) {
    case 'momentum':
      return createOptimizer('sgd', params, { lr, momentum: 0.9 });
    case 'sgd':
      return createOptimizer('sgd', params, { lr });
    case 'adam':
      return createOptimizer('adam', params, { lr });
    case 'adamw':
      return createOptimizer('adamw', params, { lr });
    case 'rmsprop':
      return createOptimizer('rmsprop', params, { lr });
    default:
      throw new Error('unknown optimizer ' + SPEC.optimizer);
  }
}
const optimizer = makeOptimizer();
// Epoch schedules step after each epoch, the warm-up after each step.
const schedule: { s: LRSchedule; per: 'epoch' | 'step' } | null =
  SPEC.schedule === 'step'
    ? { s: new StepLR(optimizer, { stepSize: 100, gamma: 0.5 }), per: 'epoch' }
    : SPEC.schedule === 'exponential'
      ? { s: new ExponentialLR(optimizer, { gamma: 0.99 }), per: 'epoch' }
      : SPEC.schedule === 'cosine'
        ? { s: new CosineAnnealingLR(optimizer, { tMax: 500 }), per: 'epoch' }
        : SPEC.schedule === 'warmup'
          ? { s: new LinearWarmup(optimizer, { warmupSteps: 200 }), per: 'step' }
          : null;

const lossFn: LossFn = SPEC.loss === 'crossEntropy' ? (p, y) => crossEntropy(p, y) : (p, y) => mse(p, y);
// L1: rate * sum |W|; L2: rate / 2 * sum W^2, over the weight matrices (no biases).
function objective(x: Tensor, y: Tensor): { loss: Tensor; value: number } {
  let loss = lossFn(model.call(x), y);
  if (SPEC.regularization !== 'none' && SPEC.regRate !== 0) {
    let total: Tensor | null = null;
    for (const l of linears) {
      const term = SPEC.regularization === 'l1' ? l.weight.abs().sum() : l.weight.square().sum();
      total = total === null ? term : total.add(term);
    }
    if (total !== null)
      loss = loss.add(total.mul(SPEC.regularization === 'l1' ? SPEC.regRate : SPEC.regRate / 2));
  }
  return { loss, value: loss.item() };
}

// The gradient-flow numbers of one pass (float64 sums in index order): per Linear the RMS of
// dloss/dh per example and the Frobenius norm of dL/dW; per activation the saturated
// (|f'| < 0.01) and dead (f' = 0 on every row) fractions; the update-to-weight ratio.
function sumSquares(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += (d[i] as number) * (d[i] as number);
  return s;
}
function probe() {
  const rms = linears.map(() => 0);
  const saturated = activations.map(() => 0);
  const dead = activations.map(() => 0);
  const removers = [
    ...linears.map((layer, i) =>
      layer.registerForwardHook((_m, _x, y: Tensor) => {
        if (!y.requiresGrad) return;
        y.registerHook((g) => {
          const rows = g.shape[0] as number;
          rms[i] = rows * Math.sqrt(sumSquares(g.data) / g.data.length);
        });
      }),
    ),
    ...activations.map((act, i) =>
      act.registerForwardHook((m, x: Tensor) => {
        const d = (m as Activation).derivative(x).data;
        const units = x.shape[x.shape.length - 1] as number;
        const alive = new Uint8Array(units);
        let sat = 0;
        for (let k = 0; k < d.length; k++) {
          const a = Math.abs(d[k] as number);
          if (a < 0.01) sat++;
          if (a > 0) alive[k % units] = 1;
        }
        let deadUnits = 0;
        for (let u = 0; u < units; u++) if (alive[u] === 0) deadUnits++;
        saturated[i] = d.length === 0 ? 0 : sat / d.length;
        dead[i] = deadUnits / units;
      }),
    ),
  ];
  return (step: number, loss: number) => {
    for (const r of removers) r();
    const weightGradNorm = linears.map((l) =>
      l.weight.grad === null ? 0 : Math.sqrt(sumSquares(l.weight.grad.data)),
    );
    return { step, rmsGradH: rms, weightGradNorm, updateRatio: [] as number[], saturated, dead, loss };
  };
}

const trainSet = dataset(TRAIN);
const testSet = dataset(TEST);
model.train();
// At initialisation: forward and backward on the whole training set, no update.
const initFinish = probe();
const init = objective(trainSet.x, trainSet.y);
init.loss.backward();
const initial = initFinish(0, init.value);
zeroGrad(model.parameters());

const loader = new DataLoader(trainSet, {
  batchSize: SPEC.batchSize,
  shuffle: true,
  dropLast: SPEC.dropLast,
  rng: createRng(SPEC.seed).fork('shuffle'),
});
let iter = loader[Symbol.iterator]();
let latest = initial;
for (let step = 1; step <= SPEC.steps; step++) {
  let next = iter.next();
  if (next.done === true) {
    if (schedule?.per === 'epoch') schedule.s.step();
    iter = loader[Symbol.iterator]();
    next = iter.next();
  }
  const { x, y } = next.value;
  const measure = step === SPEC.steps;
  const finish = measure ? probe() : null;
  const { loss, value } = objective(x, y);
  loss.backward();
  let before: Array<Float32Array | Float64Array> = [];
  if (finish !== null) {
    latest = finish(step, value);
    before = linears.map((l) => l.weight.data.slice());
  }
  optimizer.step();
  zeroGrad(model.parameters());
  if (schedule?.per === 'step') schedule.s.step();
  if (finish !== null)
    latest.updateRatio = linears.map((l, i) => {
      const b = before[i] as Float32Array | Float64Array;
      const w = l.weight.data;
      let d = 0;
      for (let k = 0; k < b.length; k++) d += ((w[k] as number) - (b[k] as number)) ** 2;
      const nb = Math.sqrt(sumSquares(b));
      return nb === 0 ? 0 : Math.sqrt(d) / nb;
    });
}

const losses = {
  step: SPEC.steps,
  epoch: SPEC.steps / loader.length,
  train: evaluate(model, trainSet, { loss: lossFn }).loss,
  test: evaluate(model, testSet, { loss: lossFn }).loss,
};
console.log('step ' + SPEC.steps + '  train loss ' + losses.train + '  test loss ' + losses.test);
for (const [name, f] of [['initialisation', initial], ['step ' + SPEC.steps, latest]] as const)
  console.log(name + '  RMS dl/dh ' + f.rmsGradH.join(' ') + '  |dL/dW| ' + f.weightGradNorm.join(' '));
// One JSON line with every number (JSON keeps float64 exactly).
console.log(JSON.stringify({ losses, initial, latest }));
`;
