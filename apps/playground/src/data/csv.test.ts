/** CSV upload: what a good file becomes, and what a bad one is told. */
import { describe, expect, it } from 'vitest';
import { CsvError, MAX_ROWS, parseCsv } from './csv.js';

const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe('parseCsv', () => {
  it('reads a header, numeric class labels, and rescales each feature onto [−6, 6]', () => {
    const text = ['a,b,c,label', ...rows(12, (i) => `${i},${10 * i},${-i},${i % 3}`)].join('\n');
    const { table, hasHeader, ranges } = parseCsv(text);
    expect(hasHeader).toBe(true);
    expect(table.kind).toBe('classification');
    expect(table.columns).toEqual(['a', 'b', 'c']);
    expect(table.classes).toEqual(['0', '1', '2']);
    expect(Array.from(table.y.slice(0, 4))).toEqual([0, 1, 2, 0]);
    expect(ranges[1]).toEqual([0, 110]);
    expect(table.x[0]).toBe(-6);
    expect(table.x[11 * 3]).toBe(6);
    expect(table.x[11 * 3 + 2]).toBe(-6);
  });

  it('reads files without a header, with string labels, semicolons and CRLF', () => {
    const text = rows(10, (i) => `${i / 10};${(i * 7) % 5};${i < 5 ? 'cat' : 'dog'}`).join('\r\n');
    const { table, hasHeader } = parseCsv(text);
    expect(hasHeader).toBe(false);
    expect(table.columns).toEqual(['X1', 'X2']);
    expect(table.classes).toEqual(['cat', 'dog']);
    expect(Array.from(table.y)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it('non-integer numeric labels make a regression problem', () => {
    const { table } = parseCsv(rows(10, (i) => `${i},${i * i},${i / 3}`).join('\n'));
    expect(table.kind).toBe('regression');
    expect(table.y[3]).toBe(1);
    expect(table.classes).toEqual([]);
  });

  const bad: Array<[string, string, RegExp, number, number]> = [
    [
      'a non-number',
      ['x,y,label', ...rows(12, (i) => (i === 6 ? '1,abc,0' : `${i},${i},${i % 2}`))].join('\n'),
      /^row 8, column 2 \('y'\): 'abc' is not a number/,
      8,
      2,
    ],
    [
      'an empty cell',
      rows(12, (i) => (i === 2 ? ',1,0' : `${i},${i},${i % 2}`)).join('\n'),
      /^row 3, column 1 \('X1'\): empty cell/,
      3,
      1,
    ],
    [
      'a short row',
      rows(12, (i) => (i === 9 ? '1,0' : `${i},${i},${i % 2}`)).join('\n'),
      /^row 10 has 2 columns, expected 3 \(as row 1\)/,
      10,
      0,
    ],
    [
      'an empty label',
      rows(12, (i) => (i === 4 ? '1,1,' : `${i},${i},${i % 2}`)).join('\n'),
      /^row 5, column 3 \('label'\): empty label/,
      5,
      3,
    ],
    [
      'one feature column',
      rows(12, (i) => `${i},${i % 2}`).join('\n'),
      /^row 1 has 2 columns; a CSV needs at least two numeric feature columns and a label column/,
      1,
      0,
    ],
    ['one class', rows(12, (i) => `${i},${i},1`).join('\n'), /has only one label \('1'\)/, 0, 3],
    ['an empty file', '\n\n', /^the file is empty$/, 0, 0],
    [
      'too few rows',
      rows(3, (i) => `${i},${i},${i % 2}`).join('\n'),
      /has 3 data rows; at least 10/,
      0,
      0,
    ],
    [
      'too many rows',
      rows(MAX_ROWS + 1, (i) => `${i},${i},${i % 2}`).join('\n'),
      /at most 5000/,
      0,
      0,
    ],
  ];
  for (const [what, text, message, row, column] of bad) {
    it(`names the row and column of ${what}`, () => {
      let err: unknown;
      try {
        parseCsv(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CsvError);
      const e = err as CsvError;
      expect(e.message).toMatch(message);
      expect([e.row, e.column]).toEqual([row, column]);
    });
  }
});
