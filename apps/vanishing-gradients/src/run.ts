/** Runs the selected experiments and assembles results.json, report.md and report.html. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Resolvers, runGradientFlowGrid } from './gradient-flow-grid.js';
import type { Progress } from './progress.js';
import { gradientFlowSections } from './report/gradient-flow-section.js';
import { renderHtml } from './report/html.js';
import { renderMarkdown } from './report/markdown.js';
import type { Report, Section } from './report/model.js';
import { type Results, type RunOptions, toJson } from './results.js';

/** Experiment keys accepted by --experiments, in report order. */
export const EXPERIMENTS = ['flow', 'glorot', 'training', 'dying', 'catalogue', 'graph'] as const;
export type ExperimentKey = (typeof EXPERIMENTS)[number];

/** What one experiment contributes: a results.json section and report sections. */
export interface ExperimentOutput {
  readonly key: string;
  readonly data: unknown;
  readonly sections: Section[];
}

/** Shared inputs of every experiment. */
export interface ExperimentContext {
  readonly options: RunOptions;
  readonly progress: Progress;
  readonly resolvers: Resolvers;
}

/** An experiment other than the gradient-flow grid. */
export type Experiment = (ctx: ExperimentContext) => Promise<ExperimentOutput>;

/** Runs the gradient-flow grid and the given extra experiments, in order. */
export async function runExperiments(
  ctx: ExperimentContext,
  extra: Partial<Record<ExperimentKey, Experiment>> = {},
): Promise<{ results: Results; report: Report }> {
  const t0 = performance.now();
  const o = ctx.options;
  const sections: Section[] = [];
  const data: Record<string, unknown> = {};
  let runs: Results['gradientFlow']['runs'] = [];
  const timings: Record<string, number> = {};
  for (const key of o.experiments) {
    const te = performance.now();
    const seconds = () => Math.round((performance.now() - te) / 100) / 10;
    if (key === 'flow') {
      const total = o.activations.length * o.inits.length * o.depths.length * o.seeds.length;
      ctx.progress.start('gradient flow', total);
      runs = runGradientFlowGrid(
        {
          activations: o.activations,
          inits: o.inits,
          depths: o.depths,
          width: o.width,
          batch: o.batch,
          seeds: o.seeds,
          onProgress: (done, _total, label) => ctx.progress.update(done, label),
        },
        ctx.resolvers,
      );
      ctx.progress.stop();
      sections.push(...gradientFlowSections(runs));
      timings[key] = seconds();
      continue;
    }
    const exp = extra[key as ExperimentKey];
    if (exp === undefined) continue;
    const out = await exp(ctx);
    data[out.key] = out.data;
    sections.push(...out.sections);
    timings[key] = seconds();
  }
  const results: Results = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((performance.now() - t0) / 100) / 10,
    timings,
    options: o,
    gradientFlow: { runs },
    ...data,
  };
  const report: Report = {
    title: 'Vanishing gradients through depth',
    subtitle: `gradscope, measured and checked against mean-field theory (${results.generatedAt}, ${results.durationSeconds} s).`,
    sections,
  };
  return { results, report };
}

/** Writes results.json, report.md and report.html into `outDir` (created if missing). */
export async function writeOutputs(
  outDir: string,
  results: Results,
  report: Report,
): Promise<{ json: string; md: string; html: string }> {
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, 'results.json');
  const md = join(outDir, 'report.md');
  const html = join(outDir, 'report.html');
  await writeFile(json, `${toJson(results)}\n`);
  await writeFile(md, renderMarkdown(report));
  await writeFile(html, await renderHtml(report));
  return { json, md, html };
}
