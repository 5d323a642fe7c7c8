/** Vega-Lite specs of the `flow` sections (gradient flow, theory beside measurement). */
import type { TopLevelSpec } from 'vega-lite';
import type { GradientFlowRun } from '../gradient-flow-grid.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours per activation, stable across charts. */
export const ACTIVATION_SCHEME = 'tableau10';

/** One colour per activation, shared by every gradient-flow chart. */
const ACTIVATION_COLOR = {
  field: 'activation',
  type: 'nominal' as const,
  scale: { scheme: ACTIVATION_SCHEME },
};

/** Initialisers in the order the runs list them (facet order). */
function initOrder(runs: readonly GradientFlowRun[]): string[] {
  return [...new Set(runs.map((r) => r.init))];
}

/**
 * The frame every gradient-flow chart shares: `rows` drawn by `spec` (230 px wide) in one panel
 * per initialiser, in the runs' order; `extra` holds top-level keys such as `resolve`.
 */
function facetByInit(
  runs: readonly GradientFlowRun[],
  rows: readonly Record<string, string | number>[],
  spec: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): TopLevelSpec {
  return {
    $schema: SCHEMA,
    data: { values: rows },
    facet: { column: { field: 'init', type: 'nominal', title: null, sort: initOrder(runs) } },
    spec: { width: 230, ...spec },
    ...extra,
  } as TopLevelSpec;
}

function finitePositive(v: number): boolean {
  return Number.isFinite(v) && v > 0;
}

/**
 * Rows of {@link perLayerGradientSpec}: per run at `depth` and layer, the measured mean with its
 * min–max band and the prediction (`kind` tells them apart); values that a log axis cannot show
 * are left out.
 */
function perLayerGradientRows(
  runs: readonly GradientFlowRun[],
  depth: number,
): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    if (r.depth !== depth) continue;
    for (let l = 0; l < depth; l++) {
      const m = r.layers.rmsGrad.mean[l] as number;
      const p = r.layers.predictedRmsGrad[l] as number;
      const lo = r.layers.rmsGrad.min[l] as number;
      const hi = r.layers.rmsGrad.max[l] as number;
      if (finitePositive(m))
        rows.push({
          activation: r.activation,
          init: r.init,
          layer: l + 1,
          kind: 'measured',
          value: m,
          lo: finitePositive(lo) ? lo : m,
          hi: finitePositive(hi) ? hi : m,
        });
      if (finitePositive(p))
        rows.push({
          activation: r.activation,
          init: r.init,
          layer: l + 1,
          kind: 'mean-field',
          value: p,
          lo: p,
          hi: p,
        });
    }
  }
  return rows;
}

/**
 * Per-layer RMS ∂L/∂h (log scale) at one depth: measured mean with a min–max band across seeds
 * (solid) and the mean-field prediction (dashed), one panel per initialiser.
 */
export function perLayerGradientSpec(
  runs: readonly GradientFlowRun[],
  depth: number,
): TopLevelSpec {
  const x = {
    field: 'layer',
    type: 'quantitative' as const,
    title: 'layer (1 = nearest the input)',
  };
  return facetByInit(
    runs,
    perLayerGradientRows(runs, depth),
    {
      height: 260,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'line', point: { size: 18 } },
          encoding: {
            x,
            y: {
              field: 'value',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'RMS of dL/dh (log)',
            },
            color: ACTIVATION_COLOR,
          },
        },
        {
          transform: [{ filter: "datum.kind === 'measured'" }],
          mark: { type: 'area', opacity: 0.15 },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative', scale: { type: 'log' } },
            y2: { field: 'hi' },
            color: ACTIVATION_COLOR,
          },
        },
        {
          transform: [{ filter: "datum.kind === 'mean-field'" }],
          mark: { type: 'line', strokeDash: [4, 3], strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', scale: { type: 'log' } },
            color: ACTIVATION_COLOR,
          },
        },
      ],
    },
    {
      resolve: { scale: { y: 'independent' } },
    },
  );
}

/** log10(first/last RMS gradient) against depth: measured (points) and mean-field (dashed lines). */
export function ratioVsDepthSpec(runs: readonly GradientFlowRun[]): TopLevelSpec {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    const m = r.log10Ratio.measured;
    if (Number.isFinite(m.mean))
      rows.push({
        activation: r.activation,
        init: r.init,
        depth: r.depth,
        kind: 'measured',
        value: m.mean,
      });
    if (Number.isFinite(r.log10Ratio.predicted))
      rows.push({
        activation: r.activation,
        init: r.init,
        depth: r.depth,
        kind: 'mean-field',
        value: r.log10Ratio.predicted,
      });
  }
  const x = {
    field: 'depth',
    type: 'quantitative' as const,
    scale: { type: 'log' as const, base: 2 },
    axis: { values: [...new Set(runs.map((r) => r.depth))] },
    title: 'depth L',
  };
  return facetByInit(runs, rows, {
    height: 260,
    layer: [
      {
        transform: [{ filter: "datum.kind === 'mean-field'" }],
        mark: { type: 'line', strokeDash: [4, 3] },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, color: ACTIVATION_COLOR },
      },
      {
        transform: [{ filter: "datum.kind === 'measured'" }],
        mark: { type: 'point', filled: true, size: 36 },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'log10(RMS grad layer 1 / layer L)' },
          color: ACTIVATION_COLOR,
          tooltip: [{ field: 'activation' }, { field: 'depth' }, { field: 'value', format: '.2f' }],
        },
      },
    ],
  });
}

/** Heatmap of one per-layer statistic (activation × layer), one panel per initialiser. */
export function layerHeatmapSpec(
  runs: readonly GradientFlowRun[],
  depth: number,
  stat: 'saturatedFraction' | 'actMean' | 'actStd',
  title: string,
): TopLevelSpec {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    if (r.depth !== depth) continue;
    r.layers[stat].mean.forEach((v, l) => {
      if (Number.isFinite(v))
        rows.push({ activation: r.activation, init: r.init, layer: l + 1, value: v });
    });
  }
  return facetByInit(runs, rows, {
    height: { step: 16 },
    mark: 'rect',
    encoding: {
      x: { field: 'layer', type: 'ordinal', title: 'layer' },
      y: { field: 'activation', type: 'nominal', title: null },
      color: {
        field: 'value',
        type: 'quantitative',
        title,
        scale:
          stat === 'actMean'
            ? { scheme: 'redblue', domainMid: 0, reverse: true }
            : { scheme: 'viridis' },
      },
      tooltip: [{ field: 'activation' }, { field: 'layer' }, { field: 'value', format: '.3f' }],
    },
  });
}

/** Weight-gradient norms per layer (log scale) at one depth, one panel per initialiser. */
export function weightGradSpec(runs: readonly GradientFlowRun[], depth: number): TopLevelSpec {
  const rows: Record<string, string | number>[] = [];
  for (const r of runs) {
    if (r.depth !== depth) continue;
    r.layers.weightGradNorm.mean.forEach((v, l) => {
      if (finitePositive(v))
        rows.push({ activation: r.activation, init: r.init, layer: l + 1, value: v });
    });
  }
  return facetByInit(
    runs,
    rows,
    {
      height: 220,
      mark: { type: 'line', point: { size: 14 } },
      encoding: {
        x: { field: 'layer', type: 'quantitative', title: 'layer' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: '‖dL/dW‖ (log)' },
        color: ACTIVATION_COLOR,
      },
    },
    {
      resolve: { scale: { y: 'independent' } },
    },
  );
}
