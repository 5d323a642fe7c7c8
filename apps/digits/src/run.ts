/**
 * One run: load the data, train, look at the test images, and write report.html, results.json
 * and weights.safetensors to the output folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@gradscope/core';
import { saveSafetensors } from '@gradscope/trainer/node';
import { analyse, mistakes, predict } from './analysis.js';
import type { RunOptions } from './cli-options.js';
import { loadData, type RunData } from './data.js';
import { COMMON } from './defaults.js';
import { FIRST_CONV } from './model.js';
import { filterGrid } from './pictures.js';
import type { Progress } from './progress.js';
import { renderHtml } from './report/html.js';
import { machineInfo, type Results, round, toJson } from './results.js';
import { type Trained, train } from './train.js';

/** What {@link runDigits} returns besides the files it writes. */
export interface RunOutput {
  readonly results: Results;
  readonly html: string;
  readonly trained: Trained;
  readonly data: RunData;
}

const seconds = (t0: number) => round((performance.now() - t0) / 1000, 2);

/** The first convolution's weight `[C, 1, 5, 5]`. */
export function firstWeight(trained: Trained): Tensor {
  const w = trained.model.at(FIRST_CONV).stateDict().weight;
  if (w === undefined) throw new Error('digits: the first layer has no weight');
  return w;
}

/** Trains and evaluates as `o` says and writes the three files into `out`. */
export async function runDigits(
  o: RunOptions,
  out: string,
  progress: Progress,
): Promise<RunOutput> {
  const t0 = performance.now();
  const data = await loadData(o);
  const loadSeconds = seconds(t0);
  const t1 = performance.now();
  const trained = train(o, data, progress);
  const trainSeconds = seconds(t1);
  const t2 = performance.now();
  const predictions = predict(trained.model, data.test);
  const test = analyse(predictions, data.classNames);
  const shown = mistakes(predictions, COMMON.mistakes);
  const evaluateSeconds = seconds(t2);
  const weight = firstWeight(trained);
  const last = trained.history[trained.history.length - 1];
  const files = {
    report: join(out, 'report.html'),
    results: join(out, 'results.json'),
    weights: join(out, 'weights.safetensors'),
  };
  const results: Results = {
    schemaVersion: 1,
    options: o,
    dataset: {
      name: o.dataset,
      description: data.description,
      classNames: data.classNames,
      trainSize: data.train.length,
      testSize: data.test.length,
      pixelMean: round(data.stats.mean, 6),
      pixelStd: round(data.stats.std, 6),
    },
    model: {
      summary: trained.model.toString(),
      parameters: trained.model.numParameters(),
      widths: o.widths,
    },
    history: trained.history.map((h) => ({
      epoch: h.epoch,
      loss: round(h.loss, 5),
      accuracy: round(h.accuracy, 5),
      testLoss: round(h.testLoss, 5),
      testAccuracy: round(h.testAccuracy, 5),
      lr: h.lr,
      seconds: round(h.seconds, 2),
    })),
    test: {
      ...test,
      loss: round(last?.testLoss ?? Number.NaN, 5),
      mistakes: test.total - test.perClass.reduce((a, c) => a + c.correct, 0),
    },
    shownMistakes: shown.map((m) => ({ ...m, confidence: round(m.confidence, 4) })),
    filters: {
      count: weight.shape[0] as number,
      maxAbs: filterGrid(weight).maxAbs.map((m) => round(m, 5)),
    },
    timings: { loadSeconds, trainSeconds, evaluateSeconds, totalSeconds: seconds(t0) },
    machine: machineInfo(),
    files,
  };
  const std = data.stats.std > 0 ? data.stats.std : 1;
  const html = await renderHtml({
    results,
    images: {
      x: data.test.x,
      black: data.background,
      white: (1 - data.stats.mean) / std,
      classNames: data.classNames,
    },
    firstWeight: weight,
  });
  mkdirSync(out, { recursive: true });
  saveSafetensors(files.weights, trained.model, {
    'gradscope.digits': JSON.stringify({
      dataset: o.dataset,
      widths: o.widths,
      testAccuracy: test.accuracy,
      pixelMean: data.stats.mean,
      pixelStd: data.stats.std,
    }),
  });
  writeFileSync(files.results, `${toJson(results)}\n`);
  writeFileSync(files.report, html);
  return { results, html, trained, data };
}
