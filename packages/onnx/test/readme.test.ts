/**
 * The README's examples run against the current sources and print what their comments say
 * (as tools/scripts/readme-examples.test.ts does for the other packages; here the files are
 * written inside this package so that `onnxruntime-node` resolves).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { extractExamples, matchesDocumented } from '../../../tools/scripts/readme-examples.js';
import { localizePaths, READMEFIXTURES } from '../scripts/readme-blocks.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dir = join(pkg, 'node_modules', '.readme-examples');
mkdirSync(dir, { recursive: true });
// The files the examples read and write: the PyTorch journey's export (committed, made by
// `scripts/journeys.ts --write` from the README's Python block) and whatever the examples save.
const work = mkdtempSync(join(tmpdir(), 'gradscope-onnx-readme-'));
for (const f of READMEFIXTURES.files) copyFileSync(join(READMEFIXTURES.dir(pkg), f), join(work, f));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('README examples', () => {
  const examples = extractExamples(readFileSync(join(pkg, 'README.md'), 'utf8'));
  it('has the three journeys and the user-mapping example', () => {
    expect(examples.length).toBe(4);
  });
  it.each(examples.map((e) => [e.line, e] as const))(
    'block at line %i prints what its comments say',
    async (line, ex) => {
      const file = join(dir, `readme_${line}.ts`);
      writeFileSync(file, localizePaths(ex.code, work));
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
