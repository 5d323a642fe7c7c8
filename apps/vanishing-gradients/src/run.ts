/** Runs the selected experiments and assembles results.json, report.md and report.html. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CnnFlowRun } from './cnn-flow-grid.js';
import type { DyingRun } from './dying.js';
import {
  EXPERIMENTS,
  type Experiment,
  type ExperimentContext,
  type ExperimentKey,
  type ExperimentsByKey,
  runTimed,
  type TimedOutput,
} from './experiment.js';
import { gradientFlow } from './gradient-flow-experiment.js';
import type { GradientFlowRun } from './gradient-flow-grid.js';
import { type Progress, silentProgress } from './progress.js';
import { findingsSection } from './report/findings.js';
import { renderHtml } from './report/html.js';
import { renderMarkdown } from './report/markdown.js';
import type { Report, Section } from './report/model.js';
import { type Results, type RunOptions, toJson } from './results.js';
import { runInWorker } from './run-in-worker.js';
import type { TrainingRun } from './training.js';

/** How to run: all in one process (tests), or with a worker process beside the grid. */
export interface RunMode {
  /** Run the non-`flow` experiments in a child process while the grid runs here (default false). */
  readonly parallel?: boolean;
  /** Progress for the child's experiments (default silent). */
  readonly workerProgress?: Progress;
}

/** Which experiments run, and where. */
interface Schedule {
  /** The selected experiments, in report order. */
  readonly wanted: readonly ExperimentKey[];
  /** Experiments other than `flow` that run in this process, one after the other, after it. */
  readonly here: readonly ExperimentKey[];
  /** Experiments that run in the worker process, beside the grid. */
  readonly inWorker: readonly ExperimentKey[];
}

/** A worker is started only when the grid runs here at the same time and there is work for it. */
function schedule(o: RunOptions, extra: ExperimentsByKey, mode: RunMode): Schedule {
  const wanted = EXPERIMENTS.filter((k) => o.experiments.includes(k));
  const others = wanted.filter((k) => k !== 'flow' && extra[k] !== undefined);
  const parallel = mode.parallel === true && wanted.includes('flow') && others.length > 0;
  return { wanted, here: parallel ? [] : others, inWorker: parallel ? others : [] };
}

/** Starts the worker, runs the grid and then the rest here, and waits for the worker. */
async function runScheduled(
  ctx: ExperimentContext,
  extra: ExperimentsByKey,
  s: Schedule,
  workerProgress: Progress,
): Promise<Map<ExperimentKey, TimedOutput>> {
  const worker =
    s.inWorker.length > 0
      ? runInWorker(ctx.options, s.inWorker, workerProgress)
      : Promise.resolve(new Map<ExperimentKey, TimedOutput>());
  const done = new Map<ExperimentKey, TimedOutput>();
  if (s.wanted.includes('flow')) done.set('flow', await runTimed(gradientFlow, ctx));
  for (const k of s.here) done.set(k, await runTimed(extra[k] as Experiment, ctx));
  for (const [k, v] of await worker) done.set(k, v);
  return done;
}

/** Wall-clock and CPU time of this process at the start of the run. */
interface Clock {
  readonly t0: number;
  readonly cpu0: NodeJS.CpuUsage;
}

/** The `runs` of an experiment's results.json section, if it ran. */
function runsOf<T>(done: Map<ExperimentKey, TimedOutput>, key: ExperimentKey): T[] | undefined {
  return (done.get(key)?.output.data as { runs?: T[] } | undefined)?.runs;
}

/**
 * results.json: each experiment's section, with timings in report order. CPU seconds add the
 * worker's experiments to this process's own usage.
 */
function collectResults(
  o: RunOptions,
  s: Schedule,
  done: Map<ExperimentKey, TimedOutput>,
  clock: Clock,
): Results {
  const timings: Record<string, number> = {};
  const cpuTimings: Record<string, number> = {};
  const data: Record<string, unknown> = {};
  for (const k of s.wanted) {
    const t = done.get(k);
    if (t === undefined) continue;
    if (k !== 'flow') data[t.output.key] = t.output.data;
    timings[k] = t.seconds;
    cpuTimings[k] = t.cpu;
  }
  const workerCpu = s.inWorker.reduce((sum, k) => sum + (done.get(k)?.cpu ?? 0), 0);
  const c = process.cpuUsage(clock.cpu0);
  return {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((performance.now() - clock.t0) / 100) / 10,
    timings,
    cpuSeconds: Math.round((c.user + c.system) / 1e5 + workerCpu * 10) / 10,
    cpuTimings,
    options: o,
    gradientFlow: { runs: runsOf<GradientFlowRun>(done, 'flow') ?? [] },
    ...data,
  };
}

/** The report: the findings summary, then each experiment's sections in report order. */
function buildReport(results: Results, s: Schedule, done: Map<ExperimentKey, TimedOutput>): Report {
  const training = runsOf<TrainingRun>(done, 'training');
  const dying = runsOf<DyingRun>(done, 'dying');
  const cnn = runsOf<CnnFlowRun>(done, 'cnn');
  const sections: Section[] = [
    findingsSection({
      runs: results.gradientFlow.runs,
      ...(training ? { training } : {}),
      ...(dying ? { dying } : {}),
      ...(cnn ? { cnn } : {}),
    }),
  ];
  for (const k of s.wanted) sections.push(...(done.get(k)?.output.sections ?? []));
  return {
    title: 'Vanishing gradients through depth',
    subtitle: `gradscope, measured and checked against mean-field theory (${results.generatedAt}, ${results.durationSeconds} s).`,
    sections,
  };
}

/** Runs the gradient-flow grid and the given extra experiments; sections follow `EXPERIMENTS`. */
export async function runExperiments(
  ctx: ExperimentContext,
  extra: ExperimentsByKey = {},
  mode: RunMode = {},
): Promise<{ results: Results; report: Report }> {
  const clock: Clock = { t0: performance.now(), cpu0: process.cpuUsage() };
  const s = schedule(ctx.options, extra, mode);
  const done = await runScheduled(ctx, extra, s, mode.workerProgress ?? silentProgress);
  const results = collectResults(ctx.options, s, done, clock);
  return { results, report: buildReport(results, s, done) };
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
