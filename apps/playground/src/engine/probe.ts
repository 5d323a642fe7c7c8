/**
 * Per-layer statistics of one forward and backward pass, read through module hooks while the
 * step runs (the model is not changed):
 *
 * - RMS ∂ℓ/∂h for every Linear's output h (the pre-activations; the logits for the last),
 *   over the batch and units, per example: ℓ is one example's loss, so this is the batch's
 *   ∂L/∂h (L the mean loss) times the number of rows, and batches of any size (the whole training
 *   set at initialisation, a mini-batch in training) are on one scale;
 * - ‖∂L/∂W‖ (Frobenius) of every Linear's weight, read after backward;
 * - for every hidden activation, the saturated fraction (entries with |f′(x)| < 0.01, the
 *   trainer's SaturationMonitor threshold) and the dead fraction (units with f′(x) = 0 on every
 *   row of the batch, the DeadUnitMonitor's rule);
 * - the update-to-weight ratio ‖W_after − W_before‖ / ‖W_before‖ of the optimiser step.
 *
 * Every sum runs in float64 over the float32 data in a fixed order, so the numbers are the same
 * in every runtime given the same tensors.
 */
import type { Tensor } from '@gradscope/core';
import type { Activation, Linear } from '@gradscope/trainer';

/** The per-layer numbers of one measured step (arrays first layer to last). */
export interface FlowStats {
  /** Global step the numbers belong to (0: at initialisation, before any update). */
  readonly step: number;
  /** RMS ∂ℓ/∂h per example, per Linear (hidden layers, then the output layer). */
  readonly rmsGradH: readonly number[];
  /** ‖∂L/∂W‖ per Linear. */
  readonly weightGradNorm: readonly number[];
  /** ‖ΔW‖ / ‖W‖ of the step per Linear; empty when no update was made (at initialisation). */
  readonly updateRatio: readonly number[];
  /** Fraction of (row, unit) entries with |f′| < 0.01, per hidden activation. */
  readonly saturated: readonly number[];
  /** Fraction of units with f′ = 0 on every row, per hidden activation. */
  readonly dead: readonly number[];
  /** The loss of the measured batch (with the penalty, as minimised). */
  readonly loss: number;
}

/** Sum of squares in float64, in index order. */
export function sumSquares(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += (d[i] as number) * (d[i] as number);
  return s;
}

/** Threshold below which |f′| counts as saturated (the trainer's SaturationMonitor default). */
export const SATURATION_THRESHOLD = 0.01;

/** Hooks on the layers for one pass; {@link Probe.finish} reads the numbers and removes them. */
export class Probe {
  private readonly rms: number[];
  private readonly saturated: number[];
  private readonly dead: number[];
  private readonly removers: Array<() => void>;
  private before: Array<Float32Array | Float64Array> | null = null;

  constructor(
    private readonly linears: readonly Linear[],
    activations: readonly Activation[],
  ) {
    this.rms = linears.map(() => 0);
    this.saturated = activations.map(() => 0);
    this.dead = activations.map(() => 0);
    this.removers = [
      ...linears.map((layer, i) =>
        layer.registerForwardHook((_m, _x, y: Tensor) => {
          if (!y.requiresGrad) return;
          y.registerHook((g) => {
            const rows = g.shape[0] as number;
            this.rms[i] = rows * Math.sqrt(sumSquares(g.data) / g.data.length);
          });
        }),
      ),
      ...activations.map((act, i) =>
        act.registerForwardHook((m, x: Tensor) => {
          const d = (m as Activation).derivative(x).data;
          const units = x.shape[x.shape.length - 1] as number;
          const alive = new Uint8Array(units);
          let sat = 0;
          for (let k = 0; k < d.length; k++) {
            const a = Math.abs(d[k] as number);
            if (a < SATURATION_THRESHOLD) sat++;
            if (a > 0) alive[k % units] = 1;
          }
          let deadUnits = 0;
          for (let u = 0; u < units; u++) if (alive[u] === 0) deadUnits++;
          this.saturated[i] = d.length === 0 ? 0 : sat / d.length;
          this.dead[i] = deadUnits / units;
        }),
      ),
    ];
  }

  /** Call after backward and before the optimiser step: keeps a copy of the weights. */
  beforeUpdate(): void {
    this.before = this.linears.map((l) => l.weight.data.slice());
  }

  /** Removes the hooks and returns the numbers (update ratios if {@link beforeUpdate} ran). */
  finish(step: number, loss: number): FlowStats {
    for (const r of this.removers) r();
    const weightGradNorm = this.linears.map((l) =>
      l.weight.grad === null ? 0 : Math.sqrt(sumSquares(l.weight.grad.data)),
    );
    return {
      step,
      rmsGradH: this.rms.slice(),
      weightGradNorm,
      updateRatio: [],
      saturated: this.saturated.slice(),
      dead: this.dead.slice(),
      loss,
    };
  }

  /** The update ratios, after the optimiser step (empty if {@link beforeUpdate} did not run). */
  updateRatios(): number[] {
    const before = this.before;
    if (before === null) return [];
    return this.linears.map((l, i) => {
      const b = before[i] as Float32Array | Float64Array;
      const w = l.weight.data;
      let d = 0;
      for (let k = 0; k < b.length; k++) {
        const diff = (w[k] as number) - (b[k] as number);
        d += diff * diff;
      }
      const nb = Math.sqrt(sumSquares(b));
      return nb === 0 ? 0 : Math.sqrt(d) / nb;
    });
  }
}
