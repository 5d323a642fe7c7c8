import { ArgumentError, createRng, ShapeError, tensor } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { randomShift, shiftImages } from './augment.js';

const img3 = () => tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], { shape: [1, 1, 3, 3] });
const rows = (t: { data: ArrayLike<number> }, w: number) => {
  const d = Array.from(t.data);
  return Array.from({ length: d.length / w }, (_, i) => d.slice(i * w, (i + 1) * w));
};

describe('shiftImages (hand-checked)', () => {
  it('moves the content by (dy, dx): down / right for positive shifts, fill where uncovered', () => {
    //  1 2 3            0 0 0
    //  4 5 6  (1, -1) → 2 3 0
    //  7 8 9            5 6 0
    expect(rows(shiftImages(img3(), [[1, -1]]), 3)).toEqual([
      [0, 0, 0],
      [2, 3, 0],
      [5, 6, 0],
    ]);
    // (-1, 2), fill -1: out[i][j] = in[i + 1][j - 2].
    expect(rows(shiftImages(img3(), [[-1, 2]], { fill: -1 }), 3)).toEqual([
      [-1, -1, 4],
      [-1, -1, 7],
      [-1, -1, -1],
    ]);
    expect(rows(shiftImages(img3(), [[0, 0]]), 3)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    // Shifted out entirely.
    expect(Array.from(shiftImages(img3(), [[3, 0]], { fill: 7 }).data)).toEqual(Array(9).fill(7));
  });

  it("each image its own shift, every channel alike; 'min' fills a channel with its smallest value", () => {
    // Two images of two 2 x 2 channels.
    const x = tensor(
      [
        [
          [
            [10, 11],
            [12, 13],
          ],
          [
            [-5, -4],
            [-3, -2],
          ],
        ],
        [
          [
            [0, 1],
            [2, 3],
          ],
          [
            [4, 5],
            [6, 7],
          ],
        ],
      ],
      { dtype: 'float64' },
    );
    const y = shiftImages(
      x,
      [
        [0, 1],
        [1, 0],
      ],
      { fill: 'min' },
    );
    expect(y.dtype).toBe('float64');
    expect(y.shape).toEqual([2, 2, 2, 2]);
    expect(Array.from(y.data)).toEqual([10, 10, 10, 12, -5, -5, -5, -3, 0, 0, 0, 1, 4, 4, 4, 5]);
    // The input is untouched.
    expect(Array.from(x.data.subarray(0, 4))).toEqual([10, 11, 12, 13]);
  });

  it('refuses what is not a batch of images, and bad shifts or fills', () => {
    expect(() => shiftImages(tensor([1, 2, 3]), [[0, 0]])).toThrow(ShapeError);
    expect(() => shiftImages(img3(), [])).toThrow(/one \[dy, dx\] pair per image \(1\)/);
    expect(() => shiftImages(img3(), [[0.5, 0]])).toThrow(ArgumentError);
    expect(() => shiftImages(img3(), [[0, 0]], { fill: Number.NaN })).toThrow(
      /fill must be a finite number or 'min'/,
    );
    const rng = createRng(0);
    expect(() => randomShift(img3(), { shift: 3, rng })).toThrow(
      /shift must be an integer in \[0, 2\] for 3 x 3 images, got 3/,
    );
    expect(() => randomShift(img3(), { shift: 1, rng: {} as never })).toThrow(ArgumentError);
  });
});

describe('randomShift', () => {
  // 7 x 7 images with one lit pixel at the centre: where it lands is the shift drawn.
  const dots = (n: number) => {
    const d = new Float32Array(n * 49);
    for (let i = 0; i < n; i++) d[i * 49 + 24] = 1;
    return tensor(d, { shape: [n, 1, 7, 7] });
  };
  const drawn = (t: { data: Float32Array | Float64Array }, n: number) =>
    Array.from({ length: n }, (_, i) => {
      const p = t.data.subarray(i * 49, (i + 1) * 49).indexOf(1);
      return `${Math.floor(p / 7) - 3},${(p % 7) - 3}`;
    });

  it('draws (dy, dx) uniformly from {-k..k}^2, dy then dx from the generator', () => {
    const n = 4500;
    const shifts = drawn(randomShift(dots(n), { shift: 1, rng: createRng(7) }), n);
    const counts = new Map<string, number>();
    for (const s of shifts) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(
      ['-1,-1', '-1,0', '-1,1', '0,-1', '0,0', '0,1', '1,-1', '1,0', '1,1'].sort(),
    );
    // 500 expected per cell; chi-square with 8 degrees of freedom stays far below 40.
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - 500) ** 2 / 500;
    expect(chi2).toBeLessThan(40);
    // The first image's shift is the generator's first two draws.
    const r = createRng(7);
    const dy = r.int(3) - 1;
    const dx = r.int(3) - 1;
    expect(shifts[0]).toBe(`${dy},${dx}`);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = randomShift(dots(50), { shift: 2, rng: createRng(1) });
    const b = randomShift(dots(50), { shift: 2, rng: createRng(1) });
    const c = randomShift(dots(50), { shift: 2, rng: createRng(2) });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
    for (const s of drawn(a, 50)) {
      const [dy, dx] = s.split(',').map(Number) as [number, number];
      expect(Math.max(Math.abs(dy), Math.abs(dx))).toBeLessThanOrEqual(2);
    }
    // shift 0 is the identity.
    expect(Array.from(randomShift(dots(3), { shift: 0, rng: createRng(0) }).data)).toEqual(
      Array.from(dots(3).data),
    );
  });
});
