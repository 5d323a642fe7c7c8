/** Report section of the `cnn` experiment: gradient flow through a deep CNN beside the theory. */
import type { CnnArchitecture } from '../cnn-flow.js';
import type { PaddingControl } from '../cnn-flow-experiment.js';
import type { CnnFlowRun } from '../cnn-flow-grid.js';
import {
  cnnPerLayerSpec,
  cnnRatioSpec,
  cnnWeightGradSpec,
  variantName,
} from './cnn-flow-charts.js';
import { fmt } from './gradient-flow-section.js';
import type { Section, Table } from './model.js';

function yesNo(v: boolean | null): string {
  return v === null ? 'n/a' : v ? 'yes' : 'NO';
}

/** One row per (activation, variant): the first/last ratio measured and predicted. */
export function cnnRatioTable(runs: readonly CnnFlowRun[]): Table {
  return {
    caption:
      'log10(RMS dL/dh at layer 1 / at layer L): measured over the whole image (mean ± std over seeds) and over the interior; mean-field with the zero padding resolved (BatchNorm2d: without border), and the dense recursion with fan-in k²C (no border); per layer: the largest deviation of log10(RMS_l / RMS_L) from the prediction',
    columns: [
      'activation',
      'variant',
      'σ_w²',
      'measured',
      '± std',
      'interior',
      'mean-field',
      'interior (mf)',
      'no border (mf)',
      'agrees',
      'per layer: max dev',
      'all layers agree',
    ],
    rows: runs.map((r) => [
      r.activation,
      variantName(r),
      fmt(r.sigmaW2, 3),
      fmt(r.log10Ratio.measured.mean),
      fmt(r.log10Ratio.measured.std),
      fmt(r.log10RatioInterior.measured.mean),
      fmt(r.log10Ratio.predicted),
      fmt(r.log10RatioInterior.predicted),
      fmt(r.log10RatioDense.predicted),
      yesNo(r.log10Ratio.agrees),
      fmt(r.perLayer.maxDeviation),
      yesNo(r.perLayer.agrees),
    ]),
  };
}

/** The forward pass at the last layer: RMS of h_L measured against √q_L predicted. */
export function cnnForwardTable(runs: readonly CnnFlowRun[]): Table {
  return {
    caption:
      'RMS of h at the first and last layer (residual: of the stream x): measured (mean over seeds) and mean-field √q, with the zero padding resolved and without border',
    columns: [
      'activation',
      'variant',
      'layer 1',
      'mf',
      'layer L',
      'mf (zero padding)',
      'mf (no border)',
    ],
    rows: runs.map((r) => {
      const L = r.depth - 1;
      const b = r.layers.borderQ;
      return [
        r.activation,
        variantName(r),
        fmt(r.layers.preActRms.mean[0] as number, 3),
        fmt(Math.sqrt((b ?? r.layers.predictedQ)[0] as number), 3),
        fmt(r.layers.preActRms.mean[L] as number, 3),
        b === null ? '—' : fmt(Math.sqrt(b[L] as number), 3),
        fmt(Math.sqrt(r.layers.predictedQ[L] as number), 3),
      ];
    }),
  };
}

/** The run of `activation` with this architecture and initialiser, if measured. */
export function findCnnRun(
  runs: readonly CnnFlowRun[],
  activation: string,
  architecture: CnnArchitecture,
  init: string,
): CnnFlowRun | undefined {
  return runs.find(
    (r) => r.activation === activation && r.architecture === architecture && r.init === init,
  );
}

