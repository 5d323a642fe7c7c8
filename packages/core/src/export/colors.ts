/**
 * The gradient colour scale shared by the DOT and Mermaid exports: colour by log10 of a
 * gradient norm, so vanishing gradients stand out.
 */
import { ArgumentError } from '../errors.js';
import { describe } from '../shape.js';

/** log10 range of the gradient colour scale: `[low, high]`. */
export type GradientRange = readonly [number, number];

/** Default scale: ‖g‖ ≤ 1e-6 is fully red (vanished), ‖g‖ ≥ 1 fully green. */
export const DEFAULT_GRADIENT_RANGE: GradientRange = [-6, 0];

/** Fill for a zero gradient (no signal reached the tensor). */
export const ZERO_GRADIENT_COLOR = '#bdbdbd';
/** Fill for a NaN or infinite gradient norm. */
export const NONFINITE_GRADIENT_COLOR = '#e040fb';

// ColorBrewer RdYlGn (5 classes), low to high.
const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [0xd7, 0x30, 0x27],
  [0xfc, 0x8d, 0x59],
  [0xfe, 0xe0, 0x8b],
  [0xd9, 0xef, 0x8b],
  [0x1a, 0x98, 0x50],
];

/** Validates a user-supplied range (finite, low < high). */
export function checkGradientRange(r: unknown, where: string): GradientRange {
  if (
    !Array.isArray(r) ||
    r.length !== 2 ||
    typeof r[0] !== 'number' ||
    typeof r[1] !== 'number' ||
    !Number.isFinite(r[0]) ||
    !Number.isFinite(r[1]) ||
    r[0] >= r[1]
  ) {
    throw new ArgumentError(
      `${where}: gradientRange must be [low, high] with finite log10 bounds and low < high, got ${describe(r)}`,
    );
  }
  return [r[0], r[1]];
}

/**
 * The fill colour of a gradient norm: `t = (log10 ‖g‖ − low) / (high − low)` clamped to
 * [0, 1], interpolated along red → orange → yellow → light green → green. Zero is grey,
 * NaN / ±Infinity magenta.
 */
export function gradientColor(norm: number, range: GradientRange = DEFAULT_GRADIENT_RANGE): string {
  if (typeof norm !== 'number')
    throw new ArgumentError(`gradientColor: expected a number, got ${describe(norm)}`);
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !Number.isFinite(range[0]) ||
    !Number.isFinite(range[1]) ||
    !(range[0] < range[1])
  )
    throw new ArgumentError(
      `gradientColor: range must be [lo, hi] with finite lo < hi (log10 units), got ${describe(range)}`,
    );
  if (!Number.isFinite(norm)) return NONFINITE_GRADIENT_COLOR;
  if (norm === 0) return ZERO_GRADIENT_COLOR;
  const [lo, hi] = range;
  const t = Math.min(1, Math.max(0, (Math.log10(Math.abs(norm)) - lo) / (hi - lo)));
  const x = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i] as readonly [number, number, number];
  const b = STOPS[i + 1] as readonly [number, number, number];
  const hex = (k: 0 | 1 | 2) =>
    Math.round(a[k] + (b[k] - a[k]) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}
