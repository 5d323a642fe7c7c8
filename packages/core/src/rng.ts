import { ArgumentError } from './errors.js';
import { describe } from './shape.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). Same seed, same
 * bits, on every platform. Independent reproducible streams come from {@link Rng.fork} (keyed,
 * does not advance this generator) or {@link Rng.split} (advances this generator).
 */
export interface Rng {
  /** The seed this generator was created from (for forks: the derived seed). */
  readonly seed: number;
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A child generator whose stream depends only on this generator's seed and `key`. */
  fork(key: number | string): Rng;
  /** A child generator seeded from this generator's next outputs (advances this one). */
  split(): Rng;
  /** Snapshot of the internal state (for checkpoints). */
  getState(): number[];
  /** Restores a snapshot from {@link Rng.getState}. */
  setState(state: readonly number[]): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashKey(seed: number, key: number | string): number {
  let h = (seed ^ 0x2545f491) >>> 0;
  const s = typeof key === 'number' ? `#${key}` : `$${key}`;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  return splitmix32(h)();
}

class Xoshiro128 implements Rng {
  readonly seed: number;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = Number.NaN;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    const sm = splitmix32(this.seed);
    this.s0 = sm();
    this.s1 = sm();
    this.s2 = sm();
    this.s3 = sm();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 = (this.s2 ^ this.s0) >>> 0;
    this.s3 = (this.s3 ^ this.s1) >>> 0;
    this.s1 = (this.s1 ^ this.s2) >>> 0;
    this.s0 = (this.s0 ^ this.s3) >>> 0;
    this.s2 = (this.s2 ^ t) >>> 0;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0)
      throw new ArgumentError(`rng.int: expected a positive integer, got ${describe(n)}`);
    return Math.floor(this.random() * n);
  }

  fork(key: number | string): Rng {
    return new Xoshiro128(hashKey(this.seed, key));
  }

  split(): Rng {
    return new Xoshiro128(this.nextUint32() ^ Math.imul(this.nextUint32(), 0x9e3779b1));
  }

  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spare];
  }

  setState(state: readonly number[]): void {
    const words = Array.isArray(state) ? state.slice(0, 4) : [];
    if (
      !Array.isArray(state) ||
      state.length !== 5 ||
      words.some((x) => !Number.isInteger(x) || x < 0 || x > 0xffffffff) ||
      words.every((x) => x === 0)
    ) {
      throw new ArgumentError(
        `rng.setState: expected the 5 numbers from getState(), got ${describe(state)}`,
      );
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    // JSON turns the "no cached normal" NaN into null: accept it back as NaN.
    const spare = state[4];
    this.spare = typeof spare === 'number' ? spare : Number.NaN;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Creates a seeded generator. The seed is any integer (taken modulo 2^32). */
export function createRng(seed: number): Rng {
  if (typeof seed !== 'number' || !Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new ArgumentError(`createRng: expected an integer seed, got ${describe(seed)}`);
  }
  return new Xoshiro128(seed);
}

let defaultRng: Rng = createRng(0);

/** The generator used when a random function is given no `rng` option. */
export function getDefaultRng(): Rng {
  return defaultRng;
}

/** Reseeds the default generator (like `torch.manual_seed`). */
export function manualSeed(seed: number): Rng {
  defaultRng = createRng(seed);
  return defaultRng;
}
