/**
 * BENCHMARKS.md from the browser bench's side: reads the Node section's tables (to set the
 * browser figures beside them) and puts the browser section between its markers, leaving the
 * rest of the file as the Node bench wrote it.
 */

export const START = '<!-- browser-bench:start -->';
export const END = '<!-- browser-bench:end -->';

/** figure[row][column] of one Markdown table. */
export type MdTable = Map<string, Map<string, number>>;

/**
 * Every table of `md` (outside the browser section) by the text of its first header cell, e.g.
 * `n (GFLOP/s)` or `network (steps/s)`. Cells that are not numbers (`—`, `1.17x`) are left out.
 */
export function nodeTables(md: string): Map<string, MdTable> {
  const lines = withoutSection(md).split('\n');
  const tables = new Map<string, MdTable>();
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i] as string;
    if (!head.startsWith('|') || !/^\|(\s*-+\s*\|)+$/.test((lines[i + 1] as string).trim()))
      continue;
    const cols = cells(head);
    const table: MdTable = new Map();
    let j = i + 2;
    for (; j < lines.length && (lines[j] as string).startsWith('|'); j++) {
      const row = cells(lines[j] as string);
      const values = new Map<string, number>();
      row.slice(1).forEach((c, k) => {
        if (/^-?[0-9.]+(e[-+]?[0-9]+)?$/.test(c)) values.set(cols[k + 1] as string, Number(c));
      });
      table.set(row[0] as string, values);
    }
    if (!tables.has(cols[0] as string)) tables.set(cols[0] as string, table);
    i = j;
  }
  return tables;
}

/** `md` without the browser section (markers included). */
export function withoutSection(md: string): string {
  const a = md.indexOf(START);
  const b = md.indexOf(END);
  if (a < 0 || b < a) return md;
  return md.slice(0, a) + md.slice(b + END.length).replace(/^\n+/, '');
}

/** `md` with `section` (which carries no markers) as its browser section, at the end. */
export function withSection(md: string, section: string): string {
  const rest = withoutSection(md).trimEnd();
  return `${rest === '' ? '' : `${rest}\n\n`}${START}\n${section.trim()}\n${END}\n`;
}
