/** Report sections of the `training` (through depth) and `dying` (dying ReLU) experiments. */
import type { TopLevelSpec } from 'vega-lite';
import type { DyingRun } from '../dying.js';
import { LEARNED_ACCURACY, type TrainingRun } from '../training.js';
import { fmt } from './gradient-flow-section.js';
import type { Section, Table } from './model.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

function label(r: TrainingRun): string {
  return r.variant === 'plain' ? `${r.activation}` : `${r.activation} + ${r.variant}`;
}

function curvesSpec(
  runs: readonly TrainingRun[],
  field: 'loss' | 'accuracy',
  facet: 'depth' | 'config',
): TopLevelSpec {
  const rows = runs.flatMap((r) =>
    r.curve.step.map((s, k) => ({
      step: s,
      value: r.curve[field][k] as number,
      series: facet === 'depth' ? r.activation : r.variant,
      panel: facet === 'depth' ? `depth ${r.depth}` : `${r.activation}, depth ${r.depth}`,
    })),
  );
  return {
    $schema: SCHEMA,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null },
    columns: 3,
    spec: {
      width: 220,
      height: 180,
      mark: { type: 'line' },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'training step' },
        y: {
          field: 'value',
          type: 'quantitative',
          title: field === 'loss' ? 'cross-entropy (train)' : 'accuracy (train)',
          ...(field === 'accuracy' ? { scale: { domain: [0.4, 1] } } : {}),
        },
        color: {
          field: 'series',
          type: 'nominal',
          title: facet === 'depth' ? 'activation' : 'variant',
          scale: { scheme: 'tableau10' },
        },
      },
    },
  } as TopLevelSpec;
}

function gradNormSpec(runs: readonly TrainingRun[]): TopLevelSpec {
  const rows = runs.flatMap((r) =>
    r.gradNorms.step.flatMap((s, k) =>
      (r.gradNorms.perLayer[k] as number[]).map((v, l) => ({
        step: s,
        layer: l + 1,
        value: v > 0 ? Math.log10(v) : -12,
        panel: label(r),
      })),
    ),
  );
  return {
    $schema: SCHEMA,
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null },
    columns: 4,
    spec: {
      width: 170,
      height: 150,
      mark: 'rect',
      encoding: {
        x: { field: 'step', type: 'ordinal', title: 'step', axis: { labelOverlap: true } },
        y: {
          field: 'layer',
          type: 'ordinal',
          title: 'layer',
          sort: 'descending',
          axis: { labelOverlap: true },
        },
        color: {
          field: 'value',
          type: 'quantitative',
          title: 'log10 ‖dL/dW‖',
          scale: { scheme: 'viridis', domain: [-10, 0], clamp: true },
        },
      },
    },
  } as TopLevelSpec;
}

/** One row per run: final accuracies and the first/last weight-gradient ratio at step 1. */
function finalAccuracyTable(runs: readonly TrainingRun[]): Table {
  return {
    caption: 'Final accuracy per configuration',
    columns: [
      'activation',
      'variant',
      'init',
      'depth',
      'train acc',
      'held-out acc',
      'learned',
      '‖dW_1‖/‖dW_L‖ at step 1',
    ],
    rows: runs.map((r) => {
      const g = r.gradNorms.perLayer[0] ?? [];
      const ratio = (g[0] ?? 0) / (g[g.length - 1] ?? 1);
      return [
        r.activation,
        r.variant,
        r.init,
        r.depth,
        fmt(r.finalTrainAccuracy),
        fmt(r.finalTestAccuracy),
        r.learned ? 'yes' : 'no',
        ratio > 0 ? ratio.toExponential(1) : '0',
      ];
    }),
  };
}

