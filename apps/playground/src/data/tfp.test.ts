/** The data sets against their defining formulas, and their determinism under the seed. */
import { createRng } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE } from '../state/state.js';
import { GENERATORS, generate } from './datasets.js';
import { rowCount } from './table.js';
import { multigaussTarget } from './tfp.js';

const rng = () => createRng(42);
const col = (x: Float64Array, j: number) =>
  Array.from({ length: x.length / 2 }, (_, i) => x[2 * i + j] as number);

describe('TensorFlow Playground sets', () => {
  it('spiral without noise: radius 5 i/(n/2), the two arms half a turn apart', () => {
    const t = GENERATORS.spiral(100, 0, rng());
    expect(rowCount(t)).toBe(100);
    const [x, y] = [col(t.x, 0), col(t.x, 1)];
    for (let i = 0; i < 50; i++) {
      expect(Math.hypot(x[i] as number, y[i] as number)).toBeCloseTo((i / 50) * 5, 12);
      // the class-0 arm is the class-1 arm rotated by π
      expect(x[50 + i]).toBeCloseTo(-(x[i] as number), 12);
      expect(y[50 + i]).toBeCloseTo(-(y[i] as number), 12);
    }
    expect(t.y.slice(0, 50).every((v) => v === 1)).toBe(true);
    expect(t.y.slice(50).every((v) => v === 0)).toBe(true);
  });

  it('spiral noise moves each coordinate by at most the noise level', () => {
    const clean = GENERATORS.spiral(200, 0, rng());
    const noisy = GENERATORS.spiral(200, 0.5, rng());
    for (let i = 0; i < clean.x.length; i++)
      expect(Math.abs((noisy.x[i] as number) - (clean.x[i] as number))).toBeLessThanOrEqual(0.5);
  });

  it('circle without noise: class 1 inside radius 2.5, class 0 between 3.5 and 5', () => {
    const t = GENERATORS.circle(400, 0, rng());
    for (let i = 0; i < 400; i++) {
      const r = Math.hypot(t.x[2 * i] as number, t.x[2 * i + 1] as number);
      if (t.y[i] === 1) expect(r).toBeLessThan(2.5);
      else expect(r >= 3.5 && r <= 5).toBe(true);
    }
    expect(t.y.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('xor without noise: class 1 where x·y ≥ 0, points at least 0.3 from the axes', () => {
    const t = GENERATORS.xor(300, 0, rng());
    for (let i = 0; i < 300; i++) {
      const [a, b] = [t.x[2 * i] as number, t.x[2 * i + 1] as number];
      expect(Math.min(Math.abs(a), Math.abs(b))).toBeGreaterThanOrEqual(0.3);
      expect(Math.max(Math.abs(a), Math.abs(b))).toBeLessThanOrEqual(5.3);
      expect(t.y[i]).toBe(a * b >= 0 ? 1 : 0);
    }
  });

  it('gauss: clusters at (2, 2) and (−2, −2) with variance 0.5 + 7 · noise', () => {
    for (const noise of [0, 0.3]) {
      const t = GENERATORS.gauss(4000, noise, rng());
      const pos = col(t.x, 0).filter((_, i) => t.y[i] === 1);
      const mean = pos.reduce((a, b) => a + b, 0) / pos.length;
      const v = pos.reduce((a, b) => a + (b - mean) ** 2, 0) / pos.length;
      expect(mean).toBeCloseTo(2, 1);
      expect(v / (0.5 + 7 * noise)).toBeCloseTo(1, 1);
    }
  });

  it('plane: target (x + y) / 10 without noise', () => {
    const t = GENERATORS.plane(200, 0, rng());
    expect(t.kind).toBe('regression');
    for (let i = 0; i < 200; i++)
      expect(t.y[i]).toBeCloseTo(((t.x[2 * i] as number) + (t.x[2 * i + 1] as number)) / 10, 12);
  });

  it('multi-gaussian: ±1 at the six centres, 0 two units away from all of them', () => {
    expect(multigaussTarget(-4, 2.5)).toBe(1);
    expect(multigaussTarget(0, 2.5)).toBe(-1);
    expect(multigaussTarget(4, -2.5)).toBe(-1);
    expect(multigaussTarget(-6, 6)).toBe(0);
    expect(multigaussTarget(-4, 1.5)).toBeCloseTo(0.5, 12);
    const t = GENERATORS.multigauss(300, 0, rng());
    for (let i = 0; i < 300; i++)
      expect(t.y[i]).toBe(multigaussTarget(t.x[2 * i] as number, t.x[2 * i + 1] as number));
  });

  it('moons and checkerboard come from the trainer, in the [−6, 6] frame', () => {
    const c = GENERATORS.checkerboard(500, 0, rng());
    for (let i = 0; i < 500; i++) {
      const [a, b] = [c.x[2 * i] as number, c.x[2 * i + 1] as number];
      expect(Math.abs(a)).toBeLessThanOrEqual(6);
      expect(c.y[i]).toBe((Math.floor((a + 6) / 3) + Math.floor((b + 6) / 3)) % 2);
    }
    const m = GENERATORS.moons(500, 0, rng());
    expect(m.classes.length).toBe(2);
    for (let i = 0; i < m.x.length; i++) expect(Math.abs(m.x[i] as number)).toBeLessThanOrEqual(6);
  });

  it('every set: the same seed gives the same bits, another seed other points', () => {
    for (const dataset of Object.keys(GENERATORS) as Array<keyof typeof GENERATORS>) {
      const d = { ...DEFAULT_STATE.data, dataset, noise: 0.2 };
      const a = generate(d, 5);
      expect(generate(d, 5)).toEqual(a);
      expect(generate(d, 6).x).not.toEqual(a.x);
      expect(rowCount(a)).toBe(d.samples);
    }
  });
});