/** The paragraph on the border: what the padding costs, measured and predicted. */
function borderParagraph(runs: readonly CnnFlowRun[], control: PaddingControl | null): string {
  const r =
    findCnnRun(runs, 'sigmoid', 'plain', 'standard') ??
    runs.find((x) => x.architecture === 'plain');
  const g = runs[0];
  if (g === undefined) return '';
  const inner = g.size - 2 * g.margin;
  const parts = [
    `The border. With 'same' zero padding an output on the edge of the image sees ${g.kernel * (g.kernel - (g.kernel - 1) / 2)} of the ${g.kernel ** 2} taps and a corner ${((g.kernel + 1) / 2) ** 2}, so its E[h²] is smaller; the deficit moves inward by ${(g.kernel - 1) / 2} pixel per layer, forward and backward, so after ${g.depth} layers on a ${g.size} × ${g.size} image no position is untouched. Rather than hide it, the experiment runs the same recursion position by position with E[x²] = 0 on the padding (the dashed lines; exact within the theory, and equal to the dense recursion on a periodic image, which the tests check), and also measures the RMS over the central ${inner} × ${inner} interior.`,
  ];
  if (r !== undefined)
    parts.push(
      `For ${r.activation} (${variantName(r)}) the whole image's ratio is ${fmt(r.log10Ratio.measured.mean)} decades (zero-padding theory ${fmt(r.log10Ratio.predicted)}), the interior's ${fmt(r.log10RatioInterior.measured.mean)} (theory ${fmt(r.log10RatioInterior.predicted)}), and the dense recursion, which knows no border, says ${fmt(r.log10RatioDense.predicted)}: the padding costs about ${fmt(Math.abs(r.log10Ratio.measured.mean - r.log10RatioDense.predicted))} decades over ${r.depth} layers here.`,
    );
  parts.push(
    'BatchNorm2d mixes every position into its channel statistics, so its prediction is the dense one only.',
  );
  const bn = findCnnRun(runs, 'sigmoid', 'batchNorm', 'standard');
  if (bn && control)
    parts.push(
      `There the padding matters most for sigmoid: measured ${fmt(bn.log10Ratio.measured.mean)} against ${fmt(bn.log10Ratio.predicted)} predicted. The padding's zeros sit ½ below sigmoid's mean, so border outputs are offset from the rest of their channel and inflate the variance BatchNorm divides by. The control: sigmoid − ½ has the same derivative and the same prediction, and BatchNorm removes the shift everywhere except at the padding; it measures ${fmt(control.log10Ratio.mean)} (interior ${fmt(control.log10RatioInterior.mean)}). Another face of sigmoid not being zero-centred.`,
    );
  return parts.join(' ');
}

/** The paragraph on weight gradients: when ‖∂L/∂W‖ hides a vanishing δ. */
function weightParagraph(runs: readonly CnnFlowRun[]): string {
  const rs = findCnnRun(runs, 'relu', 'plain', 'standard');
  const rh = findCnnRun(runs, 'relu', 'plain', 'heNormal');
  const sg = findCnnRun(runs, 'sigmoid', 'plain', 'standard');
  if (!rs || !rh) return '';
  const w = (r: CnnFlowRun) => r.layers.weightGradNorm.mean;
  const spreadOf = (v: number[]) => Math.log10(Math.max(...v) / Math.min(...v));
  const sig = sg
    ? ` Sigmoid's outputs do not shrink (their mean is ½), so its weight gradients vanish layer by layer with δ: ${fmt(spreadOf(w(sg)), 1)} decades between its first and last layer.`
    : '';
  return `Weight gradients tell the same story differently. ‖∂L/∂W_l‖ is the product of the gradient δ_l and the layer's input x_{l−1}; with ReLU and the default weights the forward signal shrinks as fast as δ grows, so ‖∂L/∂W_l‖ is nearly the same in every layer (within ${fmt(spreadOf(w(rs)), 1)} decades) but 10^${fmt(Math.log10((w(rh)[0] as number) / (w(rs)[0] as number)), 1)} times smaller than with He weights: the whole network's output has collapsed.${sig}`;
}

