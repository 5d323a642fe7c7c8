import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without type declarations
import { dirSize, formatBytes, tarContents } from './sizes.mjs';

const dir = mkdtempSync(join(tmpdir(), 'release-check-sizes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Sizes around the 512-byte tar block boundary, and one large file.
const sizes = {
  'a.txt': 0,
  'b.txt': 1,
  'c.txt': 511,
  'd.txt': 512,
  'sub/e.txt': 513,
  'sub/f.bin': 70_000,
};
mkdirSync(join(dir, 'package', 'sub'), { recursive: true });
for (const [name, n] of Object.entries(sizes))
  writeFileSync(join(dir, 'package', name), 'x'.repeat(n));
const total = Object.values(sizes).reduce((a, b) => a + b, 0);

describe('sizes', () => {
  it('tarContents sums the regular files of a tarball made by the tar tool', () => {
    const tgz = join(dir, 'p.tgz');
    execFileSync('tar', ['czf', tgz, '-C', dir, 'package']);
    expect(tarContents(readFileSync(tgz))).toEqual({ bytes: total, files: 6 });
  });

  it('dirSize agrees with find -printf %s', () => {
    const out = execFileSync('find', [
      join(dir, 'package'),
      '-type',
      'f',
      '-printf',
      '%s\n',
    ]).toString();
    const expected = out
      .trim()
      .split('\n')
      .reduce((a, l) => a + Number(l), 0);
    expect(expected).toBe(total);
    expect(dirSize(join(dir, 'package'))).toBe(expected);
  });

  it('formatBytes uses 1 kB = 1024 B', () => {
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
  });
});
