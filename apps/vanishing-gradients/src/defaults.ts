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

/**
 * The `cnn` experiment's network (not a CLI option): 16 layers of Conv2d(16, 16, 3) with 'same'
 * zero padding on a [4, 16, 16, 16] batch; the interior is the central 8 × 8.
 */
export const CNN_GEOMETRY = {
  depth: 16,
  channels: 16,
  kernel: 3,
  size: 16,
  batch: 4,
  margin: 4,
} as const;

/**
 * The `cnn` experiment's variants: plain with Conv2d's default initialisation (PyTorch's
 * U[−1/√(k²C), 1/√(k²C)], σ_w² = 1/3) and with He's, then BatchNorm2d and residual blocks with
 * the default initialisation.
 */
export const CNN_VARIANTS = [
  { architecture: 'plain', init: 'standard' },
  { architecture: 'plain', init: 'heNormal' },
  { architecture: 'batchNorm', init: 'standard' },
  { architecture: 'residual', init: 'standard' },
] as const;
