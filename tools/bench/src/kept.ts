/**
 * Hand-written sections of BENCHMARKS.md that the Node bench must not drop when it rewrites the
 * file (for example the data-parallel figures of `src/parallel.ts`, which `pnpm bench` does not
 * measure): each sits between `<!-- kept:start -->` and `<!-- kept:end -->`, and the new report
 * carries them over, in order, at its end (before the browser sections, which their own benches
 * append after it).
 */

export const KEPT_START = '<!-- kept:start -->';
export const KEPT_END = '<!-- kept:end -->';

/** The kept sections of `md`, markers included, in order. An unclosed marker is an error. */
export function keptSections(md: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const s = md.indexOf(KEPT_START, from);
    if (s < 0) return out;
    const e = md.indexOf(KEPT_END, s + KEPT_START.length);
    if (e < 0)
      throw new Error(
        `BENCHMARKS.md: expected ${KEPT_END} after the ${KEPT_START} at character ${s}, got the end of the file`,
      );
    out.push(md.slice(s, e + KEPT_END.length));
    from = e + KEPT_END.length;
  }
}

/** `report` with the kept sections of `previous` (the file being replaced) appended. */
export function withKeptSections(report: string, previous: string | null): string {
  const kept = previous === null ? [] : keptSections(previous);
  if (kept.length === 0) return report;
  return `${report.replace(/\n*$/, '\n')}\n${kept.join('\n\n')}\n`;
}
