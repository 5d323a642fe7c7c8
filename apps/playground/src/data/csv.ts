/**
 * Uploaded CSV → data table. The last column is the label, every other column a numeric
 * feature (at least two). A first row whose feature cells are not all numbers is a header. The
 * label makes the problem: numeric labels that are all integers with at most
 * {@link MAX_CLASSES} distinct values, or any non-numeric labels, are classes; other numbers are
 * regression targets. Feature columns are rescaled linearly onto [−6, 6] (TensorFlow
 * Playground's frame, where the heatmap and the built-in sets live).
 *
 * A bad file throws a {@link CsvError} naming the row (the file's line number) and the column.
 */
import { ArgumentError } from '@gradscope/core';
import type { DataTable } from './table.js';

/** Most distinct labels read as classes. */
export const MAX_CLASSES = 10;
/** Most data rows accepted (the page trains on all of them live). */
export const MAX_ROWS = 5000;
/** Fewest data rows accepted. */
export const MIN_ROWS = 10;
/** Most feature columns accepted. */
export const MAX_FEATURES = 32;

/** A CSV the playground cannot use; `row` and `column` are 1-based (0 when not about one cell). */
export class CsvError extends ArgumentError {
  readonly row: number;
  readonly column: number;
  constructor(message: string, row = 0, column = 0) {
    super(message);
    this.name = 'CsvError';
    this.row = row;
    this.column = column;
  }
}

/** What {@link parseCsv} gives. */
export interface ParsedCsv {
  readonly table: DataTable;
  readonly hasHeader: boolean;
  /** Original [min, max] of each feature column, before rescaling. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

function splitLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

const isNumber = (s: string) => s !== '' && Number.isFinite(Number(s));

/** Parses CSV text into a table (see the module comment). */
export function parseCsv(text: string): ParsedCsv {
  const lines = text.split(/\r\n|\n|\r/);
  const rows: Array<{ line: number; cells: string[] }> = [];
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) throw new CsvError('the file is empty');
  const sep = first.includes(',') ? ',' : first.includes(';') ? ';' : '\t';
  lines.forEach((l, i) => {
    if (l.trim() !== '') rows.push({ line: i + 1, cells: splitLine(l, sep) });
  });
  const head = rows[0] as { line: number; cells: string[] };
  const k = head.cells.length - 1;
  if (k < 2)
    throw new CsvError(
      `row ${head.line} has ${head.cells.length} column${head.cells.length === 1 ? '' : 's'}; a CSV needs at least two numeric feature columns and a label column (the last)`,
      head.line,
    );
  if (k > MAX_FEATURES)
    throw new CsvError(
      `row ${head.line} has ${k} feature columns; the playground takes at most ${MAX_FEATURES}`,
      head.line,
    );
  const hasHeader = head.cells.slice(0, k).some((c) => !isNumber(c));
  const names = hasHeader
    ? head.cells.map((c, j) => (c === '' ? `column ${j + 1}` : c))
    : head.cells.map((_, j) => (j < k ? `X${j + 1}` : 'label'));
  const data = hasHeader ? rows.slice(1) : rows;
  if (data.length < MIN_ROWS)
    throw new CsvError(`the file has ${data.length} data rows; at least ${MIN_ROWS} are needed`);
  if (data.length > MAX_ROWS)
    throw new CsvError(
      `the file has ${data.length} data rows; the playground takes at most ${MAX_ROWS}`,
    );
  const n = data.length;
  const x = new Float64Array(n * k);
  const labels: string[] = [];
  data.forEach(({ line, cells }, i) => {
    if (cells.length !== k + 1)
      throw new CsvError(
        `row ${line} has ${cells.length} columns, expected ${k + 1} (as row ${head.line})`,
        line,
      );
    for (let j = 0; j < k; j++) {
      const c = cells[j] as string;
      if (!isNumber(c))
        throw new CsvError(
          `row ${line}, column ${j + 1} ('${names[j]}'): ${c === '' ? 'empty cell' : `'${c.length > 20 ? `${c.slice(0, 20)}…` : c}' is not a number`}; feature columns must be numeric`,
          line,
          j + 1,
        );
      x[i * k + j] = Number(c);
    }
    const label = cells[k] as string;
    if (label === '')
      throw new CsvError(`row ${line}, column ${k + 1} ('${names[k]}'): empty label`, line, k + 1);
    labels.push(label);
  });
  const numeric = labels.every(isNumber);
  const distinct = [...new Set(labels)];
  const integers = numeric && labels.every((l) => Number.isInteger(Number(l)));
  let table: DataTable;
  const ranges: Array<[number, number]> = [];
  for (let j = 0; j < k; j++) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = x[i * k + j] as number;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    ranges.push([lo, hi]);
    const mid = (lo + hi) / 2;
    const half = (hi - lo) / 2;
    for (let i = 0; i < n; i++)
      x[i * k + j] = half === 0 ? 0 : (((x[i * k + j] as number) - mid) / half) * 6;
  }
  const columns = names.slice(0, k);
  if (!numeric || (integers && distinct.length <= MAX_CLASSES)) {
    if (!numeric && distinct.length > MAX_CLASSES) {
      const bad = data[labels.findIndex((l) => !isNumber(l))] as { line: number };
      throw new CsvError(
        `column ${k + 1} ('${names[k]}') has ${distinct.length} different labels (row ${bad.line} has a non-numeric one); classes are at most ${MAX_CLASSES}`,
        bad.line,
        k + 1,
      );
    }
    const classes = numeric
      ? distinct.sort((a, b) => Number(a) - Number(b))
      : distinct.sort((a, b) => a.localeCompare(b));
    if (classes.length < 2)
      throw new CsvError(
        `column ${k + 1} ('${names[k]}') has only one label ('${classes[0]}'); classification needs at least two`,
        0,
        k + 1,
      );
    const id = new Map(classes.map((c, i) => [c, i]));
    table = {
      kind: 'classification',
      columns,
      x,
      y: Float64Array.from(labels, (l) => id.get(l) as number),
      classes,
    };
  } else {
    table = { kind: 'regression', columns, x, y: Float64Array.from(labels, Number), classes: [] };
  }
  return { table, hasHeader, ranges };
}
