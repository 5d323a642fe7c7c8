import { ArgumentError, getKernels, type Tensor, type TypedArray } from '@gradscope/core';
import { buf, checkHyper, Optimizer, type ParamState } from './optimizer.js';
import { checkFlag, checkOptions } from './options.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate (required, >= 0). */
  lr: number;
  /** Momentum coefficient mu in [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /** Dampening of the gradient in the momentum buffer, b <- mu b + (1 - dampening) g, in [0, 1] (default 0). */
  dampening?: number;
  /** Nesterov momentum: step along g + mu b (needs momentum > 0 and dampening 0; default false). */
  nesterov?: boolean;
  /** L2 penalty coefficient wd added to the gradient, g <- g + wd w (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent as `torch.optim.SGD`: g <- g + wd w; with momentum mu,
 * b <- g on the first step, else b <- mu b + (1 - dampening) g; Nesterov uses g + mu b, plain
 * momentum uses b; then w <- w - lr * that.
 */
export class SGD extends Optimizer {
  static override readonly typeName: string = 'SGD';
  /** Momentum coefficient mu in [0, 1); 0 means no momentum buffer. */
  momentum: number;
  /** Dampening in b <- mu b + (1 - dampening) g, in [0, 1]. */
  dampening: number;
  /** Whether the step uses g + mu b (Nesterov) rather than b. */
  nesterov: boolean;
  /** L2 penalty coefficient wd, g <- g + wd w. */
  weightDecay: number;
  constructor(params: Iterable<Tensor>, options: SGDOptions) {
    super(params, checkOptions('SGD', options).lr);
    this.momentum = checkHyper('SGD', 'momentum', options.momentum ?? 0, 0, 1, false);
    this.dampening = checkHyper('SGD', 'dampening', options.dampening ?? 0, 0, 1);
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = checkHyper('SGD', 'weightDecay', options.weightDecay ?? 0, 0);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0))
      throw new ArgumentError('SGD: nesterov needs momentum > 0 and dampening 0');
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      momentum: this.momentum,
      dampening: this.dampening,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    // Checked like the constructor's options, all before any is set.
    const w = 'SGD.loadStateDict';
    const momentum = checkHyper(w, 'momentum', h.momentum, 0, 1, false);
    const dampening = checkHyper(w, 'dampening', h.dampening, 0, 1);
    const nesterov = checkFlag(w, 'nesterov', h.nesterov);
    const weightDecay = checkHyper(w, 'weightDecay', h.weightDecay, 0);
    if (nesterov && (momentum <= 0 || dampening !== 0))
      throw new ArgumentError(`${w}: nesterov needs momentum > 0 and dampening 0`);
    this.momentum = momentum;
    this.dampening = dampening;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  /**
   * Plain SGD (no momentum, no weight decay) runs `w <- w - lr g` in place on the kernels
   * (`axpy`: the same float64 arithmetic, rounded once, as the general path) after every gradient
   * has been checked, so an error still leaves every parameter as it was.
   */
  override step(): void {
    if (this.momentum !== 0 || this.weightDecay !== 0) {
      super.step();
      return;
    }
    const grads = this.params.map((p, i) => this.gradOf(p, i));
    const k = getKernels();
    const lr = this.lr;
    grads.forEach((g, i) => {
      const w = (this.params[i] as Tensor).data;
      if (g !== null) k.axpy(-lr, g.data, w, w);
    });
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, lr: number): void {
    const { momentum: mu, dampening: dmp, weightDecay: wd, nesterov } = this;
    const first = s.momentumBuffer === undefined;
    const b = mu !== 0 ? buf(s, 'momentumBuffer', w.length) : null;
    for (let i = 0; i < w.length; i++) {
      let gi = (g[i] as number) + wd * (w[i] as number);
      if (b !== null) {
        b[i] = first ? gi : mu * (b[i] as number) + (1 - dmp) * gi;
        gi = nesterov ? gi + mu * (b[i] as number) : (b[i] as number);
      }
      w[i] = (w[i] as number) - lr * gi;
    }
  }
}
