/**
 * Data as the playground holds it: n rows of k ≥ 2 numeric columns (row-major) and a label per
 * row — a class id for classification, a number for regression. Built-in sets have k = 2 (X₁,
 * X₂, in TensorFlow Playground's frame [−6, 6]²); an uploaded CSV may have more columns.
 */

/** Classification (labels are class ids 0..C−1) or regression (labels are targets). */
export type ProblemKind = 'classification' | 'regression';

/** A data table. */
export interface DataTable {
  readonly kind: ProblemKind;
  /** Column names, k ≥ 2 (the first two are X₁ and X₂). */
  readonly columns: readonly string[];
  /** Row-major values, n × k. */
  readonly x: Float64Array;
  /** n labels: class ids for classification, targets for regression. */
  readonly y: Float64Array;
  /** Class names (classification), in id order; empty for regression. */
  readonly classes: readonly string[];
}

/** Number of rows of `t`. */
export function rowCount(t: DataTable): number {
  return t.y.length;
}

/** Builds a 2-column table from points and labels. */
export function tableOf2D(
  kind: ProblemKind,
  points: ReadonlyArray<readonly [number, number]>,
  labels: readonly number[],
  classes: readonly string[],
): DataTable {
  const x = new Float64Array(points.length * 2);
  points.forEach(([a, b], i) => {
    x[2 * i] = a;
    x[2 * i + 1] = b;
  });
  return { kind, columns: ['X₁', 'X₂'], x, y: Float64Array.from(labels), classes };
}
