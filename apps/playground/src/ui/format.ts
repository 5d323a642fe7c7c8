/** Number formats of the page: powers of ten with superscripts, log-axis tick labels. */

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '.': '·',
};

/** 10 to the power `e`, written with superscripts (10⁻⁵·⁹). */
export function power10(e: number, digits = 1): string {
  const text = Number.isInteger(e) ? String(e) : e.toFixed(digits);
  return `10${[...text].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Tick labels on a log axis: powers of ten only. */
export const decade = (v: number) => {
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? power10(Math.round(e)) : '';
};

/**
 * A statistic of the graph inspector: 5 significant digits without trailing zeros, an exponent
 * outside [1e-3, 1e5) (`0.64226`, `1`, `5.7443e-4`); NaN as `–`.
 */
export function stat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(5)));
  const [m, e] = v.toExponential(4).split('e') as [string, string];
  return `${Number(m)}e${e}`;
}

/** A table cell: two-digit scientific notation, 0 as '0', and '–' for nothing or non-finite. */
export const sci = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '–' : v === 0 ? '0' : v.toExponential(2);
