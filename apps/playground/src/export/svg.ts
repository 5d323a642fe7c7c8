/**
 * The charts as SVG. uPlot draws on canvas and has no SVG output, and no small, well-kept
 * library turns uPlot's series into SVG, so the SVG is drawn here from the same series the charts
 * show, on a log scale: one `<path>` per series (with `data-series` naming it), the decade grid
 * and labels. `lossSvg`: train and test loss by epoch; `flowSvg`: the gradient-flow panel's
 * per-layer series.
 */
import type { LossPoint } from '../engine/session.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** One series of a log-scale chart: a y value (or null: a gap) per x. */
export interface SvgSeries {
  readonly key: string;
  readonly label: string;
  readonly colour: string;
  readonly values: ReadonlyArray<number | null>;
  readonly dash?: string;
}

/** An SVG document of width × height: `series` over `xs`, y on a log scale. */
export function logChartSvg(o: {
  readonly title: string;
  readonly xs: readonly number[];
  readonly xLabel: (x: number) => string;
  readonly series: readonly SvgSeries[];
  readonly width?: number;
  readonly height?: number;
}): string {
  const width = o.width ?? 640;
  const height = o.height ?? 240;
  const m = { l: 56, r: 12, t: 12, b: 36 };
  const ok = (v: number | null | undefined): v is number =>
    v !== null && v !== undefined && v > 0 && Number.isFinite(v);
  const ys = o.series.flatMap((s) => s.values.filter(ok));
  const x0 = o.xs[0] ?? 0;
  const x1 = Math.max(x0 + 1e-9, o.xs[o.xs.length - 1] ?? 1);
  const d0 = Math.floor(Math.log10(ys.length > 0 ? Math.min(...ys) : 0.1));
  const d1 = Math.max(d0 + 1, Math.ceil(Math.log10(ys.length > 0 ? Math.max(...ys) : 1)));
  const px = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (width - m.l - m.r);
  const py = (y: number) => m.t + ((d1 - Math.log10(y)) / (d1 - d0)) * (height - m.t - m.b);
  const path = (values: ReadonlyArray<number | null>) => {
    let d = '';
    let pen = 'M';
    o.xs.forEach((x, k) => {
      const v = values[k];
      if (!ok(v)) {
        pen = 'M';
        return;
      }
      d += `${pen}${px(x).toFixed(2)},${py(v).toFixed(2)}`;
      pen = 'L';
    });
    return d;
  };
  const grid: string[] = [];
  for (let k = d0; k <= d1; k++) {
    const y = py(10 ** k).toFixed(2);
    grid.push(
      `<line x1="${m.l}" x2="${width - m.r}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${m.l - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">1e${k}</text>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(o.title)}</title>`,
    ...grid,
    `<line x1="${m.l}" x2="${width - m.r}" y1="${height - m.b}" y2="${height - m.b}" stroke="#888"/>`,
    `<text x="${m.l}" y="${height - 8}">${esc(o.xLabel(x0))}</text>`,
    `<text x="${width - m.r}" y="${height - 8}" text-anchor="end">${esc(o.xLabel(x1))}</text>`,
    ...o.series.map(
      (s) =>
        `<path data-series="${esc(s.key)}" d="${path(s.values)}" fill="none" stroke="${s.colour}" stroke-width="1.5"${s.dash === undefined ? '' : ` stroke-dasharray="${s.dash}"`}><title>${esc(s.label)}</title></path>`,
    ),
    '</svg>',
  ].join('\n');
}

/** An SVG document of width × height for the loss history. */
export function lossSvg(points: readonly LossPoint[], width = 640, height = 240): string {
  return logChartSvg({
    title: 'Train and test loss by epoch, logarithmic scale',
    xs: points.map((p) => p.epoch),
    xLabel: (x) => `epoch ${+x.toFixed(3)}`,
    series: [
      { key: 'train', label: 'train loss', colour: '#555', values: points.map((p) => p.train) },
      { key: 'test', label: 'test loss', colour: '#d9480f', values: points.map((p) => p.test) },
    ],
    width,
    height,
  });
}

/** The gradient-flow panel's series, per layer (1 … hidden layers, then the output). */
export interface FlowSeries {
  readonly rmsGradH: readonly number[];
  readonly weightGradNorm: readonly number[];
  readonly initialRmsGradH: readonly number[];
  readonly predicted: ReadonlyArray<number | null>;
}

/** An SVG document of width × height for the gradient-flow chart. */
export function flowSvg(f: FlowSeries, width = 640, height = 240): string {
  const layers = f.rmsGradH.length;
  const xs = Array.from({ length: layers }, (_, l) => l + 1);
  return logChartSvg({
    title: 'Gradient flow per layer (input → output), logarithmic scale',
    xs,
    xLabel: (x) => (x === layers ? 'output' : `layer ${x}`),
    series: [
      { key: 'rmsGradH', label: 'RMS ∂ℓ/∂h', colour: '#1864ab', values: f.rmsGradH },
      { key: 'weightGradNorm', label: '‖∂L/∂W‖', colour: '#e67700', values: f.weightGradNorm },
      {
        key: 'initialRmsGradH',
        label: 'RMS ∂ℓ/∂h at init',
        colour: '#74c0fc',
        values: f.initialRmsGradH,
        dash: '6 4',
      },
      {
        key: 'predicted',
        label: 'mean-field prediction at init',
        colour: '#111',
        values: xs.map((_, l) => f.predicted[l] ?? null),
        dash: '2 3',
      },
    ],
    width,
    height,
  });
}
