/**
 * One training run of the playground: the data, the network, the optimiser and the monitors of
 * a state, stepped one mini-batch at a time. It is a plain module: the Web Worker drives it for
 * the page and the Node tests drive it directly, and both get the same numbers bit for bit for
 * the same state (one seeded RNG per stream: `fork('data')`, `'split'`, `'model'`,
 * `'shuffle'`).
 *
 * A step is the trainer's `fit` step: forward, loss (plus the weight penalty), backward,
 * optimiser step, cleared gradients; an epoch is one shuffled pass over the training rows, after
 * which the schedule steps and the trainer's saturation and dead-unit monitors report.
 */

import type { Tensor } from '@gradscope/core';
import { createRng, retainAllGrads, tensor, zeroGrad } from '@gradscope/core';
import {
  type Callback,
  crossEntropy,
  DataLoader,
  Dataset,
  DeadUnitMonitor,
  type EpochLogs,
  evaluate,
  type FitContext,
  GradientFlowMonitor,
  type LossFn,
  mse,
  type Optimizer,
  SaturationMonitor,
} from '@gradscope/trainer';
import type { PreparedData, Split } from '../data/prepare.js';
import type { PlaygroundState } from '../state/state.js';
import { computeHeatmap, gridInputs, type Heatmap } from './heatmap.js';
import { type BuiltNetwork, buildNetwork, weightRng } from './network.js';
import { makeOptimizer, makeSchedule, penalty, type Schedule } from './optimizer.js';
import { type FlowStats, Probe } from './probe.js';
import { type Theory, theoryFor } from './theory.js';

/** Train and test loss (data loss, eval mode, no penalty) after `step` steps. */
export interface LossPoint {
  readonly step: number;
  /** Epochs done, fractional (steps / batches per epoch). */
  readonly epoch: number;
  readonly train: number;
  readonly test: number;
}

/** The loss the state trains with: regression always uses MSE. */
export function effectiveLoss(state: PlaygroundState, data: PreparedData) {
  return data.table.kind === 'regression' ? 'mse' : state.training.loss;
}

/** One side of the split as a trainer Dataset: inputs `[n, inputSize]` and the loss's targets. */
export function splitDataset(
  split: Split,
  data: PreparedData,
  loss: 'mse' | 'crossEntropy',
): Dataset {
  const x = tensor(split.inputs, { shape: [split.labels.length, data.inputSize] });
  return new Dataset(x, targets(split, data, loss));
}

function targets(split: Split, data: PreparedData, loss: 'mse' | 'crossEntropy'): Tensor {
  const n = split.labels.length;
  if (data.table.kind === 'regression')
    return tensor(Float32Array.from(split.labels), { shape: [n, 1] });
  if (loss === 'crossEntropy') return tensor(Float32Array.from(split.labels), { shape: [n] });
  const c = data.outputSize;
  const onehot = new Float32Array(n * c);
  split.labels.forEach((y, i) => {
    onehot[i * c + y] = 1;
  });
  return tensor(onehot, { shape: [n, c] });
}

/** A running session; see the module comment. */
export class Session {
  readonly state: PlaygroundState;
  readonly data: PreparedData;
  readonly net: BuiltNetwork;
  readonly optimizer: Optimizer;
  readonly theory: Theory;
  /** Per-layer numbers measured at initialisation on the whole training set (no update). */
  readonly initialFlow: FlowStats;
  /** Global steps done. */
  step = 0;
  /** Epochs completed. */
  epoch = 0;
  /** Warnings of the trainer's monitors at the last epoch end (saturation, dead units). */
  epochWarnings: string[] = [];
  private readonly lossFn: LossFn;
  private readonly lossName: 'mse' | 'crossEntropy';
  private readonly trainSet: Dataset;
  private readonly testSet: Dataset;
  private readonly loader: DataLoader;
  private iter: Iterator<{ x: Tensor; y: Tensor }>;
  private readonly schedule: Schedule | null;
  private readonly monitors: Callback[];
  private readonly flowMonitor: GradientFlowMonitor;
  private readonly ctx: FitContext;
  private epochLoss = 0;
  private epochRows = 0;
  private grid: { size: number; inputs: Float32Array } | null = null;

  constructor(state: PlaygroundState, data: PreparedData) {
    this.state = state;
    this.data = data;
    this.lossName = effectiveLoss(state, data);
    this.lossFn =
      this.lossName === 'crossEntropy' ? (p, y) => crossEntropy(p, y) : (p, y) => mse(p, y);
    this.net = buildNetwork(state.network, data.inputSize, data.outputSize, weightRng(state.seed));
    this.optimizer = makeOptimizer(state.training, this.net.model.parameters());
    this.schedule = makeSchedule(state.training.schedule, this.optimizer);
    this.theory = theoryFor(state.network, data.inputSize, data.inputSecondMoment);
    this.trainSet = splitDataset(data.train, data, this.lossName);
    this.testSet = splitDataset(data.test, data, this.lossName);
    this.loader = new DataLoader(this.trainSet, {
      batchSize: Math.min(state.data.batchSize, data.train.labels.length),
      shuffle: true,
      // BatchNorm cannot train on a last batch of one row.
      dropLast: state.network.norm === 'batch',
      rng: createRng(state.seed).fork('shuffle'),
    });
    this.ctx = {
      model: this.net.model,
      optimizer: this.optimizer,
      history: { epochs: [], stoppedEarly: false },
      stop: false,
      log: (line) => this.epochWarnings.push(line),
    };
    this.net.model.train();
    this.initialFlow = this.measureInitial();
    this.flowMonitor = new GradientFlowMonitor(this.net.model);
    this.monitors = [new SaturationMonitor(this.net.model), new DeadUnitMonitor(this.net.model)];
    for (const m of this.monitors) m.onTrainBegin?.(this.ctx);
    this.iter = this.beginEpoch();
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return this.loader.length;
  }