/** The `training` section: training through depth and the remedies. */
export function trainingSection(runs: readonly TrainingRun[], dataset: string): Section {
  const plain = runs.filter((r) => r.variant === 'plain');
  const failing = plain.filter((r) => !r.learned);
  const remedies = runs.filter((r) =>
    failing.some((f) => f.activation === r.activation && f.depth === r.depth),
  );
  const r0 = runs[0];
  const deepest = Math.max(...plain.map((r) => r.depth));
  return {
    id: 'training',
    title: '4. Training through depth',
    paragraphs: [
      r0
        ? `Task: ${dataset} (300 training points, 300 held out). Network: 2 → ${r0.width} × depth → 2 (Linear then activation), trainer's mlp with the \`standard\` initialisation U[−1/√n, 1/√n] (PyTorch's Linear default), Adam lr ${r0.lr}, ${r0.steps} steps of batch ${r0.batch}, seed ${r0.seed}. "Learned" means training accuracy ≥ ${LEARNED_ACCURACY}.`
        : 'No runs.',
      `Failing plain configurations: ${failing.length === 0 ? 'none' : failing.map((f) => `${f.activation} at depth ${f.depth}`).join(', ')}. Each was re-run with each remedy: He initialisation (σ_w² = 2), residual blocks y = x + f(x) (the identity path carries the gradient past every block), and LayerNorm before each activation (re-normalises the forward signal at every layer). The table shows what each remedy actually did.`,
      'The gradient-norm maps show ‖∂L/∂W_l‖ per layer over training: for a vanishing configuration the lower layers (bottom rows) stay dark — their weights barely receive any gradient.',
    ],
    charts: [
      {
        id: 'training-loss',
        caption: 'Training loss of the plain networks, per depth.',
        spec: curvesSpec(plain, 'loss', 'depth'),
      },
      ...(remedies.length > 0
        ? [
            {
              id: 'training-remedies',
              caption: 'Training accuracy of the failing configurations and their remedies.',
              spec: curvesSpec(remedies, 'accuracy', 'config'),
            },
          ]
        : []),
      {
        id: 'training-grad-norms',
        caption: `Per-layer weight-gradient norms over training at depth ${deepest} (layer 1 at the bottom).`,
        spec: gradNormSpec(runs.filter((r) => r.depth === deepest)),
      },
    ],
    tables: [finalAccuracyTable(runs)],
  };
}

/** Dead fraction over training, one line per run. */
function deadFractionSpec(runs: readonly DyingRun[]): TopLevelSpec {
  const rows = runs.flatMap((r) =>
    r.step.map((s, k) => ({
      step: s,
      dead: r.deadFraction[k] as number,
      near: r.nearDeadFraction[k] as number,
      series: `${r.activation} (${r.optimizer} lr ${r.lr})`,
    })),
  );
  return {
    $schema: SCHEMA,
    data: { values: rows },
    width: 520,
    height: 220,
    mark: { type: 'line', point: { size: 12 } },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'training step' },
      y: {
        field: 'dead',
        type: 'quantitative',
        title: 'dead fraction',
        scale: { domain: [0, 1] },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { scheme: 'tableau10' },
        legend: { labelLimit: 400 },
      },
    },
  } as TopLevelSpec;
}

/** One row per run: dead units at the start and the end, and the final training accuracy. */
function deadUnitsTable(runs: readonly DyingRun[]): Table {
  return {
    caption: 'Dead units at the end of training',
    columns: [
      'activation',
      'optimizer',
      'lr',
      'dead at start',
      'dead at end',
      'near-dead at end',
      'train acc',
    ],
    rows: runs.map((r) => [
      r.activation,
      r.optimizer,
      r.lr,
      fmt(r.deadFraction[0] as number),
      fmt(r.deadFraction[r.deadFraction.length - 1] as number),
      fmt(r.nearDeadFraction[r.nearDeadFraction.length - 1] as number),
      fmt(r.trainAccuracy[r.trainAccuracy.length - 1] as number),
    ]),
  };
}

/** The `dying` section: dead units over training. */
export function dyingSection(runs: readonly DyingRun[]): Section {
  const r0 = runs[0];
  return {
    id: 'dying',
    title: '5. Dying ReLU',
    paragraphs: [
      r0
        ? `A ${r0.depth}-hidden-layer network of width ${r0.width} with He initialisation, trained on the spirals with ${r0.optimizer} at a high learning rate. A unit is dead when φ′(h) = 0 on every training point: for ReLU that means h ≤ 0 everywhere, and since no gradient flows through it, nothing can bring it back. Leaky ReLU (slope 0.01 for h < 0) and ELU (derivative e^h) always pass some gradient, so their units cannot die in this sense; the "near-dead" column counts units whose largest |φ′| is below 1% of the peak.`
        : 'No runs.',
    ],
    charts: [
      {
        id: 'dying-dead-fraction',
        caption: 'Fraction of dead hidden units over training.',
        spec: deadFractionSpec(runs),
      },
    ],
    tables: [deadUnitsTable(runs)],
  };
}
