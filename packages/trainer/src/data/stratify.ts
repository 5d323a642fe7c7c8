/** A seeded, stratified train / test split of labelled rows with exact totals. */
import type { Rng } from '@gradscope/core';
import { permutation } from './dataset.js';

/**
 * Splits `total` into integer parts proportional to `weights` that sum to `total` exactly
 * (largest remainder: every part gets the floor of its share, the parts with the largest
 * fractional remainders get one more, ties to the lower index).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => (total * w) / sum);
  const parts = shares.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, i) => ({ i, r: s - Math.floor(s) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    left--;
  }
  return parts;
}

/**
 * Row indices of a stratified split: each class gives `testSize` and `trainSize` rows in
 * proportion to its size ({@link apportion}), drawn without overlap from a seeded permutation of
 * the class; then each part is shuffled, so classes are mixed in row order. Classes are visited in
 * increasing label order, so the result depends only on the labels and the generator.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  testSize: number,
  trainSize: number,
  rng: Rng,
): { train: number[]; test: number[] } {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    const g = groups.get(c);
    if (g === undefined) groups.set(c, [i]);
    else g.push(i);
  }
  const classes = [...groups.keys()].sort((a, b) => a - b);
  const sizes = classes.map((c) => (groups.get(c) as number[]).length);
  const testCounts = apportion(testSize, sizes);
  const trainCounts = apportion(
    trainSize,
    sizes.map((n, k) => n - (testCounts[k] as number)),
  );
  const train: number[] = [];
  const test: number[] = [];
  classes.forEach((c, k) => {
    const rows = groups.get(c) as number[];
    const p = permutation(rows.length, rng);
    const nt = testCounts[k] as number;
    const nr = trainCounts[k] as number;
    for (let j = 0; j < nt; j++) test.push(rows[p[j] as number] as number);
    for (let j = nt; j < nt + nr; j++) train.push(rows[p[j] as number] as number);
  });
  return {
    train: permutation(train.length, rng).map((j) => train[j] as number),
    test: permutation(test.length, rng).map((j) => test[j] as number),
  };
}
