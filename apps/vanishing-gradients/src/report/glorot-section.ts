/** Report section of the `glorot` experiment (Glorot & Bengio 2010, Figures 6 and 7). */
import type { TopLevelSpec } from 'vega-lite';
import type { GlorotResult, Histogram } from '../glorot.js';
import { fmt } from './gradient-flow-section.js';
import type { Section } from './model.js';

function histSpec(hs: readonly Histogram[], xTitle: string): TopLevelSpec {
  const rows = hs.flatMap((h) =>
    h.centers.map((c, k) => ({
      init: h.init,
      layer: `layer ${h.layer}`,
      value: c,
      fraction: h.fraction[k] as number,
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows },
    facet: {
      column: {
        field: 'init',
        type: 'nominal',
        title: null,
        sort: [...new Set(hs.map((h) => h.init))],
      },
    },
    spec: {
      width: 330,
      height: 200,
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: { field: 'value', type: 'quantitative', title: xTitle },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of values' },
        color: { field: 'layer', type: 'ordinal', scale: { scheme: 'viridis' }, title: null },
      },
    },
  } as TopLevelSpec;
}

/** The section: two histogram charts and a table of per-layer standard deviations. */
export function glorotSection(r: GlorotResult): Section {
  const inits = [...new Set(r.activations.map((h) => h.init))];
  const std = (hs: readonly Histogram[], init: string, l: number) =>
    hs.find((h) => h.init === init && h.layer === l)?.std ?? Number.NaN;
  const rows = inits.flatMap((i) => [
    [
      i,
      'activation tanh(h)',
      ...Array.from({ length: r.depth }, (_, l) => fmt(std(r.activations, i, l + 1), 3)),
    ],
    [
      i,
      'gradient ∂L/∂h',
      ...Array.from({ length: r.depth }, (_, l) => fmt(std(r.gradients, i, l + 1), 4)),
    ],
  ]);
  return {
    id: 'glorot',
    title: '3. Glorot & Bengio (2010), Figures 6 and 7',
    paragraphs: [
      `A ${r.depth}-hidden-layer tanh network, width ${r.width}, batch ${r.batch}, seeds ${r.seeds.join(', ')}, at initialisation. With the "standard" heuristic U[−1/√n, 1/√n] the weights have σ_w² = 1/3: the activations shrink layer after layer (the histograms of higher layers peak at 0) and the back-propagated gradients get smaller towards the input. The normalised (Xavier) initialisation keeps both distributions much closer across layers — the paper's Figures 6 and 7.`,
    ],
    charts: [
      {
        id: 'glorot-fig6',
        caption:
          'Figure 6: activation values tanh(h_l) per layer, standard vs normalised initialisation.',
        spec: histSpec(r.activations, 'activation value'),
      },
      {
        id: 'glorot-fig7',
        caption: 'Figure 7: back-propagated gradients ∂L/∂h_l per layer (shared axis).',
        spec: histSpec(r.gradients, 'gradient value'),
      },
    ],
    tables: [
      {
        caption: 'Standard deviation per layer (layer 1 nearest the input)',
        columns: [
          'init',
          'quantity',
          ...Array.from({ length: r.depth }, (_, l) => `layer ${l + 1}`),
        ],
        rows,
      },
    ],
  };
}
