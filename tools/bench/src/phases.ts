/**
 * Where one gradscope training step spends its time, phase by phase: the forward pass (ops run
 * and the graph recorded, loss included), `backward()`, the optimiser's update, `zeroGrad()` and
 * reading the loss. Runtime-neutral: the browser page and `profile-phases.ts` (Node) run the same
 * code on the same MLP as the bench's `mlp` cases, so the two runtimes can be compared phase by
 * phase.
 */

import type { MlpConfig } from './data.js';
import { buildMlp } from './peers/gradscope.js';

export interface PhaseTimes {
  /** Steps timed. */
  readonly steps: number;
  /** Total ms over the steps. */
  readonly total: number;
  /** Total ms over the steps, by phase. */
  readonly phases: Readonly<Record<string, number>>;
}

export const PHASES = ['forward', 'backward', 'optimizer step', 'zeroGrad', 'loss.item()'] as const;

/**
 * Runs `warmup` untimed steps, then `steps` steps with a clock read between phases. Uses the
 * kernels active at the call (`setKernels` first).
 */
export function timePhases(cfg: MlpConfig, steps: number, warmup = 200): PhaseTimes {
  const { forward, optimizer } = buildMlp(cfg);
  const acc = new Float64Array(PHASES.length);
  let total = 0;
  for (let s = -warmup; s < steps; s++) {
    const t0 = performance.now();
    const loss = forward();
    const t1 = performance.now();
    loss.backward();
    const t2 = performance.now();
    optimizer.step();
    const t3 = performance.now();
    optimizer.zeroGrad();
    const t4 = performance.now();
    loss.item();
    const t5 = performance.now();
    if (s < 0) continue;
    const marks = [t0, t1, t2, t3, t4, t5];
    for (let p = 0; p < PHASES.length; p++)
      acc[p] = (acc[p] as number) + (marks[p + 1] as number) - (marks[p] as number);
    total += t5 - t0;
  }
  const phases: Record<string, number> = {};
  PHASES.forEach((p, i) => {
    phases[p] = acc[i] as number;
  });
  return { steps, total, phases };
}