/** The paragraph quoting the headline numbers: vanishing, He, BatchNorm, residual. */
function headlineParagraph(runs: readonly CnnFlowRun[]): string {
  const parts: string[] = [];
  const sig = findCnnRun(runs, 'sigmoid', 'plain', 'standard');
  if (sig)
    parts.push(
      `With Conv2d's default initialisation (σ_w² = 1/3) sigmoid's gradient at the first layer is 10^${fmt(sig.log10Ratio.measured.mean, 1)} of the last's (mean-field 10^${fmt(sig.log10Ratio.predicted, 1)}).`,
    );
  const relu = findCnnRun(runs, 'relu', 'plain', 'heNormal');
  if (relu) {
    const g = relu.layers.rmsGrad.mean;
    parts.push(
      `ReLU with He weights keeps it within ${fmt(Math.max(...g) / Math.min(...g), 1)}× across all ${relu.depth} layers (ratio 10^${fmt(relu.log10Ratio.measured.mean, 2)}).`,
    );
  }
  const bn = findCnnRun(runs, 'sigmoid', 'batchNorm', 'standard');
  const res = findCnnRun(runs, 'sigmoid', 'residual', 'standard');
  if (bn || res)
    parts.push(
      `Sigmoid itself, with the same default weights, keeps its gradient${bn ? ` behind BatchNorm2d (10^${fmt(bn.log10Ratio.measured.mean, 2)})` : ''}${bn && res ? ' and' : ''}${res ? ` in residual blocks (10^${fmt(res.log10Ratio.measured.mean, 2)})` : ''}.`,
    );
  return parts.join(' ');
}

/** Which configurations vary most from seed to seed, and why that is expected. */
function spreadSentence(runs: readonly CnnFlowRun[]): string {
  const wide = runs
    .filter((r) => Number.isFinite(r.log10Ratio.measured.std) && r.log10Ratio.measured.std > 0.1)
    .sort((a, b) => b.log10Ratio.measured.std - a.log10Ratio.measured.std)
    .slice(0, 3);
  if (wide.length === 0) return 'Every configuration varies by less than 0.1 decades across seeds.';
  return `The seeds disagree most for ${wide.map((r) => `${r.activation} (${variantName(r)}, std ${fmt(r.log10Ratio.measured.std)})`).join(', ')}: with ${wide[0]?.channels} channels each layer's gain is itself random, and where χ depends on q a forward variance that drifts differently per seed changes every later factor; the mean-field limit averages that away.`;
}

/**
 * The plain run whose last-layer RMS of h is furthest (in log) from the zero-padding theory's
 * √q_L, among those the theory does not send to 0: the forward table's largest miss.
 */
function forwardSentence(runs: readonly CnnFlowRun[]): string {
  let worst: { r: CnnFlowRun; dev: number; pred: number } | null = null;
  for (const r of runs) {
    const q = r.layers.borderQ;
    if (r.architecture !== 'plain' || q === null) continue;
    const pred = Math.sqrt(q[r.depth - 1] as number);
    const meas = r.layers.preActRms.mean[r.depth - 1] as number;
    if (!(pred > 1e-3) || !(meas > 0)) continue;
    const dev = Math.abs(Math.log10(meas / pred));
    if (worst === null || dev > worst.dev) worst = { r, dev, pred };
  }
  if (worst === null) return '';
  const { r, pred } = worst;
  const L = r.depth - 1;
  const p = r.layers.preActRms;
  return `The forward table is where the theory is only an average: the largest miss is ${r.activation} (${variantName(r)}), RMS of h_${r.depth} ${fmt(p.mean[L] as number, 2)} (seeds ${fmt(p.min[L] as number, 2)}–${fmt(p.max[L] as number, 2)}) against √q = ${fmt(pred, 2)}. With ${r.channels} channels each layer's gain is random, and a product of random gains has the predicted mean but a lower typical value (a finite-width effect, as Hanin & Rolnick 2018 show for ReLU networks), while the gradient ratios, which compare layers of the same network, stay close to the theory.`;
}

