/** The report's opening summary: the seed article's argument, each claim with its measured number. */
import type { CnnFlowRun } from '../cnn-flow-grid.js';
import type { DyingRun } from '../dying.js';
import type { GradientFlowRun } from '../gradient-flow-grid.js';
import type { TrainingRun } from '../training.js';
import { fmt, profileDepth } from './gradient-flow-section.js';
import type { Section } from './model.js';

/** Inputs: whatever the run produced (sections whose experiment did not run are skipped). */
export interface FindingsInput {
  readonly runs: readonly GradientFlowRun[];
  readonly training?: readonly TrainingRun[];
  readonly dying?: readonly DyingRun[];
  readonly cnn?: readonly CnnFlowRun[];
}

/** The deep-CNN sentence: the same story through the convolutions, and the agreement. */
function cnnFinding(runs: readonly CnnFlowRun[]): string {
  const at = (a: string, arch: string, i: string) =>
    runs.find((r) => r.activation === a && r.architecture === arch && r.init === i);
  const e = (r: CnnFlowRun) => `10^${fmt(r.log10Ratio.measured.mean, 1)}`;
  const clauses: string[] = [];
  const sig = at('sigmoid', 'plain', 'standard');
  if (sig)
    clauses.push(
      `sigmoid with Conv2d's default initialisation passes ${e(sig)} of the gradient to the first layer`,
    );
  const relu = at('relu', 'plain', 'heNormal');
  if (relu) clauses.push(`ReLU with He weights ${e(relu)}`);
  const bn = at('sigmoid', 'batchNorm', 'standard');
  if (bn) clauses.push(`sigmoid behind BatchNorm2d ${e(bn)}`);
  const res = at('sigmoid', 'residual', 'standard');
  if (res) clauses.push(`sigmoid in residual blocks ${e(res)}`);
  const g = runs[0];
  if (g === undefined || clauses.length === 0) return '';
  const checked = runs.filter((r) => r.log10Ratio.agrees !== null);
  const agree = checked.filter((r) => r.log10Ratio.agrees).length;
  return `Deep CNN (${g.depth} conv layers, ${g.kernel}×${g.kernel}, ${g.channels} channels): ${clauses.join('; ')}. ${agree} of ${checked.length} measured ratios agree with the mean-field prediction for convolutions (fan-in k²C).`;
}

/** Builds the "What the numbers say" section. */
export function findingsSection(f: FindingsInput): Section {
  const out: string[] = [];
  const d = f.runs.length > 0 ? profileDepth(f.runs) : 0;
  const at = (a: string, i: string) =>
    f.runs.find((r) => r.activation === a && r.init === i && r.depth === d);
  const step = f.runs.find((r) => r.activation === 'step');
  if (step)
    out.push(
      `Step: φ′ = 0 everywhere, so the measured gradient below the output is exactly ${fmt(Math.max(...step.layers.rmsGrad.mean), 0)} in every layer — gradient descent cannot start.`,
    );
  const sx = at('sigmoid', 'xavierNormal');
  const ss = at('sigmoid', 'standard');
  if (sx)
    out.push(
      `Sigmoid (φ′ ≤ 1/4, mean output ≈ ${fmt(sx.layers.actMean.mean[0] as number)}, not zero-centred): at depth ${d} the first layer receives 10^${fmt(sx.log10Ratio.measured.mean, 1)} of the last layer's gradient with Xavier weights${ss ? ` and 10^${fmt(ss.log10Ratio.measured.mean, 1)} with the \`standard\` U[−1/√n, 1/√n]` : ''} (mean-field: 10^${fmt(sx.log10Ratio.predicted, 1)}).`,
    );
  const tx = at('tanh', 'xavierNormal');
  if (tx)
    out.push(
      `tanh (zero-centred, φ′(0) = 1): with Xavier weights the ratio is only 10^${fmt(tx.log10Ratio.measured.mean, 1)} at depth ${d}; it still saturates for large inputs.`,
    );
  const rx = at('relu', 'xavierNormal');
  const rh = at('relu', 'heNormal');
  if (rx && rh)
    out.push(
      `ReLU (φ′ = 1 for h > 0, 0 for h < 0): half the units pass nothing (saturated fraction ${fmt(rx.layers.saturatedFraction.mean[0] as number)}), so Xavier weights lose 10^${fmt(rx.log10Ratio.measured.mean, 1)} over depth ${d}; He weights (σ_w² = 2) compensate exactly: 10^${fmt(rh.log10Ratio.measured.mean, 1)}.`,
    );
  const checked = f.runs.filter((r) => r.log10Ratio.agrees !== null);
  if (checked.length > 0)
    out.push(
      `Theory: ${checked.filter((r) => r.log10Ratio.agrees).length} of ${checked.length} measured ratios agree with the mean-field prediction within max(0.5, 15%) decades.`,
    );
  const t = f.training ?? [];
  const deep = Math.max(0, ...t.map((r) => r.depth));
  const sig = t.find(
    (r) => r.activation === 'sigmoid' && r.variant === 'plain' && r.depth === deep,
  );
  const reluHe = t.find(
    (r) => r.activation === 'relu' && r.variant === 'heNormal' && r.depth === deep,
  );
  if (sig)
    out.push(
      `Training at depth ${deep} on the spirals: sigmoid with the standard initialisation ends at ${fmt(sig.finalTrainAccuracy)} training accuracy (chance is 0.5)${reluHe ? `; ReLU with He initialisation reaches ${fmt(reluHe.finalTrainAccuracy)}` : ''}.`,
    );
  const fixes = t.filter((r) => r.variant !== 'plain' && r.learned);
  if (t.some((r) => r.variant !== 'plain'))
    out.push(
      `Remedies that made a failing configuration learn: ${fixes.length === 0 ? 'none' : fixes.map((r) => `${r.activation}@${r.depth} + ${r.variant}`).join(', ')}.`,
    );
  const dr = (f.dying ?? []).find((r) => r.activation === 'relu');
  if (dr)
    out.push(
      `Dying ReLU: at lr ${dr.lr} the dead fraction goes from ${fmt(dr.deadFraction[0] as number)} to ${fmt(dr.deadFraction[dr.deadFraction.length - 1] as number)}; Leaky ReLU and ELU cannot have dead units.`,
    );
  const cnn = cnnFinding(f.cnn ?? []);
  if (cnn !== '') out.push(cnn);
  return { id: 'findings', title: 'What the numbers say', paragraphs: out };
}
