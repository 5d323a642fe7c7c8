/**
 * Default settings per dataset, and the `--quick` ones. The full defaults are those the README's
 * measured runs used; `--quick` trains on a subset for a couple of epochs (seconds).
 */
import { LENET5, type LeNetWidths } from './model.js';

/** The datasets the app trains on. */
export const DATASETS = ['mnist', 'fashion'] as const;

/** A dataset name. */
export type DatasetName = (typeof DATASETS)[number];

/** Settings that depend on the dataset. */
export interface DatasetDefaults {
  /** Training epochs. */
  readonly epochs: number;
  /** Layer widths of the network. */
  readonly widths: LeNetWidths;
  /** Training images (null: all of them). */
  readonly trainSize: number | null;
  /** Test images (MNIST: the held-out part of the package's 10,000; Fashion-MNIST: the first n of the official 10,000). */
  readonly testSize: number;
  /** Largest random shift of a training image in pixels (0: no augmentation). */
  readonly shift: number;
}

/** Full runs. */
export const DEFAULTS: Readonly<Record<DatasetName, DatasetDefaults>> = {
  mnist: { epochs: 30, widths: LENET5, trainSize: null, testSize: 2000, shift: 2 },
  fashion: { epochs: 15, widths: LENET5, trainSize: null, testSize: 10_000, shift: 0 },
};

/** `--quick` runs: a subset, two epochs. */
export const QUICK: Readonly<Record<DatasetName, DatasetDefaults>> = {
  mnist: { epochs: 2, widths: LENET5, trainSize: 2000, testSize: 1000, shift: 2 },
  fashion: { epochs: 2, widths: LENET5, trainSize: 5000, testSize: 2000, shift: 0 },
};

/** Settings that do not depend on the dataset. */
export const COMMON = {
  batchSize: 64,
  optimizer: 'adam',
  lr: 1e-3,
  schedule: 'cosine',
  seed: 1,
  dropout: 0,
  out: 'out',
  /** Misclassified test images shown in the report. */
  mistakes: 48,
} as const;
