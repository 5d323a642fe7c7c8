import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  esmEntries,
  relativeImports,
  stripBareChunkImports,
} from '../bundle/strip-bare-chunk-imports.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A dist folder of tsup's shape: files by name. */
function dist(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gs-strip-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('stripBareChunkImports', () => {
  it('removes the bare imports of chunks the named imports reach, keeps the rest, and keeps every line', () => {
    const entry = [
      'import {',
      '  a',
      '} from "./chunk-A.js";',
      'import "./chunk-B.js";',
      'import "./chunk-C.js";',
      'import "./chunk-D.js";',
      'import { x } from "@gradscope/core";',
      'console.log(a, x);',
      '',
    ].join('\n');
    const dir = dist({
      'index.js': entry,
      // A reaches B by name, and B reaches D through a bare import of its own; nothing reaches C.
      'chunk-A.js': 'import { b } from "./chunk-B.js";\nexport const a = b;\n',
      'chunk-B.js': 'import "./chunk-D.js";\nexport const b = 1;\n',
      'chunk-C.js': 'globalThis.sideEffect = true;\n',
      'chunk-D.js': 'export const d = 2;\n',
    });
    expect(stripBareChunkImports(dir, ['index.js'])).toEqual([
      { file: 'index.js', removed: ['chunk-B.js', 'chunk-D.js'], kept: ['chunk-C.js'] },
    ]);
    const after = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(after.split('\n')).toEqual([
      'import {',
      '  a',
      '} from "./chunk-A.js";',
      '',
      'import "./chunk-C.js";',
      '',
      'import { x } from "@gradscope/core";',
      'console.log(a, x);',
      '',
    ]);
    // Chunks are not entries: their own imports stay.
    expect(readFileSync(join(dir, 'chunk-B.js'), 'utf8')).toContain('import "./chunk-D.js";');
    // A second run finds nothing more to do.
    expect(stripBareChunkImports(dir, ['index.js'])).toEqual([
      { file: 'index.js', removed: [], kept: ['chunk-C.js'] },
    ]);
  });

  it('leaves entries without bare imports alone, and names a missing file', () => {
    const dir = dist({ 'web.js': 'import { a } from "./chunk-A.js";\nexport { a };\n' });
    expect(() => stripBareChunkImports(dir, ['web.js'])).not.toThrow();
    expect(stripBareChunkImports(dir, ['web.js'])).toEqual([]);
    const broken = dist({
      'web.js': 'import { a } from "./chunk-A.js";\nimport "./chunk-B.js";\n',
    });
    expect(() => stripBareChunkImports(broken, ['web.js'])).toThrow(/chunk-A\.js/);
  });

  it('reads named, re-exported and bare relative imports, and the entries of a tsup config', () => {
    expect(
      relativeImports(
        'import { a,\n  b } from "./chunk-A.js";\nexport { c } from "./chunk-C.js";\nimport "./chunk-B.js";\nimport { d } from "node:fs";\n',
      ),
    ).toEqual({ named: ['chunk-A.js', 'chunk-C.js'], bare: ['chunk-B.js'] });
    expect(esmEntries({ index: 'src/index.ts', 'parallel-worker': 'src/w.ts' })).toEqual([
      'index.js',
      'parallel-worker.js',
    ]);
  });
});
