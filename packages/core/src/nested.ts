import { ArgumentError, ShapeError } from './errors.js';
import { describe } from './shape.js';

/** A number or arbitrarily nested arrays of numbers (must be rectangular). */
export type NestedArray = number | readonly NestedArray[];

/** Flattens rectangular nested arrays row-major; ragged input is a ShapeError. */
export function flattenNested(
  data: NestedArray,
  where: string,
): { values: number[]; shape: number[] } {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const values: number[] = [];
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v === 'boolean') {
        values.push(v ? 1 : 0);
        return;
      }
      if (typeof v !== 'number') {
        if (Array.isArray(v)) {
          throw new ShapeError(
            `${where}: ragged nested array: element ${path} is an array but its first sibling is a number`,
          );
        }
        throw new ArgumentError(
          `${where}: expected numbers, got ${describe(v)} at ${path || 'the top level'}`,
        );
      }
      values.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(
        `${where}: ragged nested array: expected ${shape[depth]} elements at ${path || 'the top level'} (as its first sibling), got ${Array.isArray(v) ? `${v.length} elements` : describe(v)}`,
      );
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(data, 0, '');
  return { values, shape };
}

/** Rebuilds nested arrays from row-major values. */
export function buildNested(values: ArrayLike<number>, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return values[0] as number;
  let offset = 0;
  const build = (d: number): NestedArray[] => {
    const n = shape[d] as number;
    const out: NestedArray[] = new Array(n);
    if (d === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = values[offset++] as number;
    } else {
      for (let i = 0; i < n; i++) out[i] = build(d + 1);
    }
    return out;
  };
  return build(0);
}
