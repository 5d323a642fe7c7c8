import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ArgumentError, NotFoundError } from '@gradscope/core';
import { afterAll, describe, expect, it } from 'vitest';
import { fashionMnist } from '../node.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, FASHION_MNIST_FILES } from './fashion-mnist.js';
import { IdxError } from './idx.js';

const installed = Object.values(FASHION_MNIST_FILES).every((f) =>
  existsSync(join(FASHION_MNIST_DIR, `${f}.gz`)),
);
const NOT_INSTALLED = `Fashion-MNIST is not installed in ${FASHION_MNIST_DIR}: apt-get install dataset-fashion-mnist`;
if (!installed) console.warn(`fashion-mnist.test.ts: real-file tests skipped: ${NOT_INSTALLED}`);
const dir = mkdtempSync(join(tmpdir(), 'gradscope-fashion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a tiny Fashion-MNIST look-alike (IDX bytes made by hand) into `d`. */
function tinySet(d: string, options: { gzip?: boolean; labels?: number[] } = {}): void {
  const images = (n: number) => {
    const b = new Uint8Array(16 + n * 784);
    b.set([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 28, 0, 0, 0, 28]);
    for (let i = 0; i < n * 784; i++) b[16 + i] = i % 256;
    return b;
  };
  const labels = (ls: number[]) => new Uint8Array([0, 0, 8, 1, 0, 0, 0, ls.length, ...ls]);
  const put = (name: string, b: Uint8Array) =>
    options.gzip === false
      ? writeFileSync(join(d, name), b)
      : writeFileSync(join(d, `${name}.gz`), gzipSync(b));
  put(FASHION_MNIST_FILES.trainImages, images(3));
  put(FASHION_MNIST_FILES.trainLabels, labels(options.labels ?? [9, 0, 3]));
  put(FASHION_MNIST_FILES.testImages, images(2));
  put(FASHION_MNIST_FILES.testLabels, labels([1, 2]));
}

describe('fashionMnist (@gradscope/trainer/node)', () => {
  it('says where it looked and how to install the files when they are missing', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    let err: unknown;
    try {
      fashionMnist({ dir: empty });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotFoundError);
    const msg = (err as Error).message;
    expect(msg).toContain(`Fashion-MNIST is not in ${empty}`);
    expect(msg).toContain('apt-get install dataset-fashion-mnist');
    for (const f of Object.values(FASHION_MNIST_FILES)) expect(msg).toContain(`${f}.gz`);
    expect(msg).toContain('https://github.com/zalandoresearch/fashion-mnist');
  });

  it('reads gzipped or plain IDX files from dir, with the class names', () => {
    for (const gzip of [true, false]) {
      const d = mkdtempSync(join(dir, 'tiny-'));
      tinySet(d, { gzip });
      const s = fashionMnist({ dir: d });
      expect(s.train.x.shape).toEqual([3, 1, 28, 28]);
      expect(s.test.x.shape).toEqual([2, 1, 28, 28]);
      expect(Array.from(s.train.y.data)).toEqual([9, 0, 3]);
      expect(s.classNames).toBe(FASHION_MNIST_CLASSES);
      expect(s.classNames[9]).toBe('Ankle boot');
      // Pixel i of the file is byte i % 256, as b/255.
      expect(s.train.x.data[300]).toBe(Math.fround(44 / 255));
      expect(s.test.x.data[255]).toBe(1);
    }
  });

  it('refuses inconsistent files and bad options', () => {
    const d = mkdtempSync(join(dir, 'bad-'));
    tinySet(d, { labels: [9, 0, 12] });
    expect(() => fashionMnist({ dir: d })).toThrow(IdxError);
    expect(() => fashionMnist({ dir: d })).toThrow(/label 12 at row 2 is not a class 0-9/);
    tinySet(d, { labels: [9, 0] });
    expect(() => fashionMnist({ dir: d })).toThrow(/should hold 3 uint8 labels \[3\]/);
    expect(() => fashionMnist({ dir: '' })).toThrow(ArgumentError);
    expect(() => fashionMnist({ trainSize: 0 })).toThrow(/trainSize must be a positive integer/);
    expect(() => fashionMnist({ normalize: 'z' as never })).toThrow(ArgumentError);
  });

  it(`the real files (${FASHION_MNIST_DIR}): 60,000 / 10,000, 6,000 / 1,000 per class, published statistics`, (ctx) => {
    if (!installed) ctx.skip(NOT_INSTALLED);
    const s = fashionMnist({ normalize: 'standard' });
    expect(s.train.x.shape).toEqual([60000, 1, 28, 28]);
    expect(s.test.x.shape).toEqual([10000, 1, 28, 28]);
    for (const [part, n] of [
      [s.train, 6000],
      [s.test, 1000],
    ] as const) {
      const counts = new Array<number>(10).fill(0);
      for (const v of part.y.data) counts[v] = (counts[v] as number) + 1;
      expect(counts).toEqual(new Array(10).fill(n));
    }
    // The statistics usually quoted for Fashion-MNIST's training images: mean 0.2860, std 0.3530.
    expect(s.stats.mean).toBeCloseTo(0.286, 3);
    expect(s.stats.std).toBeCloseTo(0.353, 3);
    // The first training and test images are ankle boots (label 9).
    expect(s.train.y.data[0]).toBe(9);
    expect(s.test.y.data[0]).toBe(9);
    // The first image against the raw file (the official reader: bytes from offset 16).
    const raw = gunzipSync(
      readFileSync(join(FASHION_MNIST_DIR, `${FASHION_MNIST_FILES.trainImages}.gz`)),
    );
    for (let p = 0; p < 784; p++)
      expect(s.train.x.data[p]).toBeCloseTo(
        ((raw[16 + p] as number) / 255 - s.stats.mean) / s.stats.std,
        5,
      );
  }, 60_000);

  it('trainSize / testSize take the first rows of the files', (ctx) => {
    if (!installed) ctx.skip(NOT_INSTALLED);
    const s = fashionMnist({ trainSize: 100, testSize: 50 });
    expect(s.train.length).toBe(100);
    expect(s.test.length).toBe(50);
    expect(s.train.y.data[0]).toBe(9);
  });
});
