import { describe, expect, it } from 'vitest';
import { END, nodeTables, START, withoutSection, withSection } from './benchmarks-md.js';

const NODE = [
  '# Benchmarks',
  '',
  '| n (GFLOP/s) | gradscope-wasm | tfjs-wasm | wasm vs tfjs-wasm |',
  '|---|---|---|---|',
  '| 256 | 35.89 | 30.75 | 1.17x |',
  '| 1024 | 40.51 | — | — |',
  '',
  '| network (steps/s) | gradscope-wasm | tfjs-wasm |',
  '|---|---|---|',
  '| deep | 2846 | 239.6 |',
  '',
].join('\n');

describe('nodeTables', () => {
  it('reads every table by its first header cell, numbers only', () => {
    const t = nodeTables(NODE);
    expect([...t.keys()]).toEqual(['n (GFLOP/s)', 'network (steps/s)']);
    expect(t.get('n (GFLOP/s)')?.get('256')).toEqual(
      new Map([
        ['gradscope-wasm', 35.89],
        ['tfjs-wasm', 30.75],
      ]),
    );
    expect(t.get('n (GFLOP/s)')?.get('1024')?.has('tfjs-wasm')).toBe(false);
    expect(t.get('network (steps/s)')?.get('deep')?.get('gradscope-wasm')).toBe(2846);
  });

  it('ignores the tables of the browser section', () => {
    const md = withSection(NODE, '| n (GFLOP/s) | gradscope-wasm |\n|---|---|\n| 256 | 1 |');
    expect(nodeTables(md).get('n (GFLOP/s)')?.get('256')?.get('gradscope-wasm')).toBe(35.89);
  });
});

describe('withSection', () => {
  it('appends the section between markers, and replaces it on the next run', () => {
    const once = withSection(NODE, '## In the browser\nfirst');
    expect(once.startsWith(NODE.trimEnd())).toBe(true);
    expect(once.endsWith(`${START}\n## In the browser\nfirst\n${END}\n`)).toBe(true);
    const twice = withSection(once, '## In the browser\nsecond');
    expect(twice).not.toContain('first');
    expect(twice.split(START).length).toBe(2);
    expect(withoutSection(twice).trimEnd()).toBe(NODE.trimEnd());
  });

  it('adds the section to a file the Node bench has just rewritten (no markers)', () => {
    expect(withoutSection(NODE)).toBe(NODE);
    expect(withSection('', 'x')).toBe(`${START}\nx\n${END}\n`);
  });
});
