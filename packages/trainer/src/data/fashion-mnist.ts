/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017; Zalando, MIT): 70,000 28 × 28 grey images of
 * clothing in 10 classes, in MNIST's IDX files. This module builds the split from decoded IDX
 * arrays; reading the files is the Node entry's `fashionMnist` (`@gradscope/trainer/node`).
 */
import { ArgumentError, describe, formatShape } from '@gradscope/core';
import { checkOptions } from '../optim/options.js';
import { type IdxArray, IdxError } from './idx.js';
import { checkNormalize, type ImageNormalization, type ImageSplit, imageSplit } from './images.js';

/** Fashion-MNIST's class names, label k at index k (from the dataset's README). */
export const FASHION_MNIST_CLASSES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

/** Where Debian's package `dataset-fashion-mnist` installs the four files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The four files, without their `.gz` suffix (official names). */
export const FASHION_MNIST_FILES: {
  /** The 60,000 training images, uint8 `[60000, 28, 28]`. */
  readonly trainImages: 'train-images-idx3-ubyte';
  /** Their labels, uint8 `[60000]`. */
  readonly trainLabels: 'train-labels-idx1-ubyte';
  /** The 10,000 test images, uint8 `[10000, 28, 28]`. */
  readonly testImages: 't10k-images-idx3-ubyte';
  /** Their labels, uint8 `[10000]`. */
  readonly testLabels: 't10k-labels-idx1-ubyte';
} = Object.freeze({
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
});

/** Options of `fashionMnist` (`@gradscope/trainer/node`). */
export interface FashionMnistOptions {
  /** Directory holding the four IDX files, gzipped (`.gz`) or not (default {@link FASHION_MNIST_DIR}). */
  dir?: string;
  /** `'unit'` (default): pixels in [0, 1]; `'standard'`: (p − mean) / std with the training images' statistics. */
  normalize?: ImageNormalization;
  /** Use only the first `trainSize` of the 60,000 training images (in file order); for quick runs. */
  trainSize?: number;
  /** Use only the first `testSize` of the 10,000 test images (in file order). */
  testSize?: number;
}

/** The four decoded files. */
export interface FashionMnistArrays {
  /** `train-images-idx3-ubyte`: uint8 `[N, 28, 28]`. */
  trainImages: IdxArray;
  /** `train-labels-idx1-ubyte`: uint8 `[N]`, one class 0–9 per training image. */
  trainLabels: IdxArray;
  /** `t10k-images-idx3-ubyte`: uint8 `[M, 28, 28]`. */
  testImages: IdxArray;
  /** `t10k-labels-idx1-ubyte`: uint8 `[M]`. */
  testLabels: IdxArray;
}

function rowsOf(where: string, name: string, v: unknown, available: number): number[] {
  if (v !== undefined && (!Number.isSafeInteger(v) || (v as number) < 1))
    throw new ArgumentError(`${where}: ${name} must be a positive integer, got ${describe(v)}`);
  const n = Math.min((v as number | undefined) ?? available, available);
  return Array.from({ length: n }, (_, i) => i);
}

/** Checks the options of `fashionMnist` (before any file is read). */
export function checkFashionMnistOptions(options: FashionMnistOptions): {
  dir: string;
  normalize: ImageNormalization;
} {
  checkOptions('fashionMnist', options);
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === ''))
    throw new ArgumentError(
      `fashionMnist: dir must be a directory path, got ${describe(options.dir)}`,
    );
  for (const k of ['trainSize', 'testSize'] as const) rowsOf('fashionMnist', k, options[k], 0);
  return {
    dir: options.dir ?? FASHION_MNIST_DIR,
    normalize: checkNormalize('fashionMnist', options.normalize),
  };
}

function isIdxArray(a: unknown): a is IdxArray {
  return (
    a !== null &&
    typeof a === 'object' &&
    typeof (a as IdxArray).dtype === 'string' &&
    Array.isArray((a as IdxArray).shape) &&
    ArrayBuffer.isView((a as IdxArray).data)
  );
}

function images(where: string, file: string, a: IdxArray): void {
  if (a.dtype !== 'uint8' || a.shape.length !== 3 || a.shape[1] !== 28 || a.shape[2] !== 28)
    throw new IdxError(
      `${where}: ${file} should hold uint8 images [N, 28, 28], it holds ${a.dtype} ${formatShape(a.shape)}`,
    );
}

function labels(where: string, file: string, a: IdxArray, n: number): void {
  if (a.dtype !== 'uint8' || a.shape.length !== 1 || a.shape[0] !== n)
    throw new IdxError(
      `${where}: ${file} should hold ${n} uint8 labels [${n}] (one per image), it holds ${a.dtype} ${formatShape(a.shape)}`,
    );
  const bad = (a.data as Uint8Array).findIndex((v) => v > 9);
  if (bad >= 0)
    throw new IdxError(`${where}: ${file}: label ${a.data[bad]} at row ${bad} is not a class 0-9`);
}

/**
 * The official split of Fashion-MNIST (60,000 training, 10,000 test images) from the four
 * decoded files, checked (uint8 images `[N, 28, 28]`, one label 0–9 per image), as an
 * {@link ImageSplit}: float32 `[N, 1, 28, 28]` images in [0, 1] or standardised with the
 * training part's statistics, float32 labels `[N]`, {@link FASHION_MNIST_CLASSES}.
 */
export function fashionMnistFromArrays(
  arrays: FashionMnistArrays,
  options: FashionMnistOptions = {},
): ImageSplit {
  const { normalize } = checkFashionMnistOptions(options);
  const f = FASHION_MNIST_FILES;
  if (arrays === null || typeof arrays !== 'object')
    throw new ArgumentError(
      `fashionMnist: expected the four decoded files { trainImages, trainLabels, testImages, testLabels }, got ${describe(arrays)}`,
    );
  for (const k of Object.keys(f) as Array<keyof FashionMnistArrays>)
    if (!isIdxArray(arrays[k]))
      throw new ArgumentError(
        `fashionMnist: ${k} must be a decoded IDX file (from readIdx / decodeIdx), got ${describe(arrays[k])}`,
      );
  images('fashionMnist', f.trainImages, arrays.trainImages);
  images('fashionMnist', f.testImages, arrays.testImages);
  labels('fashionMnist', f.trainLabels, arrays.trainLabels, arrays.trainImages.shape[0] as number);
  labels('fashionMnist', f.testLabels, arrays.testLabels, arrays.testImages.shape[0] as number);
  const source = (im: IdxArray, lb: IdxArray) => ({
    images: im.data as Uint8Array,
    labels: lb.data as Uint8Array,
    height: 28,
    width: 28,
  });
  const train = source(arrays.trainImages, arrays.trainLabels);
  const test = source(arrays.testImages, arrays.testLabels);
  return imageSplit(
    {
      source: train,
      rows: rowsOf('fashionMnist', 'trainSize', options.trainSize, train.labels.length),
    },
    {
      source: test,
      rows: rowsOf('fashionMnist', 'testSize', options.testSize, test.labels.length),
    },
    FASHION_MNIST_CLASSES,
    normalize,
  );
}
