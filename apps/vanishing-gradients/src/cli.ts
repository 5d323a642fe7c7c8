#!/usr/bin/env node
/**
 * vanishing-gradients CLI: runs the experiments, prints a summary table and a small chart, and
 * writes <out>/report.html, report.md, results.json. Exit code 2 on bad options, 1 on failure.
 */
import { GradscopeError } from '@gradscope/core';
import { buildProgram, type CliOptions, type RawOptions, resolveOptions } from './cli-options.js';
import { extraExperiments, knownNames } from './experiments.js';
import { barProgress, silentProgress } from './progress.js';
import { packageResolvers } from './resolve.js';
import { type Results, toJson } from './results.js';
import { runExperiments, writeOutputs } from './run.js';
import { summaryChart, summaryTable } from './terminal.js';

/** The options, or the exit code 2 after printing why they are bad. */
function parseCommandLine(argv: readonly string[]): CliOptions | number {
  const program = buildProgram();
  program.parse(argv as string[]);
  const raw = program.opts<RawOptions>();
  const explicit = new Set(
    Object.keys(raw).filter((k) => program.getOptionValueSource(k) === 'cli'),
  );
  try {
    return resolveOptions(raw, knownNames(), explicit);
  } catch (e) {
    if (e instanceof GradscopeError) {
      process.stderr.write(`vanishing-gradients: ${e.message}\n(run with --help for usage)\n`);
      return 2;
    }
    throw e;
  }
}

/** The summary table and chart, the files written and where the time went. */
function printSummary(
  o: CliOptions,
  results: Results,
  files: { json: string; md: string; html: string },
  renderSeconds: number,
): void {
  const runs = results.gradientFlow.runs;
  if (runs.length > 0) {
    process.stdout.write(
      `\n${summaryTable(runs)}\n\n${summaryChart(runs, o.color && process.stdout.isTTY === true)}\n`,
    );
  }
  process.stdout.write(
    `\nWrote ${files.html}\n      ${files.md}\n      ${files.json}\n(${results.durationSeconds} s computing, ${results.cpuSeconds} s CPU: ${Object.entries(
      results.timings,
    )
      .map(([k, v]) => `${k} ${v} s (CPU ${results.cpuTimings[k] ?? 0} s)`)
      .join(', ')}; ${renderSeconds} s rendering the report)\n`,
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const o = parseCommandLine(argv);
  if (typeof o === 'number') return o;
  const bars = o.progress && process.stderr.isTTY ? barProgress() : null;
  const { results, report } = await runExperiments(
    { options: o, progress: bars?.make() ?? silentProgress, resolvers: packageResolvers },
    extraExperiments,
    { parallel: o.parallel, workerProgress: bars?.make() ?? silentProgress },
  );
  bars?.close();
  const tr = performance.now();
  const files = await writeOutputs(o.out, results, report);
  const renderSeconds = Math.round((performance.now() - tr) / 100) / 10;
  if (o.json) process.stdout.write(`${toJson(results)}\n`);
  else printSummary(o, results, files, renderSeconds);
  return 0;
}

// `pnpm start -- --quick` passes the `--` through verbatim (npm strips it): drop it here so both
// spellings work.
const args =
  process.argv[2] === '--' ? [...process.argv.slice(0, 2), ...process.argv.slice(3)] : process.argv;
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `vanishing-gradients: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  },
);
