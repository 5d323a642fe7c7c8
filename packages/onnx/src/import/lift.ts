/**
 * Lifting: ONNX nodes that are a layer become the trainer's layer modules, so that the imported
 * model's `namedModules()` holds Linear, Conv2d, BatchNorm, LayerNorm, Dropout and Activation
 * layers that `GradientFlowMonitor`, the saturation and dead-unit monitors, `modelSummary` and
 * `fit` recognise. A node is lifted when its weights are initializers that only it reads; the
 * layer takes their values.
 */

import type { Tensor } from '@gradscope/core';
import {
  Activation,
  BatchNorm,
  type BatchNormOptions,
  Conv1d,
  Conv2d,
  Dropout,
  LayerNorm,
  Linear,
  type Module,
} from '@gradscope/trainer';
import type { NodeContext } from './node-context.js';
import { ACTIVATIONS } from './ops-elementwise.js';
import { type OnnxValue, scalarOf } from './values.js';

/** Batch normalisation over `[N, C, ...]` of any rank, as ONNX's BatchNormalization. */
export class OnnxBatchNorm extends BatchNorm {
  protected readonly ranks = [2, 3, 4, 5];
  protected readonly layout = '[N, C, ...]';
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super('BatchNorm', numFeatures, options);
  }
}

/** What the lifter knows of a node's inputs. */
export interface LiftInputs {
  /** Constant (folded) values by name. */
  readonly constants: ReadonlyMap<string, OnnxValue>;
  /** Float initializers that may become parameters, by name. */
  readonly weights: ReadonlyMap<string, Tensor>;
  /** How many nodes read each value. */
  readonly readers: ReadonlyMap<string, number>;
}

/** A lifted layer: the module and which initializers it took (state key → initializer name). */
export interface Lifted {
  readonly module: Module;
  /** The initializer each of the module's own state keys came from (`weight` → `fc.weight`). */
  readonly took: ReadonlyMap<string, string>;
}

function copyInto(target: Tensor | null, source: Tensor): void {
  (target as Tensor).data.set(source.data);
}

/** A Linear or convolution layer given the node's weight and bias (inputs 1 and 2). */
function weighted(
  layer: { weight: Tensor; bias: Tensor | null } & Module,
  w: Tensor,
  b: Tensor | undefined,
  took: (pairs: Array<[string, number]>) => Map<string, string>,
): Lifted {
  copyInto(layer.weight, w);
  if (b !== undefined) copyInto(layer.bias, b);
  return {
    module: layer,
    took: took([
      ['weight', 1],
      ['bias', 2],
    ]),
  };
}

