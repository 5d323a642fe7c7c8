import { describe, expect, it } from 'vitest';
import { KEPT_END, KEPT_START, keptSections, withKeptSections } from './kept.js';

describe('kept sections of BENCHMARKS.md', () => {
  const old = [
    '# Benchmarks',
    'old node figures',
    KEPT_START,
    '## Data parallelism',
    '| a | b |',
    KEPT_END,
    'more old figures',
    `${KEPT_START}\nsecond\n${KEPT_END}`,
  ].join('\n');

  it('carries every kept section over to the new report, in order, and drops the rest', () => {
    const out = withKeptSections('# Benchmarks\nnew node figures\n', old);
    expect(out).toBe(
      `# Benchmarks\nnew node figures\n\n${KEPT_START}\n## Data parallelism\n| a | b |\n${KEPT_END}\n\n${KEPT_START}\nsecond\n${KEPT_END}\n`,
    );
    expect(out).not.toContain('old node figures');
    expect(keptSections(out)).toEqual(keptSections(old));
  });

  it('leaves the report as it is without a previous file or kept sections', () => {
    expect(withKeptSections('r\n', null)).toBe('r\n');
    expect(withKeptSections('r\n', 'no markers')).toBe('r\n');
  });

  it('names an unclosed marker', () => {
    expect(() => keptSections(`x ${KEPT_START} y`)).toThrow(/expected <!-- kept:end -->/);
  });
});
