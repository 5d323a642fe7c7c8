/** The identity: the linear "activation" of output layers and the baseline of every comparison. */
import type { Tensor, TensorLike } from '@gradscope/core';
import { defineElementwiseOp } from './elementwise.js';
import { range } from './meta.js';
import { opDocs } from './op-docs.generated.js';
import { registerActivation } from './registry.js';

const identityOp = defineElementwiseOp({
  name: 'identity',
  doc: opDocs.identity,
  value: (x) => x,
  rule: (g) => g,
});

/** identity(x) = x; derivative 1 (a node of its own, so graph exports show it). */
export function identity(x: TensorLike): Tensor {
  return identityOp([x]);
}

registerActivation({
  name: 'identity',
  op: 'identity',
  apply: (x) => identity(x),
  meta: {
    displayName: 'Identity (linear)',
    formula: { text: 'identity(x) = x', latex: 'x' },
    params: [],
    range: range(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, false, false),
    monotonic: true,
    smoothness: 'C-infinity',
    zeroCentred: true,
    saturating: { left: false, right: false },
    derivativeAtZero: 1,
    maxDerivative: 1,
    kinkConvention: 'none: smooth everywhere',
    origin: { paper: 'linear units (Widrow & Hoff, ADALINE, 1960)', year: 1960 },
    note: 'No nonlinearity: gradients pass unchanged, but a stack of linear layers collapses to one linear map, which is why activations exist at all.',
    elementwise: true,
  },
});
