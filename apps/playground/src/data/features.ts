/**
 * Input features: X₁, X₂ and their squares, product and sines (TensorFlow Playground's set, less
 * its cosines), computed from the first two columns; a CSV's further columns follow as they are.
 */
import { FEATURE_LABELS, FEATURES, type FeatureName } from '../state/state.js';

const FNS: Readonly<Record<FeatureName, (a: number, b: number) => number>> = {
  x1: (a) => a,
  x2: (_, b) => b,
  x1sq: (a) => a * a,
  x2sq: (_, b) => b * b,
  x1x2: (a, b) => a * b,
  sinx1: (a) => Math.sin(a),
  sinx2: (_, b) => Math.sin(b),
};

/** The selected features in canonical order (X₁, X₂, X₁², X₂², X₁·X₂, sin X₁, sin X₂). */
export function orderedFeatures(selected: readonly FeatureName[]): FeatureName[] {
  return FEATURES.filter((f) => selected.includes(f));
}

/** Names of the network's inputs: the selected features, then the extra columns. */
export function inputNames(selected: readonly FeatureName[], columns: readonly string[]): string[] {
  return [...orderedFeatures(selected).map((f) => FEATURE_LABELS[f]), ...columns.slice(2)];
}

/**
 * Writes the input row for one data row (`k` columns at `row`) into `out` at `offset`: the
 * selected features of columns 0 and 1, then columns 2..k−1. Returns the number written.
 */
export function writeInputs(
  features: readonly FeatureName[],
  row: ArrayLike<number>,
  k: number,
  out: Float32Array | Float64Array,
  offset: number,
): number {
  const a = row[0] as number;
  const b = row[1] as number;
  let o = offset;
  for (const f of features) out[o++] = FNS[f](a, b);
  for (let j = 2; j < k; j++) out[o++] = row[j] as number;
  return o - offset;
}
