/**
 * The network: a LeNet-5-style CNN (LeCun, Bottou, Bengio and Haffner 1998) with today's choices
 * (ReLU instead of scaled tanh, max-pooling instead of trainable subsampling, a plain softmax
 * head), built from the trainer's modules.
 */
import { ArgumentError, type Rng } from '@gradscope/core';
import {
  Activation,
  Conv2d,
  Dropout,
  Flatten,
  Linear,
  MaxPool2d,
  Sequential,
} from '@gradscope/trainer';

/** The widths of the network; LeNet-5's are `{ conv1: 6, conv2: 16, fc1: 120, fc2: 84 }`. */
export interface LeNetWidths {
  /** Channels of the first 5 × 5 convolution. */
  readonly conv1: number;
  /** Channels of the second 5 × 5 convolution. */
  readonly conv2: number;
  /** Units of the first dense layer. */
  readonly fc1: number;
  /** Units of the second dense layer. */
  readonly fc2: number;
}

/** LeNet-5's own widths. */
export const LENET5: LeNetWidths = Object.freeze({ conv1: 6, conv2: 16, fc1: 120, fc2: 84 });

/** Options of {@link lenet}. */
export interface LeNetOptions {
  /** Layer widths (default {@link LENET5}). */
  readonly widths?: LeNetWidths;
  /** Number of classes (default 10). */
  readonly classes?: number;
  /** Dropout probability before each dense layer after the first (default 0: none). */
  readonly dropout?: number;
  /** Generator for the initialisers and dropout. */
  readonly rng: Rng;
}

/** Index of the first convolution in the Sequential (its filters are the ones drawn). */
export const FIRST_CONV = 0;

/**
 * LeNet-5 for 28 × 28 grey images, `[N, 1, 28, 28]` → logits `[N, classes]`:
 * conv 5 × 5 (padding 2, so 28 × 28 stays, as LeNet's 32 × 32 input) → ReLU → max-pool 2 →
 * conv 5 × 5 → ReLU → max-pool 2 (→ `[N, conv2, 5, 5]`) → flatten → dense fc1 → ReLU →
 * dense fc2 → ReLU → dense classes. Every layer starts with the trainer's (PyTorch's) default
 * initialisation from `rng`.
 */
export function lenet(options: LeNetOptions): Sequential {
  const w = options.widths ?? LENET5;
  for (const [k, v] of Object.entries(w))
    if (!Number.isInteger(v) || v < 1)
      throw new ArgumentError(`lenet: widths.${k} must be a positive integer, got ${String(v)}`);
  const classes = options.classes ?? 10;
  const p = options.dropout ?? 0;
  if (!(p >= 0 && p < 1))
    throw new ArgumentError(`lenet: dropout must be in [0, 1), got ${String(p)}`);
  const { rng } = options;
  const drop = () => (p > 0 ? [new Dropout(p, { rng })] : []);
  return new Sequential(
    new Conv2d(1, w.conv1, 5, { padding: 2, rng }),
    new Activation('relu'),
    new MaxPool2d(2),
    new Conv2d(w.conv1, w.conv2, 5, { rng }),
    new Activation('relu'),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(w.conv2 * 5 * 5, w.fc1, { rng }),
    new Activation('relu'),
    ...drop(),
    new Linear(w.fc1, w.fc2, { rng }),
    new Activation('relu'),
    ...drop(),
    new Linear(w.fc2, classes, { rng }),
  );
}
