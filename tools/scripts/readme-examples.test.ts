import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractExamples, matchesDocumented } from './readme-examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'gradscope-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extractExamples', () => {
  it('finds ts blocks and the value after the last arrow or equals sign', () => {
    const md = [
      'text',
      '```ts',
      'console.log(f(2)); // 12',
      'console.log(g()); // a = b → [1, 2]',
      'x();',
      '```',
      '```sh',
      'ls',
      '```',
    ].join('\n');
    const ex = extractExamples(md);
    expect(ex).toHaveLength(1);
    expect(ex[0]?.line).toBe(2);
    expect(ex[0]?.expected).toEqual(['12', '[1, 2]']);
    expect(ex[0]?.code.split('\n')).toEqual([
      '(globalThis as any).__readmeCheck(0, f(2));',
      '(globalThis as any).__readmeCheck(1, g());',
      'x();',
    ]);
  });

  it('compares numbers with a float32 tolerance and arrays element by element', () => {
    expect(matchesDocumented([[-3, -6.0000001]], '[[-3, -6]]')).toBe(true);
    expect(matchesDocumented([3, 12, 28], '[3, 12, 27]')).toBe(false);
    expect(matchesDocumented(true, 'true')).toBe(true);
    expect(matchesDocumented(12, '13')).toBe(false);
  });
});

// Every README with a code example: the examples run against the current sources.
const readmes = [
  'README.md',
  'packages/core/README.md',
  'packages/activations/README.md',
  'packages/trainer/README.md',
];

describe.each(readmes)('%s examples', (readme) => {
  const examples = extractExamples(readFileSync(join(root, readme), 'utf8'));
  it('has at least one runnable example', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  it.each(examples.map((e) => [e.line, e] as const))(
    'block at line %i prints what its comments say',
    async (line, ex) => {
      const file = join(dir, `${readme.replace(/\W/g, '_')}_${line}.ts`);
      writeFileSync(file, ex.code);
      const printed = new Map<number, unknown>();
      const g = globalThis as { __readmeCheck?: (k: number, v: unknown) => void };
      g.__readmeCheck = (k, v) => {
        printed.set(k, v);
      };
      const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        spy.mockRestore();
        g.__readmeCheck = undefined;
      }
      expect([...printed.keys()].sort((a, b) => a - b)).toEqual(ex.expected.map((_, k) => k));
      ex.expected.forEach((want, k) => {
        expect(
          matchesDocumented(printed.get(k), want),
          `console.log #${k + 1}: got ${JSON.stringify(printed.get(k))}, documented ${want}`,
        ).toBe(true);
      });
    },
  );
});
