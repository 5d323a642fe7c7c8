/** The properties an activation carries: what decides how gradients flow through it. */

/** How smooth f is: a step is discontinuous, ReLU continuous with a kink, ELU C1, sigmoid C-infinity. */
export type Smoothness = 'discontinuous' | 'continuous' | 'C1' | 'C-infinity';

/** The output range [lo, hi]; a bound is closed when f attains it. Infinite bounds are open. */
export interface ActivationRange {
  readonly lo: number;
  readonly hi: number;
  readonly loClosed: boolean;
  readonly hiClosed: boolean;
}

/** A fixed (non-learnable) numeric parameter, passed as `apply(x, { [name]: value })`. */
export interface ActivationParam {
  readonly name: string;
  readonly default: number;
  readonly description: string;
}

/** A learnable parameter an activation layer owns (PReLU's slope). */
export interface LearnableParameter {
  readonly name: string;
  /** Initial value (PyTorch's default). */
  readonly init: number;
  /** Shapes accepted, in words (e.g. "scalar, [1] or [channels] on the last axis"). */
  readonly shape: string;
  readonly description: string;
}

/**
 * Metadata of an activation. Numeric fields are for the default parameters and are checked
 * against {@link analyze} by the package's tests.
 */
export interface ActivationMeta {
  readonly displayName: string;
  /** The formula as plain text and as LaTeX. */
  readonly formula: { readonly text: string; readonly latex: string };
  /** Fixed numeric parameters with their defaults (empty when there are none). */
  readonly params: readonly ActivationParam[];
  readonly range: ActivationRange;
  /** Non-decreasing (or non-increasing) over the whole real line. */
  readonly monotonic: boolean;
  readonly smoothness: Smoothness;
  /**
   * Output mean is zero for standard-normal inputs: |E[f(z)]| <= 0.05 sqrt(E[f(z)^2]) for
   * z ~ N(0, 1) (tanh and SELU yes; sigmoid, ReLU, GELU no).
   */
  readonly zeroCentred: boolean;
  /** f'(x) -> 0 as x -> -infinity (left) / +infinity (right): |f'(+-50)| < 1e-3. */
  readonly saturating: { readonly left: boolean; readonly right: boolean };
  /** f'(0), with the kink convention where f has a kink at 0. */
  readonly derivativeAtZero: number;
  /** sup |f'(x)| over the real line (with the kink conventions). */
  readonly maxDerivative: number;
  /** The derivative used where f is not differentiable, and why. */
  readonly kinkConvention: string;
  /** Where the activation comes from. `year` is null for user-defined activations. */
  readonly origin: { readonly paper: string; readonly year: number | null };
  /** What this activation means for gradient flow, in a sentence or two. */
  readonly note: string;
  /** False for softmax / logSoftmax, which mix the entries along an axis. */
  readonly elementwise: boolean;
  /** Fields computed by {@link analyze} instead of typed in (user-defined activations). */
  readonly inferred?: readonly string[];
}

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
