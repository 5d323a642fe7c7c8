/**
 * The output heatmap: the model evaluated (eval mode, no gradients) on a size × size grid over
 * TensorFlow Playground's frame [−6, 6]² of X₁ (left to right) and X₂ (bottom to top), extra CSV
 * columns held at their train means.
 */
import { tensor } from '@gradscope/core';
import { type Module, predict } from '@gradscope/trainer';
import { orderedFeatures, writeInputs } from '../data/features.js';
import type { PreparedData } from '../data/prepare.js';
import type { FeatureName, LossChoice } from '../state/state.js';

/** The frame the heatmap and the built-in sets share. */
export const DOMAIN: readonly [number, number] = [-6, 6];

/** One heatmap. Cell (i, j) is row i from the top (X₂ = 6 at i = 0), column j from the left. */
export interface Heatmap {
  readonly size: number;
  /**
   * Per cell: two classes: p(class 1) − p(class 0) in [−1, 1] (cross-entropy: softmax
   * probabilities; MSE: the outputs, clipped); more classes: the top class's share; regression:
   * the output.
   */
  readonly values: Float32Array;
  /** More than two classes: the predicted class per cell; else empty. */
  readonly classes: Uint8Array;
}

/** The grid's inputs, size² rows in cell order. */
export function gridInputs(
  size: number,
  features: readonly FeatureName[],
  data: PreparedData,
): Float32Array {
  const k = data.table.columns.length;
  const f = orderedFeatures(features);
  const out = new Float32Array(size * size * data.inputSize);
  const row = new Float64Array(k);
  data.extraMeans.forEach((m, j) => {
    row[2 + j] = m;
  });
  const [lo, hi] = DOMAIN;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      row[0] = lo + ((j + 0.5) * (hi - lo)) / size;
      row[1] = hi - ((i + 0.5) * (hi - lo)) / size;
      writeInputs(f, row, k, out, (i * size + j) * data.inputSize);
    }
  }
  return out;
}

/** Evaluates `model` on the grid (see {@link Heatmap}). */
export function computeHeatmap(
  model: Module,
  inputs: Float32Array,
  size: number,
  data: PreparedData,
  loss: LossChoice,
): Heatmap {
  const cells = size * size;
  const out = predict(model, tensor(inputs, { shape: [cells, data.inputSize] }));
  const o = out.data;
  const c = data.outputSize;
  const values = new Float32Array(cells);
  if (data.table.kind === 'regression') {
    for (let i = 0; i < cells; i++) values[i] = o[i] as number;
    return { size, values, classes: new Uint8Array(0) };
  }
  const probs = loss === 'crossEntropy' ? out.softmax(1).data : o;
  if (c === 2) {
    for (let i = 0; i < cells; i++) {
      const v = (probs[2 * i + 1] as number) - (probs[2 * i] as number);
      values[i] = Math.max(-1, Math.min(1, v));
    }
    return { size, values, classes: new Uint8Array(0) };
  }
  const classes = new Uint8Array(cells);
  for (let i = 0; i < cells; i++) {
    let best = 0;
    for (let k = 1; k < c; k++)
      if ((probs[i * c + k] as number) > (probs[i * c + best] as number)) best = k;
    classes[i] = best;
    values[i] = Math.max(0, Math.min(1, probs[i * c + best] as number));
  }
  return { size, values, classes };
}
