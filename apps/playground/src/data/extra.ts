/**
 * Moons and checkerboard, from the trainer's generators (`moons`, `checkerboard` of
 * `@gradscope/trainer`, as a user would call them), moved into TensorFlow Playground's frame:
 * moons (x ∈ [−1, 2], y ∈ [−0.5, 1]) scaled by 3 around its centre, the 4 × 4 checkerboard
 * ([0, 4)²) scaled by 3 onto [−6, 6)². `noise` (0–0.5) is the standard deviation of the
 * generators' Gaussian input noise, in their own units.
 */
import type { Rng } from '@gradscope/core';
import { checkerboard as trainerCheckerboard, moons as trainerMoons } from '@gradscope/trainer';
import type { DataTable } from './table.js';

function fromDataset(
  d: ReturnType<typeof trainerMoons>,
  map: (a: number, b: number) => [number, number],
): DataTable {
  const xs = d.x.data;
  const n = d.y.shape[0] as number;
  const x = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [a, b] = map(xs[2 * i] as number, xs[2 * i + 1] as number);
    x[2 * i] = a;
    x[2 * i + 1] = b;
  }
  return {
    kind: 'classification',
    columns: ['X₁', 'X₂'],
    x,
    y: Float64Array.from(d.y.data),
    classes: [...(d.classNames ?? ['0', '1'])],
  };
}

/** scikit-learn's two moons, scaled into [−6, 6]². */
export function moons(n: number, noise: number, rng: Rng): DataTable {
  return fromDataset(trainerMoons({ n, noise, rng }), (a, b) => [3 * (a - 0.5), 3 * (b - 0.25)]);
}

/** A 4 × 4 checkerboard on [−6, 6)² (cells of side 3). */
export function checkerboard(n: number, noise: number, rng: Rng): DataTable {
  return fromDataset(trainerCheckerboard({ n, noise, rng, size: 4 }), (a, b) => [
    3 * a - 6,
    3 * b - 6,
  ]);
}