  /** The current learning rate. */
  get lr(): number {
    return this.optimizer.lr;
  }

  private beginEpoch(): Iterator<{ x: Tensor; y: Tensor }> {
    for (const m of this.monitors) m.onEpochBegin?.(this.epoch + 1, this.ctx);
    this.epochLoss = 0;
    this.epochRows = 0;
    return this.loader[Symbol.iterator]();
  }

  private endEpoch(): void {
    this.epoch += 1;
    if (this.schedule?.per === 'epoch') this.schedule.schedule.step();
    const logs: EpochLogs = {
      epoch: this.epoch,
      loss: this.epochLoss / Math.max(1, this.epochRows),
      metrics: {},
      lr: this.optimizer.lr,
    };
    this.epochWarnings = [];
    for (const m of this.monitors) m.onEpochEnd?.(logs, this.ctx);
    // Only the latest record is read: keep the monitors' histories from growing without end.
    for (const m of this.monitors)
      if (m instanceof SaturationMonitor || m instanceof DeadUnitMonitor)
        m.records.splice(0, Math.max(0, m.records.length - 1));
  }

  private objective(x: Tensor, y: Tensor): { loss: Tensor; value: number } {
    const data = this.lossFn(this.net.model.call(x), y);
    const pen = penalty(this.state.training, this.net.linears);
    const loss = pen === null ? data : data.add(pen);
    return { loss, value: loss.item() };
  }

  /** Forward and backward on the whole training set, no update: the numbers at initialisation. */
  private measureInitial(): FlowStats {
    const probe = new Probe(this.net.linears, this.net.activations);
    const { loss, value } = this.objective(this.trainSet.x, this.trainSet.y);
    loss.backward();
    const stats = probe.finish(0, value);
    zeroGrad(this.net.model.parameters());
    return stats;
  }

  /**
   * One mini-batch step. With `measure`, returns the per-layer numbers of this step (its batch,
   * its gradients, its update); otherwise null. Measuring does not change the training.
   *
   * With `inspect`, every tensor of the step's graph keeps its gradient (`retainAllGrads`) and
   * the graph outlives backward; `inspect(loss)` runs after backward and before the update (so
   * parameters hold the values the forward used). Inspecting does not change the numbers.
   */
  trainStep(measure = false, inspect?: (loss: Tensor) => void): FlowStats | null {
    let next = this.iter.next();
    if (next.done === true) {
      this.endEpoch();
      this.iter = this.beginEpoch();
      next = this.iter.next();
    }
    const { x, y } = next.value;
    const probe = measure ? new Probe(this.net.linears, this.net.activations) : null;
    const { loss, value } = this.objective(x, y);
    if (inspect === undefined) loss.backward();
    else {
      retainAllGrads(loss);
      loss.backward(undefined, { retainGraph: true });
    }
    this.step += 1;
    let stats: FlowStats | null = null;
    if (probe !== null) {
      stats = probe.finish(this.step, value);
      probe.beforeUpdate();
    }
    inspect?.(loss);
    this.optimizer.step();
    zeroGrad(this.net.model.parameters());
    if (this.schedule?.per === 'step') this.schedule.schedule.step();
    this.epochLoss += value * (x.shape[0] as number);
    this.epochRows += x.shape[0] as number;
    if (probe !== null && stats !== null) stats = { ...stats, updateRatio: probe.updateRatios() };
    return stats;
  }

  /** Runs `count` steps; returns the numbers of the last one (measured). */
  run(count: number): FlowStats | null {
    let last: FlowStats | null = null;
    for (let i = 0; i < count; i++) last = this.trainStep(i === count - 1);
    return last;
  }

  /** Train and test loss now (see {@link LossPoint}). */
  losses(): LossPoint {
    const train = evaluate(this.net.model, this.trainSet, { loss: this.lossFn }).loss;
    const test = evaluate(this.net.model, this.testSet, { loss: this.lossFn }).loss;
    return { step: this.step, epoch: this.step / this.batchesPerEpoch, train, test };
  }

  /** The heatmap now, on a size × size grid. */
  heatmap(size: number): Heatmap {
    if (this.grid === null || this.grid.size !== size)
      this.grid = { size, inputs: gridInputs(size, this.state.data.features, this.data) };
    return computeHeatmap(this.net.model, this.grid.inputs, size, this.data, this.lossName);
  }

  /**
   * Plain-words warnings: the trainer's gradient-flow check of `stats` (vanishing, exploding,
   * NaN) and the saturation and dead-unit monitors' warnings of the last epoch.
   */
  warnings(stats: FlowStats | null): string[] {
    const out: string[] = [];
    if (stats !== null && stats.weightGradNorm.length > 1) {
      const w = [...stats.weightGradNorm];
      const last = w[w.length - 1] as number;
      out.push(
        ...this.flowMonitor.check({
          step: stats.step,
          epoch: this.epoch + 1,
          weightGradNorm: w,
          outputGradNorm: [],
          ratioToLast: w.map((v) => v / last),
          updateRatio: [...stats.updateRatio],
        }),
      );
    }
    return [...out, ...this.epochWarnings];
  }
}
