/**
 * The README's examples run against the current sources and print what their comments say
 * (as tools/scripts/readme-examples.test.ts does for the other packages; here the files are
 * written inside this package so that `onnxruntime-node` resolves).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractExamples, matchesDocumented } from '../../../tools/scripts/readme-examples.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dir = join(pkg, 'node_modules', '.readme-examples');
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  const examples = extractExamples(readFileSync(join(pkg, 'README.md'), 'utf8'));
  it('has the export journey and the user-mapping example', () => {
    expect(examples.length).toBe(2);
  });
  it.each(examples.map((e) => [e.line, e] as const))(
    'block at line %i prints what its comments say',
    async (line, ex) => {
      const file = join(dir, `readme_${line}.ts`);
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
