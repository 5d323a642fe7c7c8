/**
 * Completes the metadata of a user-defined activation: fields left out are computed from the
 * function (by `analyze` and by sampling) and listed in `meta.inferred`.
 */
import type { Activation } from './activation-table.js';
import { analyze, valuesAndDerivatives } from './analyze.js';
import { type ActivationMeta, type ActivationMetaInput, META_FIELDS } from './meta.js';

/** Sample points from -1e4 to 1e4: dense near 0, geometric further out. */
export function rangeGrid(): Float64Array {
  const pts: number[] = [];
  for (let i = -8192; i <= 8192; i++) pts.push(i / 1024);
  for (let x = 8; x <= 1e4; x *= 1.01) pts.push(x, -x);
  pts.push(1e4, -1e4);
  return Float64Array.from(pts);
}

/** The sampled range and monotonicity of f. */
export function sampleShape(activation: Activation): {
  min: number;
  max: number;
  nonDecreasing: boolean;
  nonIncreasing: boolean;
} {
  const xs = rangeGrid();
  const { f, df } = valuesAndDerivatives(activation, xs);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nonDecreasing = true;
  let nonIncreasing = true;
  for (let i = 0; i < xs.length; i++) {
    const v = f[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    if ((df[i] as number) < -1e-12) nonDecreasing = false;
    if ((df[i] as number) > 1e-12) nonIncreasing = false;
  }
  return { min, max, nonDecreasing, nonIncreasing };
}

/**
 * Whether f is unbounded below / above: f changes by more than 1 between |x| = 1e3 and 1e4 on
 * either side (a bounded f has all but converged there; any linear tail moves by 9000 times
 * its slope).
 */
export function unbounded(activation: Activation): { lo: boolean; hi: boolean } {
  const { f } = valuesAndDerivatives(activation, Float64Array.from([-1e4, -1e3, 1e3, 1e4]));
  const [a, b, c, d] = Array.from(f) as [number, number, number, number];
  return { lo: a < b - 1 || d < c - 1, hi: a > b + 1 || d > c + 1 };
}

/** |f'(x)| at x = -50 and x = 50: the saturation test used by metadata. */
export function tailDerivatives(activation: Activation): { left: number; right: number } {
  const { df } = valuesAndDerivatives(activation, Float64Array.from([-50, 50]));
  return { left: Math.abs(df[0] as number), right: Math.abs(df[1] as number) };
}

/** Returns complete metadata, computing missing fields. */
export function inferMeta(
  activation: Omit<Activation, 'meta'> & { meta: ActivationMetaInput },
): ActivationMeta {
  const given = activation.meta;
  const missing = META_FIELDS.filter((k) => given[k] === undefined);
  if (missing.length === 0) return { ...given } as ActivationMeta;
  const probe = {
    ...activation,
    meta: { ...given, params: given.params ?? [], elementwise: true } as ActivationMeta,
  };
  const a = analyze(probe);
  const s = sampleShape(probe);
  const tails = tailDerivatives(probe);
  const inf = unbounded(probe);
  const inferred: Omit<ActivationMeta, 'displayName' | 'formula' | 'smoothness'> = {
    params: [],
    range: {
      lo: inf.lo ? Number.NEGATIVE_INFINITY : s.min,
      hi: inf.hi ? Number.POSITIVE_INFINITY : s.max,
      // A sampled finite bound may be asymptotic (open); sampling cannot tell, so say closed.
      loClosed: !inf.lo,
      hiClosed: !inf.hi,
    },
    monotonic: s.nonDecreasing || s.nonIncreasing,
    zeroCentred: Math.abs(a.mean) <= 0.05 * Math.sqrt(a.secondMoment),
    saturating: { left: tails.left < 1e-3, right: tails.right < 1e-3 },
    derivativeAtZero: a.derivativeAtZero,
    maxDerivative: a.maxAbsDerivative,
    kinkConvention: 'not declared (user-defined; autograd of the forward function)',
    origin: { paper: 'user-defined', year: null },
    note: '',
    elementwise: true,
  };
  const out: Record<string, unknown> = { ...given };
  for (const k of missing) out[k] = inferred[k as keyof typeof inferred];
  out.inferred = missing;
  return out as unknown as ActivationMeta;
}
