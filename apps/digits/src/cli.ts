#!/usr/bin/env node
/**
 * digits CLI: trains LeNet-5 on MNIST or Fashion-MNIST, prints the held-out accuracy and writes
 * <out>/report.html, results.json and weights.safetensors. Exit code 2 on bad options, 3 when
 * the dataset is not installed, 1 on any other failure.
 */
import { GradscopeError } from '@gradscope/core';
import { buildProgram, type CliOptions, type RawOptions, resolveOptions } from './cli-options.js';
import { DatasetMissingError } from './data.js';
import { barProgress, lineProgress, silentProgress } from './progress.js';
import type { Results } from './results.js';
import { toJson } from './results.js';
import { runDigits } from './run.js';

/** The options, or the exit code 2 after printing why they are bad. */
function parseCommandLine(argv: readonly string[]): CliOptions | number {
  const program = buildProgram();
  program.parse(argv as string[]);
  try {
    return resolveOptions(program.opts<RawOptions>());
  } catch (e) {
    if (e instanceof GradscopeError) {
      process.stderr.write(`digits: ${e.message}\n(run with --help for usage)\n`);
      return 2;
    }
    throw e;
  }
}

function printSummary(r: Results): void {
  const t = r.test;
  const worst = [...t.perClass].sort((a, b) => a.accuracy - b.accuracy).slice(0, 3);
  const lines = [
    '',
    `${r.dataset.description}`,
    `LeNet-5 (${r.model.widths.conv1}/${r.model.widths.conv2} channels, ${r.model.parameters.toLocaleString('en')} parameters), ${r.options.epochs} epochs, seed ${r.options.seed}`,
    `test accuracy ${(100 * t.accuracy).toFixed(2)} % (${t.total - t.mistakes} of ${t.total}), test cross-entropy ${t.loss.toFixed(4)}`,
    `hardest classes: ${worst.map((c) => `${c.name} ${(100 * c.accuracy).toFixed(1)} %`).join(', ')}`,
    `time: ${r.timings.totalSeconds} s (${r.timings.trainSeconds} s training) on ${r.machine.cpu}, ${r.machine.cores} cores`,
    '',
    `Wrote ${r.files.report}`,
    `      ${r.files.results}`,
    `      ${r.files.weights}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function main(argv: readonly string[]): Promise<number> {
  const o = parseCommandLine(argv);
  if (typeof o === 'number') return o;
  const progress = !o.progress
    ? silentProgress
    : process.stderr.isTTY
      ? barProgress()
      : lineProgress();
  try {
    const { results } = await runDigits(o, o.out, progress);
    if (o.json) process.stdout.write(`${toJson(results)}\n`);
    else printSummary(results);
    return 0;
  } catch (e) {
    if (e instanceof DatasetMissingError) {
      progress.stop();
      process.stderr.write(`digits: ${e.message}\n`);
      return 3;
    }
    throw e;
  }
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
    process.stderr.write(`digits: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
