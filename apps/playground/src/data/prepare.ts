/**
 * From a data table and the data settings to what training needs: a seeded train/test split and
 * the network's input rows (features of X₁, X₂ plus extra columns), float32 as the model runs.
 */
import { ArgumentError, createRng } from '@gradscope/core';
import { permutation } from '@gradscope/trainer';
import type { DataState } from '../state/state.js';
import { inputNames, orderedFeatures, writeInputs } from './features.js';
import { type DataTable, rowCount } from './table.js';

/** One side of the split. */
export interface Split {
  /** Row indices into the table. */
  readonly rows: readonly number[];
  /** Network inputs, rows × inputSize. */
  readonly inputs: Float32Array;
  /** Labels of those rows. */
  readonly labels: Float64Array;
}

/** The data ready for a session. */
export interface PreparedData {
  readonly table: DataTable;
  readonly featureNames: readonly string[];
  readonly inputSize: number;
  /** Logits (classes) for classification, 1 for regression. */
  readonly outputSize: number;
  readonly train: Split;
  readonly test: Split;
  /** Train-set means of columns 2..k−1 (they hold still while the heatmap sweeps X₁, X₂). */
  readonly extraMeans: readonly number[];
  /** Mean over input features of E[x²] on the train set (the theory's q_in). */
  readonly inputSecondMoment: number;
}

function side(t: DataTable, d: DataState, rows: readonly number[], inputSize: number): Split {
  const k = t.columns.length;
  const features = orderedFeatures(d.features);
  const inputs = new Float32Array(rows.length * inputSize);
  const labels = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    writeInputs(features, t.x.subarray(r * k, (r + 1) * k), k, inputs, i * inputSize);
    labels[i] = t.y[r] as number;
  });
  return { rows, inputs, labels };
}

/**
 * Splits `t` with `createRng(seed).fork('split')` (a permutation; the first
 * round(n · trainFraction) rows train) and computes the inputs of both sides.
 */
export function prepareData(t: DataTable, d: DataState, seed: number): PreparedData {
  const n = rowCount(t);
  const nTrain = Math.round(n * d.trainFraction);
  if (nTrain < 1 || nTrain >= n)
    throw new ArgumentError(
      `prepareData: ${n} rows with train fraction ${d.trainFraction} leave no train or no test rows`,
    );
  if (orderedFeatures(d.features).length === 0 && t.columns.length <= 2)
    throw new ArgumentError('prepareData: select at least one input feature');
  const order = permutation(n, createRng(seed).fork('split'));
  const names = inputNames(d.features, t.columns);
  const train = side(t, d, order.slice(0, nTrain), names.length);
  const test = side(t, d, order.slice(nTrain), names.length);
  const k = t.columns.length;
  const extraMeans: number[] = [];
  for (let j = 2; j < k; j++) {
    let s = 0;
    for (const r of train.rows) s += t.x[r * k + j] as number;
    extraMeans.push(s / train.rows.length);
  }
  let s2 = 0;
  for (let i = 0; i < train.inputs.length; i++) s2 += (train.inputs[i] as number) ** 2;
  return {
    table: t,
    featureNames: names,
    inputSize: names.length,
    outputSize: t.kind === 'classification' ? Math.max(2, t.classes.length) : 1,
    train,
    test,
    extraMeans,
    inputSecondMoment: s2 / train.inputs.length,
  };
}
