/**
 * In-place first-order backward (core's `gradWritable`): through a stack of square linear layers
 * with activations between them, the engine lets each activation's fused rule write into the
 * gradient that linear's backward made, and each square linear write its input gradient into the
 * activation's. The gradients must be the bits of the copying path, which an engine observer
 * forces.
 */
import {
  addEngineObserver,
  createRng,
  getKernels,
  type Kernels,
  linear,
  randn,
  setKernels,
  type Tensor,
} from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { relu } from './relu.js';
import { tanh } from './tanh.js';

function grads(
  observe: boolean,
  act: (x: Tensor) => Tensor,
): { values: number[]; inPlace: number } {
  const r = createRng(3);
  const x = randn([4, 8], { rng: r });
  const layers = Array.from({ length: 5 }, () => ({
    w: randn([8, 8], { rng: r, requiresGrad: true }),
    b: randn([8], { rng: r, requiresGrad: true }),
  }));
  let h = x;
  for (const { w, b } of layers) h = act(linear(h, w, b));
  // Counts the linear backward calls that write the input gradient into the incoming one.
  const base = getKernels();
  let inPlace = 0;
  const counting: Kernels = {
    ...base,
    linearBackward(g, xx, ww, gx, gw, gb, m, k, n) {
      if (gx !== null && gx === g) inPlace++;
      base.linearBackward(g, xx, ww, gx, gw, gb, m, k, n);
    },
  };
  const off = observe ? addEngineObserver({ afterBackward: () => undefined }) : () => {};
  setKernels(counting);
  try {
    h.square().sum().backward();
  } finally {
    setKernels(base);
    off();
  }
  const values = layers.flatMap(({ w, b }) => [
    ...Array.from((w.grad as Tensor).data),
    ...Array.from((b.grad as Tensor).data),
  ]);
  return { values, inPlace };
}

describe('in-place backward through square linear layers and activations', () => {
  for (const [name, act] of [
    ['tanh (vjp kernel)', tanh],
    ['relu (fused derivative)', relu],
  ] as const) {
    it(`${name}: same gradients as the copying path`, () => {
      const fast = grads(false, act);
      const copying = grads(true, act);
      // Layers 2..5 (square's rule makes a fresh gradient, which the engine owns); layer 1's
      // input needs none.
      expect(fast.inPlace).toBe(4);
      expect(copying.inPlace).toBe(0);
      expect(fast.values).toEqual(copying.values);
    });
  }
});
