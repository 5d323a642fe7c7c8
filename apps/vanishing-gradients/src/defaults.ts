/** What a run uses when not told otherwise: the standard run (`pnpm demo`) and `--quick`. */

/** The activations the seed article discusses, in the order it meets them. */
export const DEFAULT_ACTIVATIONS = [
  'step',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'swish',
  'mish',
] as const;

/** The initialisers compared: Glorot & Bengio's "standard" heuristic, Xavier, He. */
export const DEFAULT_INITS = ['standard', 'xavierNormal', 'heNormal'] as const;

/** Defaults of the standard run (what `pnpm demo` runs). */
export const DEFAULTS = {
  activations: DEFAULT_ACTIVATIONS,
  inits: DEFAULT_INITS,
  depths: [4, 8, 16],
  width: 256,
  batch: 24,
  seeds: 2,
  steps: 250,
  trainActivations: ['sigmoid', 'tanh', 'relu'],
  trainDepths: [10, 20],
  dataset: 'twoSpirals',
  out: 'out',
} as const;

/** `--quick`: a small run for tests and smoke runs. */
export const QUICK = {
  activations: ['step', 'sigmoid', 'tanh', 'relu'],
  inits: DEFAULT_INITS,
  depths: [4, 8],
  width: 64,
  batch: 16,
  seeds: 2,
  steps: 60,
  trainActivations: ['sigmoid', 'relu'],
  trainDepths: [20],
} as const;
