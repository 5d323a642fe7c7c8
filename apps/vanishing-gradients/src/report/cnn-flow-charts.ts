/** Vega-Lite specs of the `cnn` section (gradient flow through a deep CNN). */
import type { TopLevelSpec } from 'vega-lite';
import type { CnnFlowRun, CnnVariant } from '../cnn-flow-grid.js';
import { ACTIVATION_SCHEME } from './gradient-flow-charts.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const ACTIVATION_COLOR = {
  field: 'activation',
  type: 'nominal' as const,
  scale: { scheme: ACTIVATION_SCHEME },
};

/** How a variant is named in charts and tables: `plain · heNormal`, `BatchNorm2d · standard`. */
export function variantName(v: CnnVariant): string {
  const a =
    v.architecture === 'batchNorm'
      ? 'BatchNorm2d'
      : v.architecture === 'residual'
        ? 'residual'
        : 'plain';
  return `${a} · ${v.init}`;
}

/** Variants in the order the runs list them (facet order). */
function variantOrder(runs: readonly CnnFlowRun[]): string[] {
  return [...new Set(runs.map(variantName))];
}

function finitePositive(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/** One panel per variant, two panels a row. */
function facetByVariant(
  runs: readonly CnnFlowRun[],
  rows: readonly Record<string, string | number>[],
  spec: Record<string, unknown>,
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    data: { values: rows },
    facet: { field: 'variant', type: 'nominal', title: null, sort: variantOrder(runs) },
    columns: 2,
    spec: { width: 300, ...spec },
    resolve: { scale: { y: 'independent' } },
  } as TopLevelSpec;
}

/** The kinds of line in {@link cnnPerLayerSpec}, and how each is drawn. */
const KINDS = {
  measured: { strokeDash: [1, 0], strokeWidth: 2 },
  'mean-field (zero padding)': { strokeDash: [5, 3], strokeWidth: 1.5 },
  'mean-field (no border)': { strokeDash: [1, 3], strokeWidth: 1.5 },
} as const;

/**
 * Rows of {@link cnnPerLayerSpec}: per run and layer the measured mean with its min–max band, the
 * border-resolved prediction and the dense (infinite-image) one; values a log axis cannot show
 * are left out.
 */
function perLayerRows(runs: readonly CnnFlowRun[]): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    const base = { activation: r.activation, variant: variantName(r) };
    const push = (
      layer: number,
      kind: keyof typeof KINDS,
      value: number,
      lo = value,
      hi = value,
    ) => {
      if (finitePositive(value))
        rows.push({
          ...base,
          layer,
          kind,
          value,
          lo: finitePositive(lo) ? lo : value,
          hi: finitePositive(hi) ? hi : value,
        });
    };
    for (let l = 0; l < r.depth; l++) {
      const g = r.layers.rmsGrad;
      push(l + 1, 'measured', g.mean[l] as number, g.min[l] as number, g.max[l] as number);
      const b = r.layers.borderRmsGrad;
      if (b !== null) push(l + 1, 'mean-field (zero padding)', b[l] as number);
      push(l + 1, 'mean-field (no border)', r.layers.predictedRmsGrad[l] as number);
    }
  }
  return rows;
}

/**
 * Per-layer RMS ∂L/∂h (log scale), one panel per variant: measured mean (solid) with a min–max
 * band across seeds, the mean-field prediction with the zero padding resolved (dashed) and the
 * dense recursion with fan-in k²C for an image without border (dotted).
 */
export function cnnPerLayerSpec(runs: readonly CnnFlowRun[]): TopLevelSpec {
  const x = {
    field: 'layer',
    type: 'quantitative' as const,
    title: 'conv layer (1 = nearest the input)',
  };
  const y = { field: 'value', type: 'quantitative' as const, scale: { type: 'log' as const } };
  const kinds = Object.keys(KINDS);
  return facetByVariant(runs, perLayerRows(runs), {
    height: 240,
    resolve: { scale: { fill: 'independent' }, legend: { fill: 'independent' } },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'measured'" }],
        mark: { type: 'area', opacity: 0.15 },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', scale: { type: 'log' } },
          y2: { field: 'hi' },
          // `fill`, not `color`: the band's faint symbols stay out of the activation legend
          fill: { ...ACTIVATION_COLOR, legend: null },
        },
      },
      {
        mark: { type: 'line' },
        encoding: {
          x,
          y: { ...y, title: 'RMS of dL/dh (log)' },
          color: ACTIVATION_COLOR,
          detail: { field: 'kind' },
          strokeDash: {
            field: 'kind',
            type: 'nominal',
            title: null,
            legend: { labelLimit: 260, symbolStrokeColor: '#555' },
            scale: {
              domain: kinds,
              range: kinds.map((k) => KINDS[k as keyof typeof KINDS].strokeDash),
            },
          },
          tooltip: [
            { field: 'activation' },
            { field: 'kind' },
            { field: 'layer' },
            { field: 'value', format: '.3g' },
          ],
        },
      },
    ],
  });
}

/** ‖∂L/∂W_l‖ of each convolution (log scale), measured mean, one panel per variant. */
export function cnnWeightGradSpec(runs: readonly CnnFlowRun[]): TopLevelSpec {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs)
    r.layers.weightGradNorm.mean.forEach((v, l) => {
      if (finitePositive(v))
        rows.push({ activation: r.activation, variant: variantName(r), layer: l + 1, value: v });
    });
  return facetByVariant(runs, rows, {
    height: 200,
    mark: { type: 'line', point: { size: 14 } },
    encoding: {
      x: { field: 'layer', type: 'quantitative', title: 'conv layer' },
      y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: '‖dL/dW‖ (log)' },
      color: ACTIVATION_COLOR,
    },
  });
}

/**
 * log10(RMS ∂L/∂h at layer 1 / at layer L) per activation and variant: measured mean (filled
 * points, with the seeds' min–max as a rule) and the prediction the run is checked against
 * (hollow diamonds).
 */
export function cnnRatioSpec(runs: readonly CnnFlowRun[]): TopLevelSpec {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    const base = { activation: r.activation, variant: variantName(r) };
    const m = r.log10Ratio.measured;
    if (Number.isFinite(m.mean))
      rows.push({ ...base, kind: 'measured', value: m.mean, lo: m.min, hi: m.max });
    if (Number.isFinite(r.log10Ratio.predicted))
      rows.push({ ...base, kind: 'mean-field', value: r.log10Ratio.predicted });
  }
  const y = { field: 'activation', type: 'nominal' as const, title: null, sort: null };
  const depth = runs[0]?.depth ?? 0;
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: `log10 RMS grad, layer 1 / ${depth}`,
  };
  const tooltip = [
    { field: 'activation' },
    { field: 'variant' },
    { field: 'kind' },
    { field: 'value', format: '.2f' },
  ];
  return {
    $schema: SCHEMA,
    data: { values: rows },
    facet: { column: { field: 'variant', type: 'nominal', title: null, sort: variantOrder(runs) } },
    spec: {
      width: 190,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'rule' },
          encoding: { y, x: { ...x, field: 'lo' }, x2: { field: 'hi' }, color: ACTIVATION_COLOR },
        },
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'point', filled: true, size: 50 },
          encoding: { y, x, color: ACTIVATION_COLOR, tooltip },
        },
        {
          transform: [{ filter: "datum.kind === 'mean-field'" }],
          mark: { type: 'point', shape: 'diamond', filled: false, size: 70, strokeWidth: 1.5 },
          encoding: { y, x, color: ACTIVATION_COLOR, tooltip },
        },
      ],
    },
  } as TopLevelSpec;
}