/** Section "8. Gradient flow through a deep CNN". */
export function cnnFlowSection(
  runs: readonly CnnFlowRun[],
  control: PaddingControl | null = null,
): Section {
  const g = runs[0];
  const setup = g
    ? `Setup: ${g.depth} layers of \`Conv2d(${g.channels}, ${g.channels}, ${g.kernel}, { padding: 'same', bias: false })\` from @gradscope/trainer on a batch [${g.batch}, ${g.channels}, ${g.size}, ${g.size}] of N(0, 1) inputs, loss L = Σ x_L ⊙ G with G ~ N(0, 1), seeds ${g.seeds.join(', ')}. Variants: plain (h_l = conv_l(x_{l−1}), x_l = φ(h_l)) with Conv2d's default initialisation (\`standard\`, PyTorch's U[−1/√(k²C), 1/√(k²C)]) and with He's; conv → BatchNorm2d (training mode, batch statistics) → φ; and residual blocks x_l = x_{l−1} + conv_l(φ(x_{l−1})) (the trainer's \`Residual\`), both with the default initialisation. Measured per layer: the RMS of ∂L/∂h_l (h_l: what enters the next activation; in a residual block the branch output, whose gradient is the stream's) and ‖∂L/∂W_l‖ of each convolution.`
    : 'No runs.';
  const checked = runs.filter((r) => r.log10Ratio.agrees !== null);
  const agree = checked.filter((r) => r.log10Ratio.agrees).length;
  const perLayer = checked.filter((r) => r.perLayer.agrees).length;
  const dense = checked.filter((r) => r.log10RatioDense.agrees).length;
  return {
    id: 'cnn',
    title: '8. Gradient flow through a deep CNN',
    paragraphs: [
      setup,
      "The theory is the fully connected one with fan-in k²C. An output of a k × k convolution over C channels, h(p) = Σ_{c,t} W[c,t] x_c(p + t), is a sum of k²C products of i.i.d. weights with inputs, like a dense unit with k²C inputs; averaged over the weights the cross terms vanish, so q_l = σ_w² E[φ(√q_{l−1} z)²] and χ_l = σ_w² E[φ′(√q_l z)²] hold with σ_w² = k²C · Var(W) (He: Var(W) = 2 / (k²C), σ_w² = 2; the default: σ_w² = 1/3). Backward, each input position feeds k²C outputs through i.i.d. weights, so the same χ multiplies the mean square gradient. BatchNorm2d fixes q_l = 1 and divides the gradient by each channel's standard deviation, so χ = E[φ′(z)²] / Var(φ(z)) whatever the initialisation (ReLU: π / (π − 1) ≈ 1.47, a mild growth towards the input; Yang et al. 2019). A residual block multiplies it by 1 + σ_w² E[φ′(√q z)²] ≥ 1: the identity path alone carries the gradient through.",
      headlineParagraph(runs),
      borderParagraph(runs, control),
      weightParagraph(runs),
      "Why this made deep CNNs trainable, in the seed article's terms: the sigmoid's derivative is at most 1/4, so every layer multiplies the gradient by at most σ_w²/16 in mean square, and with the default weights the first layers of a 16-layer network receive almost nothing. ReLU's derivative is exactly 1 on its positive side, so it loses only the half of the units that are off, and He's σ_w² = 2 gives that factor 2 back: χ = 2 · ½ = 1 at every depth and for every input variance (AlexNet's ReLUs in 2012, He et al.'s initialisation in 2015). BatchNorm (2015) then removed the dependence on the initialisation, and residual connections (2016) gave the gradient a path with no factor at all, which is how networks of hundreds of layers train.",
      `Agreement rule, the fully connected one: |measured − predicted| ≤ max(0.5, 0.15 |predicted|) decades. ${agree} of ${checked.length} configurations agree on the first/last ratio and ${perLayer} of ${checked.length} at every layer (against the dense recursion without border: ${dense} of ${checked.length}). ${spreadSentence(runs)}`,
      forwardSentence(runs),
    ].filter((p) => p.length > 0),
    charts: [
      {
        id: 'cnn-per-layer-rms-grad',
        caption:
          'RMS of ∂L/∂h per conv layer (solid: measured mean, band: min–max over seeds; dashed: mean-field with the zero padding; dotted: the dense recursion, no border).',
        spec: cnnPerLayerSpec(runs),
      },
      {
        id: 'cnn-weight-grad-norm',
        caption: 'Weight-gradient norm ‖∂L/∂W_l‖ of each convolution.',
        spec: cnnWeightGradSpec(runs),
      },
      {
        id: 'cnn-ratio',
        caption:
          'log10 first/last RMS-gradient ratio per activation and variant (filled: measured mean, rule: min–max over seeds; hollow diamond: the mean-field prediction it is checked against).',
        spec: cnnRatioSpec(runs),
      },
    ],
    tables: [cnnRatioTable(runs), cnnForwardTable(runs)],
  };
}
