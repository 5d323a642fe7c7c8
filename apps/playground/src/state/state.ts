/**
 * The playground's whole configuration as one plain, typed value: what data, which network, how
 * it trains, under which seed. It is what the URL carries (`url.ts`), what the worker is told to
 * build (`worker/protocol.ts`) and what the Node tests build the same engine from. Views and
 * results (losses, gradients) are not part of it.
 */

/** The built-in data sets (TensorFlow Playground's six plus moons and checkerboard) and CSV. */
export const CLASSIFICATION_SETS = [
  'circle',
  'xor',
  'gauss',
  'spiral',
  'moons',
  'checkerboard',
] as const;
/** TensorFlow Playground's two regression sets. */
export const REGRESSION_SETS = ['plane', 'multigauss'] as const;
/** A data set name; `csv` is an uploaded file (kept in memory, not in the URL). */
export type DatasetName =
  | (typeof CLASSIFICATION_SETS)[number]
  | (typeof REGRESSION_SETS)[number]
  | 'csv';
/** Every data set name, in the order the picker shows them. */
export const DATASETS: readonly DatasetName[] = [...CLASSIFICATION_SETS, ...REGRESSION_SETS, 'csv'];

/** Input features computed from the first two columns (X1, X2) of the data. */
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
/** One input feature. */
export type FeatureName = (typeof FEATURES)[number];
/** How each feature is written in the page. */
export const FEATURE_LABELS: Readonly<Record<FeatureName, string>> = {
  x1: 'X₁',
  x2: 'X₂',
  x1sq: 'X₁²',
  x2sq: 'X₂²',
  x1x2: 'X₁·X₂',
  sinx1: 'sin X₁',
  sinx2: 'sin X₂',
};

/** Optimisers: the trainer's, with SGD with momentum as its own choice. */
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop'] as const;
/** An optimiser choice. */
export type OptimizerChoice = (typeof OPTIMIZERS)[number];
/** Learning-rate schedules (stepped once per epoch, warm-up once per step). */
export const SCHEDULES = ['constant', 'step', 'exponential', 'cosine', 'warmup'] as const;
/** A schedule choice. */
export type ScheduleChoice = (typeof SCHEDULES)[number];
/** Losses. */
export const LOSSES = ['crossEntropy', 'mse'] as const;
/** A loss choice. */
export type LossChoice = (typeof LOSSES)[number];
/** Penalties added to the loss over every weight matrix (not the biases). */
export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
/** A penalty choice. */
export type RegularizationChoice = (typeof REGULARIZATIONS)[number];
/** Normalisation after each hidden Linear. */
export const NORMS = ['none', 'layer', 'batch'] as const;
/** A normalisation choice. */
export type NormChoice = (typeof NORMS)[number];
/** Weight gain: the initialiser's own, or 1/√E[f(z)²] from the activation's moments. */
export const GAINS = ['default', 'moments'] as const;
/** A gain choice. */
export type GainChoice = (typeof GAINS)[number];

/** The data half of the state. */
export interface DataState {
  readonly dataset: DatasetName;
  /** Noise level in [0, 0.5] (TensorFlow Playground's 0–50 %). */
  readonly noise: number;
  /** Number of points generated (built-in sets). */
  readonly samples: number;
  /** Fraction of the points used for training, in [0.1, 0.9]; the rest is the test set. */
  readonly trainFraction: number;
  readonly batchSize: number;
  /** The input features fed to the network (none is allowed only with a CSV's extra columns). */
  readonly features: readonly FeatureName[];
}

/** The network half of the state. */
export interface NetworkState {
  /** Hidden layers, 1–32. */
  readonly depth: number;
  /** Units per hidden layer, 1–256. */
  readonly width: number;
  /** Activation of every hidden layer (a name from `listActivations()`). */
  readonly activation: string;
  /** Per-layer activations (one per hidden layer), or null: every layer uses `activation`. */
  readonly layerActivations: readonly string[] | null;
  /**
   * Fixed parameters of the activations by activation name (`{ leakyRelu: { alpha: 0.2 } }`),
   * for every layer that uses that activation; only values that differ from the activation's
   * defaults (see {@link withActivationParam}), so equal networks are equal values.
   */
  readonly activationParams: ActivationParamsState;
  /** Weight initialiser (a name from the trainer's `listInitializers()`). */
  readonly init: string;
  readonly gain: GainChoice;
  readonly residual: boolean;
  readonly norm: NormChoice;
  /** Dropout probability after each hidden activation, in [0, 0.9]; 0 is none. */
  readonly dropout: number;
}

/** Activation parameters by activation name, then parameter name. */
export type ActivationParamsState = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The training half of the state. */
export interface TrainingState {
  readonly loss: LossChoice;
  readonly optimizer: OptimizerChoice;
  readonly lr: number;
  readonly schedule: ScheduleChoice;
  readonly regularization: RegularizationChoice;
  /** The penalty's coefficient λ (L1: λ Σ|w|; L2: λ/2 Σ w²). */
  readonly regRate: number;
}

