/**
 * The hyper-parameters of the convolution and pooling layers: reading a size given as one
 * integer or one per spatial axis (`3` or `[3, 5]`), checking it when the layer is built (so a
 * bad stride fails at `new Conv2d(...)`, not at the first batch), and printing it.
 */
import { ArgumentError, describe } from '@gradscope/core';

/** Throws an ArgumentError unless `v` is an integer >= `min`; returns it. */
export function intAtLeast(where: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    const what = min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new ArgumentError(`${where}: ${name} must be ${what}, got ${describe(v)}`);
  }
  return v;
}

/**
 * `v` as `n` integers >= `min`, one per spatial axis: a number is repeated (`2` → `[2, 2]`), an
 * array must have length `n`.
 */
export function tupleOf(where: string, name: string, v: unknown, min: number, n: number): number[] {
  const ok = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= min;
  if (ok(v)) return new Array<number>(n).fill(v as number);
  if (Array.isArray(v) && v.length === n && v.every(ok)) return [...(v as number[])];
  const what = min === 1 ? 'positive integers' : `integers >= ${min}`;
  const shape = n === 1 ? 'an integer' : `an integer or ${n} ${what}`;
  throw new ArgumentError(
    `${where}: ${name} must be ${shape}${n === 1 ? ` (${what})` : ''}, got ${describe(v)}`,
  );
}

/** `[h, w]` from {@link tupleOf} with two axes. */
export function pairOf(where: string, name: string, v: unknown, min: number): [number, number] {
  return tupleOf(where, name, v, min, 2) as [number, number];
}

/** `[2,2]` → `2`, `[2,3]` → `[2,3]`, `'same'` → `'same'`: how a layer prints a hyper-parameter. */
export function fmt(v: readonly number[] | string): string {
  if (typeof v === 'string') return `'${v}'`;
  return v.every((x) => x === v[0]) ? String(v[0]) : `[${v.join(',')}]`;
}

/** True when every entry of `v` equals `d` (a default the printout leaves out). */
export function allEqual(v: readonly number[] | string, d: number): boolean {
  return typeof v !== 'string' && v.every((x) => x === d);
}

/**
 * Zeros per spatial axis, before and after, for a padding given as numbers, `'valid'` or
 * `'same'` (stride 1: total `dilation · (k − 1)`, the odd one after, as PyTorch).
 */
export function padAmounts(
  padding: readonly number[] | 'same' | 'valid',
  kernel: readonly number[],
  dilation: readonly number[],
): Array<[number, number]> {
  return kernel.map((k, i) => {
    if (padding === 'valid') return [0, 0];
    if (padding === 'same') {
      const total = (dilation[i] as number) * (k - 1);
      const before = Math.floor(total / 2);
      return [before, total - before];
    }
    const p = padding[i] as number;
    return [p, p];
  });
}
