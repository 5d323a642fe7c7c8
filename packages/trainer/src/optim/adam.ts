import { className, getKernels, type Tensor, type TypedArray } from '@gradscope/core';
import { buf, checkHyper, nextStep, Optimizer, type ParamState } from './optimizer.js';
import { checkFlag, checkOptions } from './options.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 1e-2). */
  weightDecay?: number;
  /** Use the maximum of past second moments (Reddi et al. 2018) (default false). */
  amsgrad?: boolean;
}

/**
 * Adam (Kingma & Ba 2015) as `torch.optim.Adam`: g <- g + wd w; m <- b1 m + (1 - b1) g;
 * v <- b2 v + (1 - b2) g^2; w <- w - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps),
 * in PyTorch's order of operations (in float64, rounded once to the parameter's dtype).
 */
export class Adam extends Optimizer {
  static override readonly typeName: string = 'Adam';
  /** Decay rate b1 of the first-moment average m (default 0.9), in [0, 1). */
  beta1: number;
  /** Decay rate b2 of the second-moment average v (default 0.999), in [0, 1). */
  beta2: number;
  /** Added to sqrt(v) / sqrt(1 - b2^t) in the denominator for stability (default 1e-8). */
  eps: number;
  /** Weight-decay coefficient wd: L2 on the gradient for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay: number;
  /** Divide by the running maximum of v instead of v (AMSGrad, default false). */
  amsgrad: boolean;
  /** False: weight decay is an L2 term added to the gradient (Adam); true: w <- w (1 - lr wd) before the update (AdamW). */
  protected readonly decoupled: boolean = false;
  constructor(params: Iterable<Tensor>, options: AdamOptions = {}, defaultWeightDecay = 0) {
    super(params, checkOptions(className(new.target), options).lr ?? 1e-3);
    const name = className(this.constructor);
    const [b1, b2] = options.betas ?? [0.9, 0.999];
    this.beta1 = checkHyper(name, 'betas[0]', b1, 0, 1, false);
    this.beta2 = checkHyper(name, 'betas[1]', b2, 0, 1, false);
    this.eps = checkHyper(name, 'eps', options.eps ?? 1e-8, 0);
    this.weightDecay = checkHyper(
      name,
      'weightDecay',
      options.weightDecay ?? defaultWeightDecay,
      0,
    );
    this.amsgrad = options.amsgrad ?? false;
  }

  protected hyper(): Record<string, number | boolean> {
    return {
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      weightDecay: this.weightDecay,
      amsgrad: this.amsgrad,
    };
  }
  protected setHyper(h: Record<string, number | boolean>): void {
    // Checked like the constructor's options, all before any is set.
    const w = `${className(this.constructor)}.loadStateDict`;
    const beta1 = checkHyper(w, 'beta1', h.beta1, 0, 1, false);
    const beta2 = checkHyper(w, 'beta2', h.beta2, 0, 1, false);
    const eps = checkHyper(w, 'eps', h.eps, 0);
    const weightDecay = checkHyper(w, 'weightDecay', h.weightDecay, 0);
    const amsgrad = checkFlag(w, 'amsgrad', h.amsgrad);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.amsgrad = amsgrad;
  }

  protected update(w: TypedArray, g: TypedArray, s: ParamState, lr: number): void {
    const t = nextStep(s);
    const m = buf(s, 'expAvg', w.length);
    const v = buf(s, 'expAvgSq', w.length);
    const vmax = this.amsgrad ? buf(s, 'maxExpAvgSq', w.length) : null;
    // The backend's Adam loop (core's Kernels.adam): PyTorch's order of operations in float64,
    // w rounded once; the same bits on every backend (WebAssembly runs it two lanes at a time).
    getKernels().adam(w, g, m, v, vmax, {
      lr,
      beta1: this.beta1,
      beta2: this.beta2,
      eps: this.eps,
      weightDecay: this.weightDecay,
      decoupled: this.decoupled,
      step: t,
    });
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019) as `torch.optim.AdamW`: decoupled weight decay
 * w <- w (1 - lr wd) before the Adam update (default wd 1e-2); the gradient is not penalised.
 */
export class AdamW extends Adam {
  static override readonly typeName: string = 'AdamW';
  /** Always true: decay w <- w (1 - lr wd), decoupled from the gradient. */
  protected override readonly decoupled: boolean = true;
  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    super(params, options, 1e-2);
  }
}
