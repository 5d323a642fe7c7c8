/**
 * The `catalogue` experiment. For every registered elementwise activation: f and f' on a grid
 * (f' through the op's own backward rule), with its metadata and note from the activations
 * package.
 */
import { getActivation, listActivations } from '@gradscope/activations';
import { linspace } from '@gradscope/core';
import { DEFAULT_ACTIVATIONS } from './defaults.js';
import { derivative } from './derivative.js';

/** One activation's entry (results.json `catalogue.entries[]`). */
export interface CatalogueEntry {
  readonly name: string;
  readonly displayName: string;
  readonly formula: string;
  readonly range: string;
  readonly monotonic: boolean;
  readonly smoothness: string;
  readonly zeroCentred: boolean;
  readonly saturating: { readonly left: boolean; readonly right: boolean };
  readonly derivativeAtZero: number;
  readonly maxDerivative: number;
  readonly kinkConvention: string;
  readonly origin: string;
  readonly note: string;
  readonly x: number[];
  readonly f: number[];
  readonly df: number[];
}

function fmtBound(v: number): string {
  return v === Number.POSITIVE_INFINITY
    ? '∞'
    : v === Number.NEGATIVE_INFINITY
      ? '−∞'
      : String(Math.round(v * 1e4) / 1e4);
}

/**
 * Builds the entries for `names` (default: every registered elementwise activation, the seed
 * article's ten first, in its order, then the rest alphabetically).
 */
export function buildCatalogue(names?: readonly string[], points = 161): CatalogueEntry[] {
  const first: readonly string[] = DEFAULT_ACTIVATIONS;
  const rank = (n: string) => (first.includes(n) ? first.indexOf(n) : first.length);
  const acts =
    names === undefined
      ? listActivations()
          .filter((a) => a.meta.elementwise)
          .sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name))
      : names.map((n) => getActivation(n));
  const xs = linspace(-5, 5, points, { dtype: 'float64' });
  return acts.map((a) => {
    const m = a.meta;
    const apply = (t: Parameters<typeof a.apply>[0]) => a.apply(t);
    const f = Array.from(apply(xs).data);
    const df = Array.from(derivative(apply, xs).data);
    const r = m.range;
    return {
      name: a.name,
      displayName: m.displayName,
      formula: m.formula.text,
      range: `${r.loClosed ? '[' : '('}${fmtBound(r.lo)}, ${fmtBound(r.hi)}${r.hiClosed ? ']' : ')'}`,
      monotonic: m.monotonic,
      smoothness: m.smoothness,
      zeroCentred: m.zeroCentred,
      saturating: { left: m.saturating.left, right: m.saturating.right },
      derivativeAtZero: m.derivativeAtZero,
      maxDerivative: m.maxDerivative,
      kinkConvention: m.kinkConvention,
      origin: m.origin.year === null ? m.origin.paper : `${m.origin.paper} (${m.origin.year})`,
      note: m.note,
      x: Array.from(xs.data),
      f,
      df,
    };
  });
}
