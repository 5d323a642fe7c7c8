/** Small statistics helpers shared by the experiments. */

/** Mean, standard deviation (n-1; 0 for one value), min and max of per-seed values. */
export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/** Summarises values across seeds (non-finite values propagate, e.g. -Infinity for log10(0)). */
export function spread(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  const std = n > 1 && Number.isFinite(mean) ? Math.sqrt(ss / (n - 1)) : 0;
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}

/** Per-layer spread: `perSeed[s][l]` → one {@link Spread} per layer, as parallel arrays. */
export interface LayerSpread {
  readonly mean: number[];
  readonly std: number[];
  readonly min: number[];
  readonly max: number[];
}

/** Summarises a seeds × layers table layer by layer. */
export function layerSpread(perSeed: readonly (readonly number[])[]): LayerSpread {
  const L = perSeed[0]?.length ?? 0;
  const out: LayerSpread = { mean: [], std: [], min: [], max: [] };
  for (let l = 0; l < L; l++) {
    const s = spread(perSeed.map((r) => r[l] as number));
    out.mean.push(s.mean);
    out.std.push(s.std);
    out.min.push(s.min);
    out.max.push(s.max);
  }
  return out;
}

/** Root mean square of a typed array. */
export function rms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s / Math.max(1, x.length));
}

/** Euclidean (Frobenius) norm. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Mean and (population) standard deviation. */
export function meanStd(x: ArrayLike<number>): { mean: number; std: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  const mean = s / Math.max(1, x.length);
  let v = 0;
  for (let i = 0; i < x.length; i++) v += ((x[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(v / Math.max(1, x.length)) };
}
