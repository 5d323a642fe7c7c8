/**
 * 8-bit grey images (MNIST-like data) as float32 image tensors `[N, 1, H, W]`, scaled to [0, 1]
 * or standardised with the statistics of the training images.
 */
import { ArgumentError, describe, type Tensor, tensor } from '@gradscope/core';
import { Dataset } from './dataset.js';

/** How pixel bytes `b` become values: `'unit'` b/255 in [0, 1]; `'standard'` (b/255 − mean) / std. */
export type ImageNormalization = 'unit' | 'standard';

/** Mean and standard deviation (population, ÷ count) of pixel values on the [0, 1] scale. */
export interface PixelStats {
  /** Mean pixel value in [0, 1]. */
  mean: number;
  /** Population standard deviation of the pixel values (divides by the count, as `torch.std(unbiased=False)`). */
  std: number;
}

/** A labelled image data set split into a training and a test part. */
export interface ImageSplit {
  /** Training images `[N, 1, H, W]` float32 and labels `[N]` (class indices, as float32, as every dataset here). */
  train: Dataset;
  /** Test images and labels, normalised with the training statistics. */
  test: Dataset;
  /** Name of class `k` at index `k`. */
  classNames: readonly string[];
  /** The normalisation applied to `x`. */
  normalize: ImageNormalization;
  /** Pixel statistics of the training images on the [0, 1] scale (standardisation uses these). */
  stats: PixelStats;
  /**
   * The value a blank pixel (byte 0) has in `x`: 0 for `'unit'`, −mean/std for `'standard'`; the
   * fill value for shift augmentation (`DataLoader`'s `augment: { shift, fill: background }`).
   */
  background: number;
}

/** Checks a `normalize` option (default `'unit'`). */
export function checkNormalize(where: string, v: unknown): ImageNormalization {
  if (v === undefined) return 'unit';
  if (v !== 'unit' && v !== 'standard')
    throw new ArgumentError(`${where}: normalize must be 'unit' or 'standard', got ${describe(v)}`);
  return v;
}

/**
 * Pixel statistics of the images at `rows` of `bytes` (`pixels` bytes per image), from a
 * histogram of the byte values, in float64.
 */
export function pixelStats(bytes: Uint8Array, pixels: number, rows: ArrayLike<number>): PixelStats {
  const hist = new Float64Array(256);
  for (let k = 0; k < rows.length; k++) {
    const start = (rows[k] as number) * pixels;
    const end = start + pixels;
    for (let p = start; p < end; p++) {
      const b = bytes[p] as number;
      hist[b] = (hist[b] as number) + 1;
    }
  }
  let count = 0;
  let sum = 0;
  for (let b = 0; b < 256; b++) {
    count += hist[b] as number;
    sum += (hist[b] as number) * (b / 255);
  }
  if (count === 0) return { mean: 0, std: 1 };
  const mean = sum / count;
  let sq = 0;
  for (let b = 0; b < 256; b++) sq += (hist[b] as number) * (b / 255 - mean) ** 2;
  return { mean, std: Math.sqrt(sq / count) };
}

/** The float32 value of each byte: b/255, or (b/255 − mean)/std when standardising. */
function valueTable(normalize: ImageNormalization, stats: PixelStats): Float32Array {
  const t = new Float32Array(256);
  const std = stats.std > 0 ? stats.std : 1;
  for (let b = 0; b < 256; b++)
    t[b] = normalize === 'unit' ? b / 255 : (b / 255 - stats.mean) / std;
  return t;
}

/**
 * The images at `rows` of `bytes` as one float32 tensor `[rows.length, 1, height, width]`
 * (one new buffer, values from the byte table).
 */
export function imageTensor(
  bytes: Uint8Array,
  height: number,
  width: number,
  rows: ArrayLike<number>,
  table: Float32Array,
): Tensor {
  const pixels = height * width;
  const out = new Float32Array(rows.length * pixels);
  for (let k = 0; k < rows.length; k++) {
    const src = (rows[k] as number) * pixels;
    const dst = k * pixels;
    for (let p = 0; p < pixels; p++) out[dst + p] = table[bytes[src + p] as number] as number;
  }
  return tensor(out, { shape: [rows.length, 1, height, width], copy: false });
}

/** Class labels at `rows` as a float32 tensor `[rows.length]`. */
export function labelTensor(labels: Uint8Array, rows: ArrayLike<number>): Tensor {
  const out = new Float32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = labels[rows[k] as number] as number;
  return tensor(out, { copy: false });
}

/** One source of 8-bit images: `images[i]` is `height · width` bytes at offset `i · height · width`. */
export interface ImageBytes {
  /** All images, row-major, one byte per pixel (0 = background). */
  images: Uint8Array;
  /** Label of each image (class index). */
  labels: Uint8Array;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
}

/**
 * Builds the split from the training and test rows of one or two byte sources; statistics come
 * from the training rows only, so no test pixel leaks into the standardisation.
 */
export function imageSplit(
  train: { source: ImageBytes; rows: ArrayLike<number> },
  test: { source: ImageBytes; rows: ArrayLike<number> },
  classNames: readonly string[],
  normalize: ImageNormalization,
): ImageSplit {
  const { height, width } = train.source;
  const stats = pixelStats(train.source.images, height * width, train.rows);
  const table = valueTable(normalize, stats);
  const make = (part: { source: ImageBytes; rows: ArrayLike<number> }) =>
    new Dataset(
      imageTensor(part.source.images, height, width, part.rows, table),
      labelTensor(part.source.labels, part.rows),
      { classNames },
    );
  return {
    train: make(train),
    test: make(test),
    classNames,
    normalize,
    stats,
    background: table[0] as number,
  };
}
