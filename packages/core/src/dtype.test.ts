import { describe, expect, it } from 'vitest';
import { allocate } from './dtype.js';

describe('allocate', () => {
  it('hands out zero-filled, disjoint arrays of the requested type and length', () => {
    const arrays = Array.from({ length: 20 }, (_, i) =>
      allocate(i % 2 ? 'float64' : 'float32', 33 + (i % 3)),
    );
    for (const [i, a] of arrays.entries()) {
      expect(a).toBeInstanceOf(i % 2 ? Float64Array : Float32Array);
      expect(a.length).toBe(33 + (i % 3));
      expect(a.every((v) => v === 0)).toBe(true);
      a.fill(i + 1);
    }
    // Writing every array did not touch any other one.
    for (const [i, a] of arrays.entries()) expect(a.every((v) => v === i + 1)).toBe(true);
  });

  it('carves arrays of 65 B to 4 KiB from shared buffers of at most 4 KiB or four arrays, aligned for float64', () => {
    // 800 B: five to a 4000 B buffer.
    const xs = Array.from({ length: 16 }, () => allocate('float64', 100));
    const buffers = new Set(xs.map((x) => x.buffer));
    expect(buffers.size).toBeGreaterThanOrEqual(4);
    expect(buffers.size).toBeLessThanOrEqual(5);
    for (const x of xs) {
      expect(x.byteOffset % 16).toBe(0);
      expect(x.buffer.byteLength).toBe(5 * 800);
    }
    // 128 B (a bias gradient of 32 floats): 32 to a 4 KiB buffer.
    const small = Array.from({ length: 64 }, () => allocate('float32', 32));
    expect(new Set(small.map((x) => x.buffer)).size).toBeLessThanOrEqual(3);
    for (const x of small) expect(x.buffer.byteLength).toBe(4096);
    // 2 KiB and exactly 4 KiB: four to a buffer.
    expect(allocate('float32', 512).buffer.byteLength).toBe(4 * 2048);
    expect(allocate('float32', 1024).buffer.byteLength).toBe(4 * 4096);
  });

  it('gives small (<= 64 B) and large (> 4 KiB) arrays their own buffer', () => {
    for (const [dtype, n] of [
      ['float32', 16],
      ['float64', 8],
      ['float32', 1025],
      ['float64', 1 << 12],
      ['float32', 0],
    ] as const) {
      const a = allocate(dtype, n);
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(a.byteLength);
    }
  });
});
