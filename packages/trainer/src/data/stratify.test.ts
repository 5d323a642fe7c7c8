import { createRng } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { apportion, stratifiedSplit } from './stratify.js';

describe('apportion (largest remainder)', () => {
  it('splits a total in proportion with an exact sum', () => {
    // Shares 1.5, 1.5, 3 -> floors 1, 1, 3 and the one left goes to the first tie.
    expect(apportion(6, [1, 1, 2])).toEqual([2, 1, 3]);
    // Shares 3.333.., 3.333.., 3.333.. -> 4, 3, 3.
    expect(apportion(10, [5, 5, 5])).toEqual([4, 3, 3]);
    // Shares 0.3, 1.7 -> 0 + 0, 1 + 1.
    expect(apportion(2, [3, 17])).toEqual([0, 2]);
    expect(apportion(0, [4, 5])).toEqual([0, 0]);
    expect(apportion(3, [0, 0])).toEqual([0, 0]);
    const w = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    for (const total of [1, 7, 999, 2000, 9999]) {
      const p = apportion(total, w);
      expect(p.reduce((a, b) => a + b, 0)).toBe(total);
      p.forEach((k, i) => {
        expect(Math.abs(k - (total * (w[i] as number)) / 10000)).toBeLessThan(1);
      });
    }
  });
});

describe('stratifiedSplit', () => {
  const labels = [...Array(30).fill(0), ...Array(20).fill(1), ...Array(10).fill(2)];

  it('draws per class without overlap, exact totals, seeded', () => {
    const s = stratifiedSplit(labels, 12, 30, createRng(1));
    expect(s.test).toHaveLength(12);
    expect(s.train).toHaveLength(30);
    expect(new Set([...s.test, ...s.train]).size).toBe(42);
    const count = (rows: number[], c: number) => rows.filter((r) => labels[r] === c).length;
    expect([0, 1, 2].map((c) => count(s.test, c))).toEqual([6, 4, 2]);
    expect([0, 1, 2].map((c) => count(s.train, c))).toEqual([15, 10, 5]);
    expect(stratifiedSplit(labels, 12, 30, createRng(1))).toEqual(s);
    expect(stratifiedSplit(labels, 12, 30, createRng(2))).not.toEqual(s);
  });

  it('uses every row when the sizes add up to the whole set', () => {
    const s = stratifiedSplit(labels, 15, 45, createRng(0));
    expect([...s.test, ...s.train].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
  });
});
