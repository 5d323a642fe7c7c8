/**
 * Test fixture: a small two-layer MLP built from core ops inside `scope('layer1')`,
 * `scope('layer2')` and `scope('loss')`, with named parameters W1, b1, W2, b2 and a fixed seed.
 * Shared by the export tests; not part of the public API.
 */
import { randn } from '../create.js';
import { scope } from '../grad-mode.js';
import { createRng } from '../rng.js';
import type { Tensor } from '../tensor.js';

/** The tensors of one forward pass of the fixture MLP (3 → 4 → 2, batch of 5). */
export interface Mlp {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly W1: Tensor;
  readonly b1: Tensor;
  readonly W2: Tensor;
  readonly b2: Tensor;
  readonly h: Tensor;
  readonly out: Tensor;
  readonly loss: Tensor;
}

/** Builds the MLP: `h = max(x W1 + b1, 0)`, `out = h W2 + b2`, `loss = mean((out - y)²)`. */
export function buildMlp(seed = 42): Mlp {
  const rng = createRng(seed);
  const x = randn([5, 3], { rng, name: 'x' });
  const y = randn([5, 2], { rng, name: 'y' });
  const param = (shape: number[], name: string) => {
    const p = randn(shape, { rng, name }).mul(0.5).detach().named(name).setRequiresGrad();
    p.isParameter = true;
    return p;
  };
  const W1 = param([3, 4], 'W1');
  const b1 = param([4], 'b1');
  const W2 = param([4, 2], 'W2');
  const b2 = param([2], 'b2');
  const h = scope('layer1', () => x.matmul(W1).add(b1).maximum(0));
  const out = scope('layer2', () => h.matmul(W2).add(b2));
  const loss = scope('loss', () => out.sub(y).square().mean());
  return { x, y, W1, b1, W2, b2, h, out, loss };
}
