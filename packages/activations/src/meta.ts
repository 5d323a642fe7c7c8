/** The properties an activation carries: what decides how gradients flow through it. */

/** How smooth f is: a step is discontinuous, ReLU continuous with a kink, ELU C1, sigmoid C-infinity. */
export type Smoothness = 'discontinuous' | 'continuous' | 'C1' | 'C-infinity';

/** The output range [lo, hi]; a bound is closed when f attains it. Infinite bounds are open. */
export interface ActivationRange {
  /** Lower bound of f over the real line (`-Infinity` when unbounded below). */
  readonly lo: number;
  /** Upper bound of f over the real line (`Infinity` when unbounded above). */
  readonly hi: number;
  /** True when f attains `lo` (ReLU's 0); false for an asymptote (sigmoid's 0) or -infinity. */
  readonly loClosed: boolean;
  /** True when f attains `hi` (ReLU6's 6); false for an asymptote (tanh's 1) or +infinity. */
  readonly hiClosed: boolean;
}

/** A fixed (non-learnable) numeric parameter, passed as `apply(x, { [name]: value })`. */
export interface ActivationParam {
  /** Key in the params object, e.g. `'alpha'` for leakyRelu. */
  readonly name: string;
  /** Value used when `apply` is not given this parameter (e.g. leakyRelu's alpha = 0.01). */
  readonly default: number;
  /** What the parameter does, in a few words (e.g. "slope for x ≤ 0"). */
  readonly description: string;
}

/** A learnable parameter an activation layer owns (PReLU's slope). */
export interface LearnableParameter {
  /** Parameter name (PReLU: `'alpha'`, the same name as the fixed {@link ActivationParam}). */
  readonly name: string;
  /** Initial value (PyTorch's default). */
  readonly init: number;
  /** Shapes accepted, in words (e.g. "scalar, [1] or [channels] on the last axis"). */
  readonly shape: string;
  /** What the parameter does, in a sentence (e.g. "learnable slope for x ≤ 0"). */
  readonly description: string;
}

/**
 * Metadata of an activation. Numeric fields are for the default parameters and are checked
 * against {@link analyze} by the package's tests.
 */
export interface ActivationMeta {
  /** Human-readable name for tables and legends, e.g. `'Leaky ReLU'`. */
  readonly displayName: string;
  /** The formula as plain text and as LaTeX. */
  readonly formula: {
    /** Plain-text formula, e.g. `'leakyRelu(x) = x if x > 0 else alpha * x'`. */
    readonly text: string;
    /** The same formula as LaTeX source (no surrounding `$`). */
    readonly latex: string;
  };
  /** Fixed numeric parameters with their defaults (empty when there are none). */
  readonly params: readonly ActivationParam[];
  /** Output range of f over the real line, for the default parameters. */
  readonly range: ActivationRange;
  /** Non-decreasing (or non-increasing) over the whole real line. */
  readonly monotonic: boolean;
  /** How many times f is continuously differentiable; see {@link Smoothness}. */
  readonly smoothness: Smoothness;
  /**
   * Output mean is zero for standard-normal inputs: |E[f(z)]| <= 0.05 sqrt(E[f(z)^2]) for
   * z ~ N(0, 1) (tanh and SELU yes; sigmoid, ReLU, GELU no).
   */
  readonly zeroCentred: boolean;
  /** f'(x) -> 0 as x -> -infinity (left) / +infinity (right): |f'(+-50)| < 1e-3. */
  readonly saturating: {
    /** f'(x) -> 0 as x -> -infinity: |f'(-50)| < 1e-3 (sigmoid, tanh, ReLU yes). */
    readonly left: boolean;
    /** f'(x) -> 0 as x -> +infinity: |f'(50)| < 1e-3 (sigmoid, tanh yes; ReLU no). */
    readonly right: boolean;
  };
  /** f'(0), with the kink convention where f has a kink at 0. */
  readonly derivativeAtZero: number;
  /** sup |f'(x)| over the real line (with the kink conventions). */
  readonly maxDerivative: number;
  /** The derivative used where f is not differentiable, and why. */
  readonly kinkConvention: string;
  /** Where the activation comes from. `year` is null for user-defined activations. */
  readonly origin: {
    /** Citation of the paper (authors, title, venue (year)), or `'user-defined'`. */
    readonly paper: string;
    /** Year of publication; null for user-defined activations. */
    readonly year: number | null;
  };
  /** What this activation means for gradient flow, in a sentence or two. */
  readonly note: string;
  /** False for softmax / logSoftmax, which mix the entries along an axis. */
  readonly elementwise: boolean;
  /** Fields computed by {@link analyze} instead of typed in (user-defined activations). */
  readonly inferred?: readonly string[];
}

/** Metadata a user must give; everything else is computed by `analyze` when left out. */
export type ActivationMetaInput = Partial<ActivationMeta> & {
  /** Human-readable name for tables and legends (required). */
  readonly displayName: string;
  /** The formula (required; cannot be inferred). */
  readonly formula: {
    /** Plain-text formula, e.g. `'x * tanh(x)'`. */
    readonly text: string;
    /** The same formula as LaTeX source, e.g. `x \tanh x`. */
    readonly latex: string;
  };
  /** How smooth f is (required: sampling cannot tell a kink from a steep curve). */
  readonly smoothness: Smoothness;
};

/** The keys every {@link ActivationMeta} must have (tests check each registered activation). */
export const META_FIELDS = [
  'displayName',
  'formula',
  'params',
  'range',
  'monotonic',
  'smoothness',
  'zeroCentred',
  'saturating',
  'derivativeAtZero',
  'maxDerivative',
  'kinkConvention',
  'origin',
  'note',
  'elementwise',
] as const satisfies readonly (keyof ActivationMeta)[];

/** Shorthand for a range. */
export function range(
  lo: number,
  hi: number,
  loClosed: boolean,
  hiClosed: boolean,
): ActivationRange {
  return { lo, hi, loClosed, hiClosed };
}
