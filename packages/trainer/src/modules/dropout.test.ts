import { createRng, ShapeError, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { Dropout2d } from './dropout.js';

describe('Dropout2d', () => {
  const ones = tensor(new Float32Array(64 * 16 * 5 * 5).fill(1), { shape: [64, 16, 5, 5] });

  it('zeroes whole channels, scales the kept ones by 1/(1-p), and is seeded', () => {
    const d = new Dropout2d(0.25, { seed: 3 });
    const y = d.call(ones);
    expect(y.shape).toEqual([64, 16, 5, 5]);
    let dropped = 0;
    for (let c = 0; c < 64 * 16; c++) {
      const plane = Array.from(y.data.subarray(c * 25, (c + 1) * 25));
      const v = plane[0] as number;
      // the whole 5 x 5 plane shares its fate
      expect(plane.every((p) => p === v)).toBe(true);
      expect([0, Math.fround(1 / 0.75)]).toContain(v);
      if (v === 0) dropped++;
    }
    // 1024 channels, p = 0.25: sd of the dropped fraction is 0.0135; 4 sd
    expect(Math.abs(dropped / 1024 - 0.25)).toBeLessThan(0.055);
    // the pattern is the generator's draws in (sample, channel) order
    const r = createRng(3);
    const want = Array.from({ length: 1024 }, () => (r.random() < 0.75 ? 1 / 0.75 : 0));
    const got = Array.from({ length: 1024 }, (_, c) => y.data[c * 25] as number);
    expect(got).toEqual(want.map((v) => Math.fround(v)));
    expect(Array.from(new Dropout2d(0.25, { seed: 3 }).call(ones).data)).toEqual(
      Array.from(y.data),
    );
    // a second call draws new masks
    expect(Array.from(d.call(ones).data)).not.toEqual(Array.from(y.data));
  });

  it('passes the gradient through the same mask', () => {
    const d = new Dropout2d(0.5, { seed: 1 });
    const x = ones.detach().setRequiresGrad(true);
    const y = d.call(x);
    y.sum().backward();
    expect(Array.from(x.grad?.data ?? [])).toEqual(Array.from(y.data));
  });

  it('is the identity in eval mode, takes unbatched [C, H, W], refuses other ranks', () => {
    const d = new Dropout2d(0.5);
    d.eval();
    expect(d.call(ones)).toBe(ones);
    d.train();
    const u = d.call(tensor(new Float32Array(8 * 9).fill(1), { shape: [8, 3, 3] }));
    for (let c = 0; c < 8; c++) expect(new Set(u.data.subarray(c * 9, c * 9 + 9)).size).toBe(1);
    expect(() => d.call(tensor([[1, 2]]))).toThrow(ShapeError);
    expect(() => d.call(tensor([[1, 2]]))).toThrow(
      'Dropout2d: expected input [N, C, H, W] or [C, H, W], got [1,2]',
    );
    expect(() => new Dropout2d(1)).toThrow(/Dropout2d: p must be in \[0, 1\)/);
    expect(d.toString()).toBe('Dropout2d(p=0.5)');
  });
});
