import { className, type Tensor, type TypedArray } from '@gradscope/core';
import { buf, checkHyper, nextStep, Optimizer, type ParamState } from './optimizer.js';
import { checkFlag, checkOptions } from './options.js';

/** Options of {@link RMSProp}. */
export interface RMSPropOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Smoothing constant (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty coefficient wd added to the gradient, g <- g + wd w (default 0). */
  weightDecay?: number;
  /** Momentum coefficient mu in [0, 1) (default 0: no momentum buffer). */
  momentum?: number;
  /** Normalise by the estimated variance instead of the second moment (default false). */
  centered?: boolean;
}

/**
 * RMSProp (Hinton 2012) as `torch.optim.RMSprop`: g <- g + wd w; v <- a v + (1 - a) g^2;
 * centered: gAvg <- a gAvg + (1 - a) g, d = sqrt(v - gAvg^2) + eps, else d = sqrt(v) + eps;
 * momentum mu: b <- mu b + g / d, w <- w - lr b; otherwise w <- w - lr g / d.
 */
export class RMSProp extends Optimizer {
  static override readonly typeName: string = 'RMSProp';
  /** Smoothing constant a of the squared-gradient average v, in [0, 1] (default 0.99). */
  alpha: number;
  /** Added to the root in the denominator d for stability (default 1e-8). */
  eps: number;
  /** L2 penalty coefficient wd, g <- g + wd w (default 0). */
  weightDecay: number;
  /** Momentum coefficient mu in [0, 1); 0 (default) updates w <- w - lr g / d directly. */
  momentum: number;
  /** Centered variant: divide by sqrt(v - gAvg^2) instead of sqrt(v) (default false). */
  centered: boolean;
  constructor(params: Iterable<Tensor>, options: RMSPropOptions = {}) {
    super(params, checkOptions(className(new.target), options).lr ?? 1e-2);
    this.alpha = checkHyper('RMSProp', 'alpha', options.alpha ?? 0.99, 0, 1);
    this.eps = checkHyper('RMSProp', 'eps', options.eps ?? 1e-8, 0);
    this.weightDecay = checkHyper('RMSProp', 'weightDecay', options.weightDecay ?? 0, 0);
    this.momentum = checkHyper('RMSProp', 'momentum', options.momentum ?? 0, 0, 1, false);
    this.centered = options.centered ?? false;
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      alpha: this.alpha,
      eps: this.eps,
      weightDecay: this.weightDecay,
      momentum: this.momentum,
      centered: this.centered,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    // Checked like the constructor's options, all before any is set.
    const w = 'RMSProp.loadStateDict';
    const alpha = checkHyper(w, 'alpha', h.alpha, 0, 1);
    const eps = checkHyper(w, 'eps', h.eps, 0);
    const weightDecay = checkHyper(w, 'weightDecay', h.weightDecay, 0);
    const momentum = checkHyper(w, 'momentum', h.momentum, 0, 1, false);
    const centered = checkFlag(w, 'centered', h.centered);
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, lr: number): void {
    const { alpha: a, eps, weightDecay: wd, momentum: mu } = this;
    const v = buf(s, 'squareAvg', w.length);
    const ga = this.centered ? buf(s, 'gradAvg', w.length) : null;
    const b = mu > 0 ? buf(s, 'momentumBuffer', w.length) : null;
    nextStep(s);
    for (let i = 0; i < w.length; i++) {
      const gi = (g[i] as number) + wd * (w[i] as number);
      v[i] = a * (v[i] as number) + (1 - a) * gi * gi;
      let d: number;
      if (ga !== null) {
        ga[i] = a * (ga[i] as number) + (1 - a) * gi;
        d = Math.sqrt((v[i] as number) - (ga[i] as number) ** 2) + eps;
      } else d = Math.sqrt(v[i] as number) + eps;
      if (b !== null) {
        b[i] = mu * (b[i] as number) + gi / d;
        w[i] = (w[i] as number) - lr * (b[i] as number);
      } else w[i] = (w[i] as number) - (lr * gi) / d;
    }
  }
}
