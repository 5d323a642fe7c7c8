/**
 * Loss functions. Each takes predictions and targets and a `reduction`: `'mean'` (default),
 * `'sum'` or `'none'` (elementwise / per-sample). Classification losses take logits and are
 * written in numerically stable forms.
 */
import {
  ArgumentError,
  describe,
  ShapeError,
  sameShape,
  Tensor,
  tensor,
  unknownName,
  where,
} from '@gradscope/core';

/** How per-element losses are combined. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options shared by every loss. */
export interface LossOptions {
  /** `'mean'` (default) averages the per-element losses, `'sum'` adds them, `'none'` returns them unreduced. */
  reduction?: Reduction;
}

/** Class labels: a tensor of integer values or a plain array. */
export type Labels = Tensor | readonly number[];

/** A loss function as `fit` uses it: `(prediction, target) => scalar`. */
export type LossFn = (prediction: Tensor, target: Tensor) => Tensor;

function reduce(where_: string, l: Tensor, r: Reduction | undefined): Tensor {
  const red = r ?? 'mean';
  if (red === 'mean') return l.mean();
  if (red === 'sum') return l.sum();
  if (red === 'none') return l;
  throw new ArgumentError(
    `${where_}: reduction must be 'mean', 'sum' or 'none', got ${describe(red)}`,
  );
}

function sameShapeCheck(where_: string, a: Tensor, b: Tensor): void {
  if (!(a instanceof Tensor) || !(b instanceof Tensor))
    throw new ArgumentError(`${where_}: expected prediction and target tensors`);
  if (!sameShape(a.shape, b.shape))
    throw new ShapeError(
      `${where_}: prediction [${a.shape.join(',')}] and target [${b.shape.join(',')}] must have the same shape`,
    );
}

/** Mean squared error: `(x - y)^2`. */
export function mse(prediction: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  sameShapeCheck('mse', prediction, target);
  return reduce('mse', prediction.sub(target).square(), options.reduction);
}

/** Mean absolute error: `|x - y|` (gradient 0 where x = y). */
export function mae(prediction: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  sameShapeCheck('mae', prediction, target);
  return reduce('mae', prediction.sub(target).abs(), options.reduction);
}

/**
 * Huber loss (PyTorch's `huber_loss`): with d = x - y,
 * `0.5 d^2` if |d| <= delta, else `delta (|d| - 0.5 delta)` (default delta 1).
 */
export function huber(
  prediction: Tensor,
  target: Tensor,
  options: LossOptions & { delta?: number } = {},
): Tensor {
  sameShapeCheck('huber', prediction, target);
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new ArgumentError(`huber: delta must be > 0, got ${delta}`);
  const d = prediction.sub(target);
  const a = d.abs();
  const l = where(a.le(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta));
  return reduce('huber', l, options.reduction);
}

/**
 * Binary cross-entropy from logits x with targets y in [0, 1], in the stable form
 * `max(x, 0) - x y + log(1 + exp(-|x|))` (= `-[y log s(x) + (1 - y) log(1 - s(x))]`).
 */
export function binaryCrossEntropy(
  logits: Tensor,
  target: Tensor,
  options: LossOptions = {},
): Tensor {
  sameShapeCheck('binaryCrossEntropy', logits, target);
  const l = logits.maximum(0).sub(logits.mul(target)).add(logits.abs().neg().exp().log1p());
  return reduce('binaryCrossEntropy', l, options.reduction);
}

function labelIndex(
  where_: string,
  labels: Labels,
  n: number,
  c: number,
  dtype: Tensor['dtype'],
): Tensor {
  const vals: ArrayLike<number> = labels instanceof Tensor ? labels.data : labels;
  const shape = labels instanceof Tensor ? labels.shape : [vals.length];
  if (shape.length !== 1 || vals.length !== n)
    throw new ShapeError(
      `${where_}: expected ${n} integer labels (shape [${n}]), got shape [${shape.join(',')}]`,
    );
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const v = vals[i] as number;
    if (!Number.isInteger(v) || v < 0 || v >= c)
      throw new ArgumentError(
        `${where_}: label ${i} is ${v}; expected an integer in [0, ${c - 1}]`,
      );
    idx[i] = v;
  }
  return tensor(idx, { shape: [n, 1], dtype });
}

function checkLogits(where_: string, x: Tensor): [number, number] {
  if (!(x instanceof Tensor) || x.ndim !== 2)
    throw new ShapeError(
      `${where_}: expected [N, C] scores, got ${x instanceof Tensor ? `shape [${x.shape.join(',')}]` : describe(x)}`,
    );
  return [x.shape[0] as number, x.shape[1] as number];
}

/**
 * Negative log-likelihood of log-probabilities `[N, C]` at integer labels: `-logp[i, y_i]`
 * (feed it `logSoftmax` output).
 */
export function nll(logProbs: Tensor, labels: Labels, options: LossOptions = {}): Tensor {
  const [n, c] = checkLogits('nll', logProbs);
  const idx = labelIndex('nll', labels, n, c, logProbs.dtype);
  return reduce('nll', logProbs.gather(idx, 1).reshape([n]).neg(), options.reduction);
}

/**
 * Cross-entropy from logits `[N, C]` (log-softmax inside, stable via log-sum-exp), as PyTorch's
 * `cross_entropy`. Target: integer labels `[N]`, or class probabilities `[N, C]`. With label
 * smoothing eps the target becomes `(1 - eps) onehot + eps / C`.
 */
export function crossEntropy(
  logits: Tensor,
  target: Labels,
  options: LossOptions & { labelSmoothing?: number } = {},
): Tensor {
  const [n, c] = checkLogits('crossEntropy', logits);
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1))
    throw new ArgumentError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const logp = logits.logSoftmax(1);
  let l: Tensor;
  if (target instanceof Tensor && target.ndim === 2) {
    sameShapeCheck('crossEntropy', logits, target);
    const t = eps > 0 ? target.mul(1 - eps).add(eps / c) : target;
    l = logp.mul(t).sum(1).neg();
  } else {
    const idx = labelIndex('crossEntropy', target, n, c, logits.dtype);
    const picked = logp.gather(idx, 1).reshape([n]).neg();
    l = eps > 0 ? picked.mul(1 - eps).add(logp.mean(1).neg().mul(eps)) : picked;
  }
  return reduce('crossEntropy', l, options.reduction);
}

const LOSSES: Readonly<Record<string, LossFn>> = {
  mse: (p, t) => mse(p, t),
  mae: (p, t) => mae(p, t),
  huber: (p, t) => huber(p, t),
  binaryCrossEntropy: (p, t) => binaryCrossEntropy(p, t),
  crossEntropy: (p, t) => crossEntropy(p, t),
  nll: (p, t) => nll(p, t),
};

/** The loss called `name`, with mean reduction (for `fit({ loss: 'crossEntropy' })`). */
export function getLoss(name: string): LossFn {
  const f = LOSSES[name];
  if (f === undefined) throw unknownName('loss', String(name), Object.keys(LOSSES));
  return f;
}
