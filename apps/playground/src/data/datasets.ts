/** The built-in data sets by name, generated from the state's seed. */
import { ArgumentError, createRng, type Rng } from '@gradscope/core';
import type { DataState, DatasetName } from '../state/state.js';
import { checkerboard, moons } from './extra.js';
import type { DataTable } from './table.js';
import { circle, gauss, multigauss, plane, spiral, xor } from './tfp.js';

/** A generator: number of points, noise (0–0.5), generator. */
export type Generator = (n: number, noise: number, rng: Rng) => DataTable;

/** Every built-in set (all but `csv`). */
export const GENERATORS: Readonly<Record<Exclude<DatasetName, 'csv'>, Generator>> = {
  circle,
  xor,
  gauss,
  spiral,
  moons,
  checkerboard,
  plane,
  multigauss,
};

/** How each set is named in the page. */
export const DATASET_LABELS: Readonly<Record<DatasetName, string>> = {
  circle: 'Circle',
  xor: 'XOR',
  gauss: 'Gaussian',
  spiral: 'Spiral',
  moons: 'Moons',
  checkerboard: 'Checkerboard',
  plane: 'Plane (regression)',
  multigauss: 'Multi-Gaussian (regression)',
  csv: 'Uploaded CSV',
};

/**
 * The points of a built-in set: `createRng(seed).fork('data')` draws them, so the same seed
 * and data settings give the same points everywhere.
 */
export function generate(data: DataState, seed: number): DataTable {
  if (data.dataset === 'csv')
    throw new ArgumentError("generate: 'csv' data comes from an uploaded file, not a generator");
  return GENERATORS[data.dataset](data.samples, data.noise, createRng(seed).fork('data'));
}
