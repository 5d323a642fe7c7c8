/** Report sections of the `catalogue` and `graph` (the computation graph) experiments. */
import type { TopLevelSpec } from 'vega-lite';
import type { CatalogueEntry } from '../catalogue.js';
import type { GraphFigure } from '../graph-figure.js';
import { fmt } from './gradient-flow-section.js';
import type { Section, Table } from './model.js';

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** Small multiples of f and f′, one panel per activation, in the entries' order. */
function curvesSpec(entries: readonly CatalogueEntry[]): TopLevelSpec {
  const rows = entries.flatMap((e) =>
    e.x.flatMap((x, i) => [
      { name: e.name, x, curve: 'f(x)', y: e.f[i] as number },
      { name: e.name, x, curve: 'f′(x)', y: e.df[i] as number },
    ]),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: rows },
    facet: { field: 'name', type: 'nominal', title: null, sort: entries.map((e) => e.name) },
    columns: 5,
    spec: {
      width: 150,
      height: 110,
      mark: { type: 'line', clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: null, scale: { domain: [-5, 5] } },
        y: { field: 'y', type: 'quantitative', title: null, scale: { domain: [-2, 3] } },
        color: {
          field: 'curve',
          type: 'nominal',
          title: null,
          scale: { range: ['#1f77b4', '#d62728'] },
        },
      },
    },
  } as TopLevelSpec;
}

/** One row per activation: the metadata from @gradscope/activations. */
function metadataTable(entries: readonly CatalogueEntry[]): Table {
  return {
    caption: 'Metadata (from @gradscope/activations)',
    columns: [
      'name',
      'formula',
      'range',
      'monotonic',
      'smoothness',
      'zero-centred',
      'saturates (left/right)',
      'f′(0)',
      'max f′',
      'origin',
    ],
    rows: entries.map((e) => [
      e.name,
      e.formula,
      e.range,
      yes(e.monotonic),
      e.smoothness,
      yes(e.zeroCentred),
      `${yes(e.saturating.left)} / ${yes(e.saturating.right)}`,
      fmt(e.derivativeAtZero, 3),
      fmt(e.maxDerivative, 3),
      e.origin,
    ]),
  };
}

/** The `catalogue` section: small multiples of f and f′ plus the metadata table and notes. */
export function catalogueSection(entries: readonly CatalogueEntry[]): Section {
  return {
    id: 'catalogue',
    title: '6. The catalogue',
    paragraphs: [
      'Every registered elementwise activation, f (blue) and f′ (red, computed by the op’s own backward rule) on [−5, 5]. The seed article’s argument in numbers: step has f′ = 0; sigmoid’s f′ peaks at 1/4 and its output is not zero-centred; tanh is zero-centred with f′(0) = 1 but saturates on both sides; ReLU has f′ = 1 for x > 0 (no saturation there) and 0 for x < 0 (dying units); Leaky ReLU, ELU, SELU, GELU, Swish and Mish keep some gradient on the negative side.',
    ],
    charts: [
      {
        id: 'catalogue-curves',
        caption: 'f and f′ for every activation (y clipped to [−2, 3]).',
        spec: curvesSpec(entries),
      },
    ],
    tables: [
      metadataTable(entries),
      {
        caption: 'Notes',
        columns: ['name', 'note', 'at the kink'],
        rows: entries.map((e) => [e.name, e.note, e.kinkConvention]),
      },
    ],
  };
}

/** The `graph` section: the computation graphs, rendered by Graphviz. */
export function graphSection(figs: readonly GraphFigure[]): Section {
  return {
    id: 'graph',
    title: '7. The graph',
    paragraphs: [
      'The computation graph of a small network after one backward pass on a batch of the spirals, traced from the nodes gradscope’s engine recorded (`traceGraph`), exported with `toDot(graph, { colorBy: "gradient" })` and laid out by Graphviz (`@viz-js/viz`). Each node’s fill encodes log10 of the norm of the gradient that reached it: compare how far the colour fades towards the input for sigmoid with the `standard` initialisation and for ReLU with He initialisation.',
    ],
    figures: figs.map((f, i) => ({
      id: `graph-${i}`,
      caption: `${f.activation} with ${f.init}: ${f.depth} hidden layers of width ${f.width}, ${f.nodes} nodes.`,
      svg: f.svg,
    })),
  };
}
