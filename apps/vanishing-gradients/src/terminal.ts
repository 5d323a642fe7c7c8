/** The terminal summary: a table of log10 gradient ratios and a small asciichart plot. */
import asciichart from 'asciichart';
import type { GradientFlowRun } from './gradient-flow-grid.js';
import { fmt, profileDepth } from './report/gradient-flow-section.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/**
 * Rows: activations; columns: initialisers; cells: "measured (predicted)" log10 first/last
 * RMS-gradient ratio at the profile depth, '*' marking disagreement with the theory.
 */
export function summaryTable(runs: readonly GradientFlowRun[]): string {
  if (runs.length === 0) return '(no gradient-flow runs)';
  const d = profileDepth(runs);
  const acts = [...new Set(runs.map((r) => r.activation))];
  const inits = [...new Set(runs.map((r) => r.init))];
  const cell = (a: string, i: string) => {
    const r = runs.find((x) => x.activation === a && x.init === i && x.depth === d);
    if (r === undefined) return '';
    const mark = r.log10Ratio.agrees === false ? '*' : '';
    return `${fmt(r.log10Ratio.measured.mean)} (${fmt(r.log10Ratio.predicted)})${mark}`;
  };
  const w0 = Math.max(10, ...acts.map((a) => a.length)) + 2;
  const w = Math.max(18, ...inits.map((i) => i.length + 2));
  const lines = [
    `log10(RMS grad layer 1 / layer ${d}): measured (mean-field)${runs.some((r) => r.log10Ratio.agrees === false) ? '   * = outside tolerance' : ''}`,
    pad('activation', w0) + inits.map((i) => pad(i, w)).join(''),
    '-'.repeat(w0 + w * inits.length),
    ...acts.map((a) => pad(a, w0) + inits.map((i) => pad(cell(a, i), w)).join('')),
  ];
  return lines.join('\n');
}

const COLORS = [
  asciichart.red,
  asciichart.yellow,
  asciichart.green,
  asciichart.blue,
  asciichart.magenta,
];

/**
 * log10 RMS ∂L/∂h per layer for a few activations under one initialiser (xavierNormal if the
 * grid has it, else the grid's first), as an asciichart plot with a legend.
 */
export function summaryChart(runs: readonly GradientFlowRun[], color = true): string {
  if (runs.length === 0) return '';
  const d = profileDepth(runs);
  const init = runs.some((r) => r.init === 'xavierNormal')
    ? 'xavierNormal'
    : (runs[0] as GradientFlowRun).init;
  const pick = ['sigmoid', 'tanh', 'relu', 'gelu', 'selu'];
  const chosen = runs
    .filter((r) => r.init === init && r.depth === d)
    .filter((r) => r.layers.rmsGrad.mean.every((v) => Number.isFinite(v) && v > 0))
    .sort((a, b) => {
      const ia = pick.indexOf(a.activation);
      const ib = pick.indexOf(b.activation);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    })
    .slice(0, 5);
  if (chosen.length === 0) return '';
  // Stretch each series so the chart is about 48 columns wide.
  const rep = Math.max(1, Math.floor(48 / d));
  const series = chosen.map((r) =>
    r.layers.rmsGrad.mean.flatMap((v) => new Array<number>(rep).fill(Math.log10(v))),
  );
  const colors = COLORS.slice(0, chosen.length);
  const plot = asciichart.plot(series, {
    height: 10,
    ...(color ? { colors } : {}),
    format: (x: number) => x.toFixed(1).padStart(6),
  });
  const legend = chosen
    .map((r, k) => `${color ? colors[k] : ''}── ${r.activation}${color ? asciichart.reset : ''}`)
    .join('  ');
  return `log10 RMS dL/dh per layer (${init}, depth ${d}; layer 1 at the left)\n${plot}\n${legend}`;
}
