/**
 * Synthetic datasets that need a non-linear model: two spirals, moons, circles, XOR,
 * checkerboard (classification; labels are class ids in a `[n]` float32 tensor) and a noisy
 * sine (regression; targets `[n, 1]`). All draw from a seeded generator.
 */
import { ArgumentError, createRng, describe, type Rng, tensor } from '@gradscope/core';
import { Dataset } from './dataset.js';

/** Options shared by the generators. */
export interface SyntheticOptions {
  /** Number of samples (default 200; split evenly between classes). */
  n?: number;
  /** Standard deviation of Gaussian noise added to inputs (default varies). */
  noise?: number;
  /** Generator for the point positions and the noise (default `createRng(seed ?? 0)`). */
  rng?: Rng;
  /** Seed used when no rng is given (default 0). */
  seed?: number;
}

function setup(
  where: string,
  o: SyntheticOptions,
  noise: number,
): { n: number; noise: number; rng: Rng } {
  if (o === null || typeof o !== 'object')
    throw new ArgumentError(`${where}: expected an options object, got ${describe(o)}`);
  const n = o.n ?? 200;
  if (!Number.isInteger(n) || n < 2)
    throw new ArgumentError(`${where}: n must be an integer >= 2, got ${describe(n)}`);
  const s = o.noise ?? noise;
  if (typeof s !== 'number' || !(s >= 0))
    throw new ArgumentError(`${where}: noise must be >= 0, got ${describe(s)}`);
  return { n, noise: s, rng: o.rng ?? createRng(o.seed ?? 0) };
}

function build(xs: number[][], ys: number[], classes: string[]): Dataset {
  return new Dataset(tensor(xs), tensor(ys), { classNames: classes });
}

/**
 * Two interleaved spirals (Lang & Witbrock 1988): class c point at angle t in [0, turns * 2 pi]:
 * r = t / (turns 2 pi), (x, y) = (+-) r (cos t, sin t) + noise.
 */
export function twoSpirals(options: SyntheticOptions & { turns?: number } = {}): Dataset {
  const { n, noise, rng } = setup('twoSpirals', options, 0.02);
  const turns = options.turns ?? 1.5;
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const u = rng.random();
    const t = Math.sqrt(u) * turns * 2 * Math.PI + 0.5;
    const r = t / (turns * 2 * Math.PI);
    const sgn = c === 0 ? 1 : -1;
    xs.push([
      sgn * r * Math.cos(t) + noise * rng.normal(),
      sgn * r * Math.sin(t) + noise * rng.normal(),
    ]);
    ys.push(c);
  }
  return build(xs, ys, ['spiral A', 'spiral B']);
}

/** Two interleaving half circles (scikit-learn's make_moons). */
export function moons(options: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = setup('moons', options, 0.1);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = Math.PI * rng.random();
    const p = c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    xs.push([(p[0] as number) + noise * rng.normal(), (p[1] as number) + noise * rng.normal()]);
    ys.push(c);
  }
  return build(xs, ys, ['upper moon', 'lower moon']);
}

/** A small circle inside a large one (make_circles); `factor` is the inner radius (default 0.5). */
export function circles(options: SyntheticOptions & { factor?: number } = {}): Dataset {
  const { n, noise, rng } = setup('circles', options, 0.05);
  const factor = options.factor ?? 0.5;
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const t = 2 * Math.PI * rng.random();
    const r = c === 0 ? 1 : factor;
    xs.push([r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal()]);
    ys.push(c);
  }
  return build(xs, ys, ['outer', 'inner']);
}

/** XOR: points uniform in [-1, 1]^2, class 1 when x and y have different signs. */
export function xor(options: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = setup('xor', options, 0);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = 2 * rng.random() - 1;
    const b = 2 * rng.random() - 1;
    xs.push([a + noise * rng.normal(), b + noise * rng.normal()]);
    ys.push(a * b < 0 ? 1 : 0);
  }
  return build(xs, ys, ['same sign', 'different sign']);
}

/** Checkerboard: uniform in [0, k)^2, class = (floor x + floor y) mod 2 (default k = 4). */
export function checkerboard(options: SyntheticOptions & { size?: number } = {}): Dataset {
  const { n, noise, rng } = setup('checkerboard', options, 0);
  const k = options.size ?? 4;
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = k * rng.random();
    const b = k * rng.random();
    xs.push([a + noise * rng.normal(), b + noise * rng.normal()]);
    ys.push((Math.floor(a) + Math.floor(b)) % 2);
  }
  return build(xs, ys, ['black', 'white']);
}

/** Regression: x uniform in [-pi, pi], y = sin(x) + noise (default noise 0.1); x, y are `[n, 1]`. */
export function noisySine(options: SyntheticOptions = {}): Dataset {
  const { n, noise, rng } = setup('noisySine', options, 0.1);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.PI * (2 * rng.random() - 1);
    xs.push([a]);
    ys.push([Math.sin(a) + noise * rng.normal()]);
  }
  return new Dataset(tensor(xs), tensor(ys));
}
