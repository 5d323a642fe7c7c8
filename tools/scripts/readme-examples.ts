/**
 * Extracts the runnable examples from a README: every ```ts block, and in it every
 * `console.log(expr); // comment` line whose comment states the printed value. The value is the
 * text after the comment's last `→`, else after its last `=`, else the whole comment, e.g.
 * `// d/dx Σx³ = 3x² → [3, 12, 27]` expects `[3, 12, 27]`. Such a line is rewritten to
 * `globalThis.__readmeCheck(k, expr);` so the test sees the k-th documented value; other
 * `console.log` lines are left alone (the example must still run without throwing).
 */

/** One ```ts block and the values its `console.log` lines are documented to print, in order. */
export interface Example {
  /** 1-based line of the opening fence. */
  line: number;
  /** The block with its documented `console.log` lines rewritten to `__readmeCheck(k, expr)`. */
  code: string;
  expected: string[];
}

/** The ```ts blocks of a markdown text with their documented outputs. */
export function extractExamples(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] as string)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).startsWith('```'); i++)
      body.push(lines[i] as string);
    const expected: string[] = [];
    const code = body.map((l) => {
      const m = /^(\s*)console\.log\((.*)\);\s*\/\/\s*(.+)$/.exec(l);
      if (!m) return l;
      const comment = m[3] as string;
      const cut = comment.includes('→') ? comment.lastIndexOf('→') : comment.lastIndexOf('=');
      expected.push((cut >= 0 ? comment.slice(cut + 1) : comment).trim());
      return `${m[1]}(globalThis as any).__readmeCheck(${expected.length - 1}, ${m[2]});`;
    });
    out.push({ line: start + 1, code: code.join('\n'), expected });
  }
  return out;
}

/** True when `printed` (a value passed to console.log) matches the documented `expected` text. */
export function matchesDocumented(printed: unknown, expected: string): boolean {
  let want: unknown;
  try {
    want = JSON.parse(expected);
  } catch {
    return String(printed) === expected;
  }
  const close = (a: unknown, b: unknown): boolean => {
    if (typeof a === 'number' && typeof b === 'number')
      return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
    if (Array.isArray(a) && Array.isArray(b))
      return a.length === b.length && a.every((v, k) => close(v, b[k]));
    return a === b;
  };
  return close(printed, want);
}
