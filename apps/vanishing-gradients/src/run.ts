/** Runs the selected experiments and assembles results.json, report.md and report.html. */
import { fork } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DyingRun } from './dying.js';
import type { WorkerMessage } from './experiment-worker.js';
import { type Resolvers, runGradientFlowGridAsync } from './gradient-flow-grid.js';
import { type Progress, silentProgress } from './progress.js';
import { findingsSection } from './report/findings.js';
import { gradientFlowSections } from './report/gradient-flow-section.js';
import { renderHtml } from './report/html.js';
import { renderMarkdown } from './report/markdown.js';
import type { Report, Section } from './report/model.js';
import { type Results, type RunOptions, toJson } from './results.js';
import type { TrainingRun } from './training.js';

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

/** How to run: in one process (tests) or with experiments 3–7 in a child process. */
export interface RunMode {
  /** Run experiments 3–7 in a forked child process while the grid runs here (default false). */
  readonly parallel?: boolean;
  /** Progress for the child's experiments (default silent). */
  readonly workerProgress?: Progress;
}

interface Timed {
  readonly output: ExperimentOutput;
  readonly seconds: number;
  readonly cpu: number;
}

function runInChild(
  options: RunOptions,
  keys: readonly ExperimentKey[],
  progress: Progress,
): Promise<Map<string, Timed>> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./experiment-worker.ts', import.meta.url)), [], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const out = new Map<string, Timed>();
    let finished = false;
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'start') progress.start(m.phase, m.total);
      else if (m.type === 'update') progress.update(m.done, m.label);
      else if (m.type === 'stop') progress.stop();
      else if (m.type === 'result')
        out.set(m.key, { output: m.output as ExperimentOutput, seconds: m.seconds, cpu: m.cpu });
      else if (m.type === 'done') {
        finished = true;
        resolve(out);
      } else if (m.type === 'error') {
        finished = true;
        reject(new Error(`experiment worker failed: ${m.message}`));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!finished)
        reject(new Error(`experiment worker exited with code ${code} before finishing`));
    });
    child.send({ options, keys });
  });
}

async function runHere(ctx: ExperimentContext, exp: Experiment): Promise<Timed> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const output = await exp(ctx);
  const c = process.cpuUsage(c0);
  return {
    output,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    cpu: Math.round((c.user + c.system) / 1e5) / 10,
  };
}

/** Runs the gradient-flow grid and the given extra experiments; sections follow `EXPERIMENTS`. */
export async function runExperiments(
  ctx: ExperimentContext,
  extra: Partial<Record<ExperimentKey, Experiment>> = {},
  mode: RunMode = {},
): Promise<{ results: Results; report: Report }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const o = ctx.options;
  const wanted = EXPERIMENTS.filter((k) => o.experiments.includes(k));
  const others = wanted.filter((k) => k !== 'flow' && extra[k] !== undefined);
  const parallel = mode.parallel === true && wanted.includes('flow') && others.length > 0;
  const child = parallel
    ? runInChild(o, others, mode.workerProgress ?? silentProgress)
    : Promise.resolve(new Map<string, Timed>());
  const done = new Map<string, Timed>();
  let runs: Results['gradientFlow']['runs'] = [];
  if (wanted.includes('flow')) {
    const flow: Experiment = async () => {
      const total = o.activations.length * o.inits.length * o.depths.length * o.seeds.length;
      ctx.progress.start('gradient flow', total);
      runs = await runGradientFlowGridAsync(
        {
          activations: o.activations,
          inits: o.inits,
          depths: o.depths,
          width: o.width,
          batch: o.batch,
          seeds: o.seeds,
          onProgress: (d, _total, label) => ctx.progress.update(d, label),
        },
        ctx.resolvers,
      );
      ctx.progress.stop();
      return { key: 'gradientFlow', data: { runs }, sections: gradientFlowSections(runs) };
    };
    done.set('flow', await runHere(ctx, flow));
  }
  if (!parallel) {
    for (const k of others) done.set(k, await runHere(ctx, extra[k] as Experiment));
  }
  let childCpu = 0;
  for (const [k, v] of await child) {
    done.set(k, v);
    childCpu += v.cpu;
  }
  const sections: Section[] = [];
  const data: Record<string, unknown> = {};
  const trainingData = done.get('training')?.output.data as { runs?: TrainingRun[] } | undefined;
  const dyingData = done.get('dying')?.output.data as { runs?: DyingRun[] } | undefined;
  sections.push(
    findingsSection({
      runs,
      ...(trainingData?.runs ? { training: trainingData.runs } : {}),
      ...(dyingData?.runs ? { dying: dyingData.runs } : {}),
    }),
  );
  const timings: Record<string, number> = {};
  const cpuTimings: Record<string, number> = {};
  for (const k of wanted) {
    const t = done.get(k);
    if (t === undefined) continue;
    sections.push(...t.output.sections);
    if (k !== 'flow') data[t.output.key] = t.output.data;
    timings[k] = t.seconds;
    cpuTimings[k] = t.cpu;
  }
  const c = process.cpuUsage(cpu0);
  const results: Results = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((performance.now() - t0) / 100) / 10,
    timings,
    cpuSeconds: Math.round((c.user + c.system) / 1e5 + childCpu * 10) / 10,
    cpuTimings,
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