/** Everything that decides a run. */
export interface PlaygroundState {
  /** Seeds the data, the weights, the shuffles and the dropout masks. */
  readonly seed: number;
  readonly data: DataState;
  readonly network: NetworkState;
  readonly training: TrainingState;
  /**
   * Compare mode: configuration B's network and training (data and seed are A's), trained
   * beside A in a second worker; absent or null: compare mode is off.
   */
  readonly compare?: CompareState | null;
}

/** Configuration B of compare mode: what may differ from A. */
export interface CompareState {
  readonly network: NetworkState;
  readonly training: TrainingState;
}

/** Configuration A alone (compare mode's B dropped): what the first worker builds. */
export function configA(s: PlaygroundState): PlaygroundState {
  return { seed: s.seed, data: s.data, network: s.network, training: s.training };
}

/** Configuration B as a state of its own (A's data and seed), or null when compare is off. */
export function configB(s: PlaygroundState): PlaygroundState | null {
  const b = s.compare;
  if (b === undefined || b === null) return null;
  return { seed: s.seed, data: s.data, network: b.network, training: b.training };
}

/** Turns compare mode on (B starts as a copy of A) or off. */
export function withCompare(s: PlaygroundState, on: boolean): PlaygroundState {
  if (!on) return configA(s);
  return { ...s, compare: s.compare ?? { network: s.network, training: s.training } };
}

/** Which configuration the network and training panels edit. */
export type Side = 'a' | 'b';

/** The network of side `side` (A's when compare is off). */
export function networkOf(s: PlaygroundState, side: Side): NetworkState {
  return side === 'b' && s.compare ? s.compare.network : s.network;
}

/** The training settings of side `side` (A's when compare is off). */
export function trainingOf(s: PlaygroundState, side: Side): TrainingState {
  return side === 'b' && s.compare ? s.compare.training : s.training;
}

/** `s` with side `side`'s network and training replaced. */
export function withSide(
  s: PlaygroundState,
  side: Side,
  p: { network?: NetworkState; training?: TrainingState },
): PlaygroundState {
  if (side === 'b' && s.compare) return { ...s, compare: { ...s.compare, ...p } };
  return { ...s, ...p };
}

/** Bounds the controls and the URL parser enforce. */
export const LIMITS = {
  depth: { min: 1, max: 32 },
  width: { min: 1, max: 256 },
  samples: { min: 20, max: 2000 },
  batchSize: { min: 1, max: 500 },
  trainFraction: { min: 0.1, max: 0.9 },
  noise: { min: 0, max: 0.5 },
  dropout: { min: 0, max: 0.9 },
  lr: { min: 1e-6, max: 10 },
  regRate: { min: 0, max: 1 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

/** The preset the page opens with: spiral, 6 × 16 tanh, Adam. */
export const DEFAULT_STATE: PlaygroundState = {
  seed: 1,
  data: {
    dataset: 'spiral',
    noise: 0,
    samples: 500,
    trainFraction: 0.5,
    batchSize: 10,
    features: ['x1', 'x2'],
  },
  network: {
    depth: 6,
    width: 16,
    activation: 'tanh',
    layerActivations: null,
    activationParams: {},
    init: 'xavierNormal',
    gain: 'default',
    residual: false,
    norm: 'none',
    dropout: 0,
  },
  training: {
    loss: 'crossEntropy',
    optimizer: 'adam',
    lr: 0.003,
    schedule: 'constant',
    regularization: 'none',
    regRate: 0,
  },
};

/** True for the regression data sets (MSE only; one output). */
export function isRegression(dataset: DatasetName): boolean {
  return (REGRESSION_SETS as readonly string[]).includes(dataset);
}

/** The activation of hidden layer `l` (0-based). */
export function activationOf(n: NetworkState, l: number): string {
  return n.layerActivations?.[l] ?? n.activation;
}

/** The parameters `activation` runs with in `n` (undefined: its defaults). */
export function paramsOf(
  n: NetworkState,
  activation: string,
): Readonly<Record<string, number>> | undefined {
  return n.activationParams[activation];
}

/**
 * `n` with parameter `param` of `activation` set to `value`; a value equal to the default `def`
 * is dropped, so a network set back to the defaults equals the default network.
 */
export function withActivationParam(
  n: NetworkState,
  activation: string,
  param: string,
  value: number,
  def: number,
): NetworkState {
  const { [param]: _, ...rest } = n.activationParams[activation] ?? {};
  const own = value === def ? rest : { ...rest, [param]: value };
  const { [activation]: __, ...others } = n.activationParams;
  return {
    ...n,
    activationParams: Object.keys(own).length === 0 ? others : { ...others, [activation]: own },
  };
}

/** Every hidden layer's activation, first to last. */
export function layerActivations(n: NetworkState): string[] {
  return Array.from({ length: n.depth }, (_, l) => activationOf(n, l));
}

/**
 * Changes the depth, keeping per-layer activations that still exist and giving new layers the
 * shared activation.
 */
export function withDepth(n: NetworkState, depth: number): NetworkState {
  const layers =
    n.layerActivations === null
      ? null
      : Array.from({ length: depth }, (_, l) => n.layerActivations?.[l] ?? n.activation);
  return { ...n, depth, layerActivations: layers };
}
