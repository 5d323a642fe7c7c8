import { className, type Tensor, type TypedArray } from '@gradscope/core';
import { buf, checkHyper, nextStep, Optimizer, type ParamState } from './optimizer.js';
import { checkOptions } from './options.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Learning-rate decay per step (default 0). */
  lrDecay?: number;
  /** L2 penalty coefficient wd added to the gradient, g <- g + wd w (default 0). */
  weightDecay?: number;
  /** Starting value of the squared-gradient sum (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
}

/**
 * Adagrad (Duchi et al. 2011) as `torch.optim.Adagrad`: g <- g + wd w;
 * clr = lr / (1 + (t - 1) lrDecay); S <- S + g^2; w <- w - clr g / (sqrt(S) + eps).
 */
export class Adagrad extends Optimizer {
  static override readonly typeName: string = 'Adagrad';
  /** Step-size decay: step t uses clr = lr / (1 + (t - 1) lrDecay) (default 0). */
  lrDecay: number;
  /** L2 penalty coefficient wd, g <- g + wd w (default 0). */
  weightDecay: number;
  /** Starting value of each element of the squared-gradient sum S (default 0). */
  initialAccumulatorValue: number;
  /** Added to sqrt(S) in the denominator for stability (default 1e-10). */
  eps: number;
  constructor(params: Iterable<Tensor>, options: AdagradOptions = {}) {
    super(params, checkOptions(className(new.target), options).lr ?? 1e-2);
    this.lrDecay = checkHyper('Adagrad', 'lrDecay', options.lrDecay ?? 0, 0);
    this.weightDecay = checkHyper('Adagrad', 'weightDecay', options.weightDecay ?? 0, 0);
    this.initialAccumulatorValue = checkHyper(
      'Adagrad',
      'initialAccumulatorValue',
      options.initialAccumulatorValue ?? 0,
      0,
    );
    this.eps = checkHyper('Adagrad', 'eps', options.eps ?? 1e-10, 0);
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      lrDecay: this.lrDecay,
      weightDecay: this.weightDecay,
      initialAccumulatorValue: this.initialAccumulatorValue,
      eps: this.eps,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    // Checked like the constructor's options, all before any is set.
    const w = 'Adagrad.loadStateDict';
    const lrDecay = checkHyper(w, 'lrDecay', h.lrDecay, 0);
    const weightDecay = checkHyper(w, 'weightDecay', h.weightDecay, 0);
    const initialAccumulatorValue = checkHyper(
      w,
      'initialAccumulatorValue',
      h.initialAccumulatorValue,
      0,
    );
    const eps = checkHyper(w, 'eps', h.eps, 0);
    this.lrDecay = lrDecay;
    this.weightDecay = weightDecay;
    this.initialAccumulatorValue = initialAccumulatorValue;
    this.eps = eps;
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, lr: number): void {
    const t = nextStep(s);
    const sum = buf(s, 'sum', w.length, this.initialAccumulatorValue);
    const clr = lr / (1 + (t - 1) * this.lrDecay);
    for (let i = 0; i < w.length; i++) {
      const gi = (g[i] as number) + this.weightDecay * (w[i] as number);
      sum[i] = (sum[i] as number) + gi * gi;
      w[i] = (w[i] as number) - (clr * gi) / (Math.sqrt(sum[i] as number) + this.eps);
    }
  }
}
