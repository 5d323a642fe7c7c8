/**
 * TensorFlow Playground's six data sets (its `dataset.ts`: circle, xor, gauss, spiral; plane and
 * multi-gaussian regression), re-implemented from their formulas with gradscope's seeded RNG, so
 * the same seed gives the same points in every runtime. Points live in [−6, 6]²; the positive
 * class of TensorFlow Playground is class 1 here, the negative class 0. `noise` is its 0–0.5.
 */
import type { Rng } from '@gradscope/core';
import { type DataTable, tableOf2D } from './table.js';

const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng.random();

/** Two clusters around (2, 2) (class 1) and (−2, −2) (class 0); variance 0.5 + 7 noise. */
export function gauss(n: number, noise: number, rng: Rng): DataTable {
  const variance = 0.5 + noise * 7;
  const sd = Math.sqrt(variance);
  const pts: Array<[number, number]> = [];
  const ys: number[] = [];
  for (const [c, label] of [
    [2, 1],
    [-2, 0],
  ] as const) {
    for (let i = 0; i < n / 2; i++) {
      pts.push([c + sd * rng.normal(), c + sd * rng.normal()]);
      ys.push(label);
    }
  }
  return tableOf2D('classification', pts, ys, ['negative', 'positive']);
}

/**
 * Two spirals of 1.75 turns out to radius 5: point i of n/2 at r = 5 i/(n/2), angle
 * t = 1.75 · 2π i/(n/2) + Δ (Δ = 0 for class 1, π for class 0), at (r sin t, r cos t) plus
 * U(−1, 1) · noise per coordinate.
 */
export function spiral(n: number, noise: number, rng: Rng): DataTable {
  const half = n / 2;
  const pts: Array<[number, number]> = [];
  const ys: number[] = [];
  for (const [delta, label] of [
    [0, 1],
    [Math.PI, 0],
  ] as const) {
    for (let i = 0; i < half; i++) {
      const r = (i / half) * 5;
      const t = ((1.75 * i) / half) * 2 * Math.PI + delta;
      pts.push([
        r * Math.sin(t) + uniform(rng, -1, 1) * noise,
        r * Math.cos(t) + uniform(rng, -1, 1) * noise,
      ]);
      ys.push(label);
    }
  }
  return tableOf2D('classification', pts, ys, ['negative', 'positive']);
}

/**
 * Half the points at radius U(0, 2.5), half at U(3.5, 5), uniform angle; the label is whether
 * the point moved by U(−5, 5) · noise per coordinate lies within radius 2.5 (class 1).
 */
export function circle(n: number, noise: number, rng: Rng): DataTable {
  const pts: Array<[number, number]> = [];
  const ys: number[] = [];
  for (const [lo, hi] of [
    [0, 2.5],
    [3.5, 5],
  ] as const) {
    for (let i = 0; i < n / 2; i++) {
      const r = uniform(rng, lo, hi);
      const angle = uniform(rng, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const nx = uniform(rng, -5, 5) * noise;
      const ny = uniform(rng, -5, 5) * noise;
      pts.push([x, y]);
      ys.push(Math.hypot(x + nx, y + ny) < 2.5 ? 1 : 0);
    }
  }
  return tableOf2D('classification', pts, ys, ['outside', 'inside']);
}

/**
 * XOR: coordinates U(−5, 5) pushed 0.3 away from the axes; class 1 when the point moved by
 * U(−5, 5) · noise per coordinate has x · y ≥ 0.
 */
export function xor(n: number, noise: number, rng: Rng): DataTable {
  const pts: Array<[number, number]> = [];
  const ys: number[] = [];
  const pad = (v: number) => v + (v > 0 ? 0.3 : -0.3);
  for (let i = 0; i < n; i++) {
    const x = pad(uniform(rng, -5, 5));
    const y = pad(uniform(rng, -5, 5));
    const nx = uniform(rng, -5, 5) * noise;
    const ny = uniform(rng, -5, 5) * noise;
    pts.push([x, y]);
    ys.push((x + nx) * (y + ny) >= 0 ? 1 : 0);
  }
  return tableOf2D('classification', pts, ys, ['different sign', 'same sign']);
}

/** Regression: (x, y) uniform in [−6, 6]², target (x' + y') / 10 with x', y' moved by U(−6, 6) · noise. */
export function plane(n: number, noise: number, rng: Rng): DataTable {
  const pts: Array<[number, number]> = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = uniform(rng, -6, 6);
    const y = uniform(rng, -6, 6);
    const nx = uniform(rng, -6, 6) * noise;
    const ny = uniform(rng, -6, 6) * noise;
    pts.push([x, y]);
    ys.push((x + nx + y + ny) / 10);
  }
  return tableOf2D('regression', pts, ys, []);
}

/** The six signed bumps of multi-gaussian: centre x, centre y, sign. */
const BUMPS: ReadonlyArray<readonly [number, number, number]> = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/** The multi-gaussian target at (x, y): the bump value sign · max(0, 1 − d/2) largest in |·|. */
export function multigaussTarget(x: number, y: number): number {
  let best = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const v = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
    if (Math.abs(v) > Math.abs(best)) best = v;
  }
  return best;
}

/** Regression: (x, y) uniform in [−6, 6]², target {@link multigaussTarget} of the point moved by U(−6, 6) · noise. */
export function multigauss(n: number, noise: number, rng: Rng): DataTable {
  const pts: Array<[number, number]> = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = uniform(rng, -6, 6);
    const y = uniform(rng, -6, 6);
    const nx = uniform(rng, -6, 6) * noise;
    const ny = uniform(rng, -6, 6) * noise;
    pts.push([x, y]);
    ys.push(multigaussTarget(x + nx, y + ny));
  }
  return tableOf2D('regression', pts, ys, []);
}