/** The node's layer, or null when it stays a plain op. */
export function liftNode(ctx: NodeContext, io: LiftInputs): Lifted | null {
  const n = ctx.node;
  const own = (i: number): Tensor | undefined => {
    const name = n.input[i];
    if (name === undefined || name === '') return undefined;
    const w = io.weights.get(name);
    return w !== undefined && io.readers.get(name) === 1 ? w : undefined;
  };
  const took = (pairs: Array<[string, number]>) =>
    new Map(
      pairs.filter(([, i]) => (n.input[i] ?? '') !== '').map(([k, i]) => [k, n.input[i] as string]),
    );
  const constant = (i: number) => {
    const name = n.input[i];
    return name === undefined || name === '' ? undefined : io.constants.get(name);
  };

  if (n.opType === 'Gemm') {
    const w = own(1);
    const hasBias = (n.input[2] ?? '') !== '';
    const b = hasBias ? own(2) : undefined;
    if (
      w === undefined ||
      w.ndim !== 2 ||
      (hasBias && (b === undefined || b.ndim !== 1 || b.shape[0] !== w.shape[0])) ||
      ctx.int('transA', 0) !== 0 ||
      ctx.int('transB', 0) !== 1 ||
      ctx.float('alpha', 1) !== 1 ||
      ctx.float('beta', 1) !== 1
    )
      return null;
    const layer = new Linear(w.shape[1] as number, w.shape[0] as number, {
      bias: hasBias,
      dtype: w.dtype,
    });
    return weighted(layer, w, b, took);
  }

  if (n.opType === 'Conv') {
    const w = own(1);
    const hasBias = (n.input[2] ?? '') !== '';
    const b = hasBias ? own(2) : undefined;
    if (w === undefined || (w.ndim !== 3 && w.ndim !== 4) || (hasBias && b === undefined))
      return null;
    const k = w.ndim - 2;
    const pads = ctx.ints('pads', undefined) ?? new Array<number>(2 * k).fill(0);
    const autoPad = ctx.string('auto_pad', 'NOTSET');
    if ((autoPad !== 'NOTSET' && autoPad !== 'VALID') || pads.length !== 2 * k) return null;
    const before = autoPad === 'VALID' ? new Array<number>(k).fill(0) : pads.slice(0, k);
    if (autoPad === 'NOTSET' && before.some((p, i) => p !== pads[k + i])) return null;
    const groups = ctx.int('group', 1);
    const strides = ctx.ints('strides', undefined) ?? new Array<number>(k).fill(1);
    const dilations = ctx.ints('dilations', undefined) ?? new Array<number>(k).fill(1);
    const inC = (w.shape[1] as number) * groups;
    const outC = w.shape[0] as number;
    const common = { bias: hasBias, groups, dtype: w.dtype };
    const layer =
      k === 2
        ? new Conv2d(inC, outC, [w.shape[2], w.shape[3]] as [number, number], {
            ...common,
            stride: [strides[0], strides[1]] as [number, number],
            padding: [before[0], before[1]] as [number, number],
            dilation: [dilations[0], dilations[1]] as [number, number],
          })
        : new Conv1d(inC, outC, w.shape[2] as number, {
            ...common,
            stride: strides[0] as number,
            padding: before[0] as number,
            dilation: dilations[0] as number,
          });
    return weighted(layer, w, b, took);
  }

  if (n.opType === 'BatchNormalization') {
    const scale = own(1);
    const bias = own(2);
    const mean = own(3);
    const variance = own(4);
    if (
      scale === undefined ||
      bias === undefined ||
      mean === undefined ||
      variance === undefined ||
      ctx.int('training_mode', 0) !== 0 ||
      n.output.slice(1).some((o) => o !== '') ||
      [scale, bias, mean, variance].some((t) => t.ndim !== 1 || t.shape[0] !== scale.shape[0])
    )
      return null;
    const layer = new OnnxBatchNorm(scale.shape[0] as number, {
      eps: ctx.float('epsilon', 1e-5),
      momentum: 1 - ctx.float('momentum', 0.9),
      dtype: scale.dtype,
    });
    copyInto(layer.weight, scale);
    copyInto(layer.bias, bias);
    copyInto(layer.runningMean, mean);
    copyInto(layer.runningVar, variance);
    return {
      module: layer,
      took: took([
        ['weight', 1],
        ['bias', 2],
        ['running_mean', 3],
        ['running_var', 4],
      ]),
    };
  }

  if (n.opType === 'LayerNormalization') {
    const scale = own(1);
    const hasBias = (n.input[2] ?? '') !== '';
    const bias = hasBias ? own(2) : undefined;
    if (
      scale === undefined ||
      scale.ndim !== 1 ||
      !hasBias ||
      bias === undefined ||
      bias.ndim !== 1 ||
      ctx.int('axis', -1) !== -1 ||
      n.output.slice(1).some((o) => o !== '')
    )
      return null;
    const layer = new LayerNorm(scale.shape[0] as number, {
      eps: ctx.float('epsilon', 1e-5),
      dtype: scale.dtype,
    });
    copyInto(layer.weight, scale);
    copyInto(layer.bias, bias);
    return {
      module: layer,
      took: took([
        ['weight', 1],
        ['bias', 2],
      ]),
    };
  }

  if (n.opType === 'Dropout') {
    if (n.output.slice(1).some((o) => o !== '')) return null;
    const ratio = constant(1);
    const p = ratio === undefined ? 0.5 : scalarOf(ratio, `fromONNX: ${ctx.label}: ratio`);
    if (!(p >= 0 && p < 1)) return null;
    return { module: new Dropout(p), took: new Map() };
  }

  const activation = ACTIVATIONS[n.opType];
  if (activation !== undefined) {
    if (n.opType === 'Clip' && (constant(1) === undefined || constant(2) === undefined))
      return null;
    const call = activation(
      ctx,
      n.input.map((_, i) => constant(i)),
    );
    if (call === null) return null;
    const options = call.params === undefined ? {} : { params: call.params };
    return { module: new Activation(call.name, options), took: new Map() };
  }
  return null;
}
