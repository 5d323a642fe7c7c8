import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import { tanhApprox, tanhKernel } from './fast-tanh.js';

describe('tanhApprox (float32 rational approximation)', () => {
  it('stays within 2.5e-7 absolute and 4 float32 ulps of Math.tanh over the real line', () => {
    const rng = createRng(5);
    let worstAbs = 0;
    let worstUlps = 0;
    for (let i = 0; i < 200_000; i++) {
      const scale = [1e-6, 1e-3, 1, 4, 12, 100][i % 6] as number;
      const x = Math.fround((rng.random() * 2 - 1) * scale);
      const want = Math.fround(Math.tanh(x));
      const got = Math.fround(tanhApprox(x));
      const err = Math.abs(got - want);
      worstAbs = Math.max(worstAbs, err);
      // One float32 ulp at |want| (2^-23 relative above the smallest normals).
      const ulp = Math.max(
        2 ** (Math.floor(Math.log2(Math.abs(want) || 2 ** -126)) - 23),
        2 ** -149,
      );
      worstUlps = Math.max(worstUlps, err / ulp);
    }
    expect(worstAbs).toBeLessThanOrEqual(2.5e-7);
    expect(worstUlps).toBeLessThanOrEqual(4);
  });

  it('is odd, exact at 0, saturates to ±1 and keeps NaN', () => {
    for (const x of [0.1, 0.5, 1, 3, 7, 8, 9]) expect(tanhApprox(-x)).toBe(-tanhApprox(x));
    expect(Object.is(tanhApprox(0), 0)).toBe(true);
    expect(tanhApprox(9.1)).toBe(1);
    expect(tanhApprox(Number.POSITIVE_INFINITY)).toBe(1);
    expect(tanhApprox(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(Number.isNaN(tanhApprox(Number.NaN))).toBe(true);
  });

  it('tanhKernel uses Math.tanh for float64 and the approximation for float32', () => {
    const x64 = Float64Array.from([-3, -0.5, 0, 0.25, 2]);
    const o64 = new Float64Array(5);
    tanhKernel(x64, o64);
    expect(Array.from(o64)).toEqual(Array.from(x64, Math.tanh));
    const x32 = Float32Array.from([-3, -0.5, 0, 0.25, 2]);
    const o32 = new Float32Array(5);
    tanhKernel(x32, o32);
    for (let i = 0; i < 5; i++) expect(o32[i]).toBeCloseTo(Math.tanh(x32[i] as number), 6);
  });
});
