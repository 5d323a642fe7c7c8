/**
 * The `glorot` experiment: Glorot & Bengio (2010), Figures 6 and 7, reproduced. A 5-hidden-layer tanh
 * network (width n, inputs N(0, 1), output gradient N(0, 1), as in the gradient-flow
 * experiment) under the `standard` initialisation U[-1/√n, 1/√n] and the normalised (Xavier)
 * one; normalised histograms per layer of the activation values tanh(h_l) (Fig. 6) and of the
 * back-propagated gradients ∂L/∂h_l (Fig. 7), pooled over seeds.
 */
import type { ApplyFn, InitFn } from './gradient-flow.js';
import { measureGradientFlow } from './gradient-flow.js';

/** One layer's histogram: bin centres and the fraction of values in each bin. */
export interface Histogram {
  readonly init: string;
  readonly layer: number;
  readonly centers: number[];
  readonly fraction: number[];
  /** Standard deviation of the values (Glorot & Bengio's Table / text compares these). */
  readonly std: number;
}

/** results.json section `glorot`. */
export interface GlorotResult {
  readonly depth: number;
  readonly width: number;
  readonly batch: number;
  readonly seeds: number[];
  readonly activations: Histogram[];
  readonly gradients: Histogram[];
}

function histogram(values: Float64Array, lo: number, hi: number, bins: number) {
  const counts = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  let s = 0;
  let s2 = 0;
  for (const v of values) {
    s += v;
    s2 += v * v;
    const k = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / w)));
    counts[k] = (counts[k] as number) + 1;
  }
  const n = Math.max(1, values.length);
  const mean = s / n;
  return {
    centers: counts.map((_, k) => lo + (k + 0.5) * w),
    fraction: counts.map((c) => c / n),
    std: Math.sqrt(Math.max(0, s2 / n - mean * mean)),
  };
}

function concat(parts: readonly Float32Array[] | readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Options of {@link runGlorot}. */
export interface GlorotOptions {
  readonly tanh: ApplyFn;
  readonly inits: readonly { readonly name: string; readonly init: InitFn }[];
  readonly width: number;
  readonly batch: number;
  readonly seeds: readonly number[];
  /** Hidden layers (5 in the paper). */
  readonly depth?: number;
  readonly bins?: number;
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

/** Runs both initialisations and bins activations and gradients per layer. */
export function runGlorot(o: GlorotOptions): GlorotResult {
  const depth = o.depth ?? 5;
  const bins = o.bins ?? 40;
  const raw: { init: string; acts: Float64Array[]; grads: Float64Array[] }[] = [];
  let done = 0;
  for (const { name, init } of o.inits) {
    const acts: Float32Array[][] = Array.from({ length: depth }, () => []);
    const grads: Float32Array[][] = Array.from({ length: depth }, () => []);
    measureGradientFlow({
      activation: o.tanh,
      init,
      depth,
      width: o.width,
      batch: o.batch,
      seeds: o.seeds,
      inspect: (layers) => {
        layers.forEach((t, l) => {
          (acts[l] as Float32Array[]).push(Float32Array.from(t.x.data));
          (grads[l] as Float32Array[]).push(Float32Array.from(t.h.grad?.data ?? []));
        });
      },
      onSeed: () => o.onProgress?.(++done, o.inits.length * o.seeds.length, `tanh/${name}`),
    });
    raw.push({ init: name, acts: acts.map(concat), grads: grads.map(concat) });
  }
  // Gradients share one symmetric range across layers and inits (as the paper's axes do):
  // the 99.5th percentile of |g| over everything.
  const all = concat(raw.flatMap((r) => r.grads))
    .map(Math.abs)
    .sort();
  const g = all[Math.floor(0.995 * (all.length - 1))] ?? 1;
  const activations: Histogram[] = [];
  const gradients: Histogram[] = [];
  for (const r of raw) {
    r.acts.forEach((v, l) => {
      activations.push({ init: r.init, layer: l + 1, ...histogram(v, -1, 1, bins) });
    });
    r.grads.forEach((v, l) => {
      gradients.push({ init: r.init, layer: l + 1, ...histogram(v, -g, g, bins) });
    });
  }
  return { depth, width: o.width, batch: o.batch, seeds: [...o.seeds], activations, gradients };
}
