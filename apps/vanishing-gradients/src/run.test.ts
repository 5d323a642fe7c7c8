import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentProgress } from './progress.js';
import type { RunOptions } from './results.js';
import { runExperiments, writeOutputs } from './run.js';
import { summaryChart, summaryTable } from './terminal.js';
import { coreResolvers } from './testing/core-resolvers.js';

const options: RunOptions = {
  activations: ['step', 'sigmoid', 'relu'],
  inits: ['standard', 'heNormal'],
  depths: [3, 6],
  width: 32,
  batch: 8,
  seeds: [0, 1],
  steps: 10,
  trainActivations: ['relu'],
  trainDepths: [2],
  dataset: 'twoSpirals',
  quick: true,
  experiments: ['flow'],
};

describe('runExperiments + writeOutputs (gradient flow only, core-built activations)', () => {
  it('writes results.json with the documented per-layer arrays, report.md and report.html', async () => {
    const { results, report } = await runExperiments({
      options,
      progress: silentProgress,
      resolvers: coreResolvers,
    });
    expect(results.gradientFlow.runs).toHaveLength(3 * 2 * 2);
    // The summary opens the report and quotes the measured numbers.
    expect(report.sections[0]?.id).toBe('findings');
    expect(report.sections[0]?.paragraphs.join(' ')).toMatch(/Step: φ′ = 0 everywhere.*exactly 0/);
    expect(report.sections[0]?.paragraphs.join(' ')).toMatch(/8 of 8 measured ratios agree/);
    const dir = await mkdtemp(join(tmpdir(), 'vg-'));
    const files = await writeOutputs(dir, results, report);
    const json = JSON.parse(await readFile(files.json, 'utf8'));
    const run = json.gradientFlow.runs.find(
      (r: { activation: string; init: string; depth: number }) =>
        r.activation === 'relu' && r.init === 'heNormal' && r.depth === 6,
    );
    expect(run.sigmaW2).toBe(2);
    expect(run.seeds).toEqual([0, 1]);
    for (const k of ['rmsGrad', 'weightGradNorm', 'actMean', 'actStd', 'saturatedFraction'])
      expect(run.layers[k].mean).toHaveLength(6);
    expect(run.layers.predictedRmsGrad).toHaveLength(6);
    // step: no gradient at all, the ratio is not a number and is written as null
    const step = json.gradientFlow.runs.find(
      (r: { activation: string }) => r.activation === 'step',
    );
    expect(step.layers.rmsGrad.mean.every((v: number) => v === 0)).toBe(true);
    expect(step.log10Ratio.predicted).toBeNull();
    const html = await readFile(files.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/);
    const charts = html.match(/<figure class="chart[^"]*" data-chart="[^"]+"><svg/g) ?? [];
    expect(charts.length).toBe(5);
    expect(html).toContain('2. Theory beside measurement');
    const md = await readFile(files.md, 'utf8');
    expect(md).toContain('| activation | init | σ_w² | depth | measured |');
    const table = summaryTable(results.gradientFlow.runs);
    expect(table).toContain('sigmoid');
    expect(summaryChart(results.gradientFlow.runs, false)).toContain('── relu');
  });
});
