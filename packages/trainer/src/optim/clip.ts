import { ArgumentError, borrowGrad, describe, noGrad, Tensor } from '@gradscope/core';

function grads(where: string, params: Iterable<Tensor>): Tensor[] {
  const out: Tensor[] = [];
  for (const p of params) {
    if (p === null || typeof p !== 'object' || !('grad' in p))
      throw new ArgumentError(`${where}: expected tensors, got ${describe(p)}`);
    // Borrowed: clipping rescales in place and keeps nothing (see core's borrowGrad).
    const g = p instanceof Tensor ? borrowGrad(p) : (p as { grad: Tensor | null }).grad;
    if (g !== null) out.push(g);
  }
  return out;
}

/**
 * Rescales gradients in place so that their global L2 norm is at most `maxNorm`, as
 * `torch.nn.utils.clip_grad_norm_`: g <- g * min(1, maxNorm / (norm + 1e-6)). Returns the norm
 * before clipping.
 */
export function clipGradNorm(params: Iterable<Tensor>, maxNorm: number): number {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0))
    throw new ArgumentError(`clipGradNorm: maxNorm must be a number > 0, got ${describe(maxNorm)}`);
  const gs = grads('clipGradNorm', params);
  let sq = 0;
  for (const g of gs) for (const v of g.data) sq += v * v;
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1)
    noGrad(() => {
      for (const g of gs) scale(g, coef);
    });
  return norm;
}

/** Clamps every gradient element into [-clipValue, clipValue] in place (`clip_grad_value_`). */
export function clipGradValue(params: Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0))
    throw new ArgumentError(
      `clipGradValue: clipValue must be a number >= 0, got ${describe(clipValue)}`,
    );
  for (const g of grads('clipGradValue', params)) {
    const d = g.data;
    for (let i = 0; i < d.length; i++)
      d[i] = Math.min(clipValue, Math.max(-clipValue, d[i] as number));
  }
}

function scale(g: Tensor, c: number): void {
  const d = g.data;
  for (let i = 0; i < d.length; i++) d[i] = (d[i] as number) * c;
}
