/**
 * Command-line options: parsed with commander, validated here so bad input fails early with a
 * message naming what was expected and what came.
 */
import { ArgumentError, unknownName } from '@gradscope/core';
import { Command, Option } from 'commander';
import { DEFAULTS, QUICK } from './defaults.js';
import { EXPERIMENTS } from './experiment.js';
import type { RunOptions } from './results.js';

/** Parsed command line. */
export interface CliOptions extends RunOptions {
  readonly out: string;
  readonly json: boolean;
  readonly progress: boolean;
  readonly parallel: boolean;
  readonly color: boolean;
}

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function ints(name: string, v: string, min: number, max: number): number[] {
  const parts = list(v);
  if (parts.length === 0)
    throw new ArgumentError(`--${name}: expected a comma-separated list of integers, got '${v}'`);
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ArgumentError(`--${name}: expected integers in [${min}, ${max}], got '${p}'`);
    return n;
  });
}

function int(name: string, v: string, min: number, max: number): number {
  const r = ints(name, v, min, max);
  if (r.length !== 1) throw new ArgumentError(`--${name}: expected one integer, got '${v}'`);
  return r[0] as number;
}

/** The commander program (help text, option names). */
export function buildProgram(): Command {
  return new Command()
    .name('vanishing-gradients')
    .description(
      'Why deep sigmoid stacks stop learning, measured: gradient flow at initialisation against mean-field theory, Glorot & Bengio histograms, training through depth, dying ReLU, the activation catalogue, the computation graph and gradient flow through a deep CNN. Writes <out>/report.html, report.md and results.json.',
    )
    .option(
      '-a, --activations <names>',
      'comma-separated activations, or "all"',
      DEFAULTS.activations.join(','),
    )
    .option('-i, --inits <names>', 'comma-separated initialisers', DEFAULTS.inits.join(','))
    .option(
      '-d, --depths <list>',
      'comma-separated depths for the gradient-flow grid',
      DEFAULTS.depths.join(','),
    )
    .option('-w, --width <n>', 'layer width', String(DEFAULTS.width))
    .option(
      '-b, --batch <n>',
      'batch size of the gradient-flow measurement',
      String(DEFAULTS.batch),
    )
    .option(
      '-s, --seeds <n|list>',
      'number of seeds (0..n-1) or a comma-separated list of seeds',
      String(DEFAULTS.seeds),
    )
    .option(
      '--steps <n>',
      'training steps per configuration (experiments training, dying)',
      String(DEFAULTS.steps),
    )
    .option(
      '--train-activations <names>',
      'activations trained through depth (experiment 4), or "all" (those of --activations)',
      DEFAULTS.trainActivations.join(','),
    )
    .option(
      '--train-depths <list>',
      'depths trained (experiment 4)',
      DEFAULTS.trainDepths.join(','),
    )
    .option('--dataset <name>', 'training dataset', DEFAULTS.dataset)
    .addOption(
      new Option(
        '-e, --experiments <list>',
        `comma-separated experiments: ${EXPERIMENTS.join(', ')}`,
      ).default(EXPERIMENTS.join(',')),
    )
    .option('-o, --out <dir>', 'output folder', DEFAULTS.out)
    .option(
      '-q, --quick',
      'small, fast run (seconds): fewer activations, width 64, depths 4,8',
      false,
    )
    .option(
      '--json',
      'print results.json to stdout instead of the summary (no progress bar)',
      false,
    )
    .option('--no-progress', 'no progress bar')
    .option(
      '--no-parallel',
      'run everything in one process (default: experiments 3-8 in a child process beside the gradient-flow grid)',
    )
    .option('--no-color', 'no colours in the terminal chart')
    .showHelpAfterError('(run with --help for usage)');
}

/** Raw option values as commander gives them. */
export interface RawOptions {
  activations: string;
  inits: string;
  depths: string;
  width: string;
  batch: string;
  seeds: string;
  steps: string;
  trainActivations: string;
  trainDepths: string;
  dataset: string;
  experiments: string;
  out: string;
  quick: boolean;
  json: boolean;
  progress: boolean;
  parallel: boolean;
  color: boolean;
}

/** Names known to the packages, injected so the validation is testable on its own. */
export interface KnownNames {
  readonly activations: readonly string[];
  readonly inits: readonly string[];
  readonly datasets: readonly string[];
}

/** Throws NotFoundError ("did you mean ...") for the first of `names` that is not `known`. */
function checkKnown(kind: string, names: readonly string[], known: readonly string[]): void {
  for (const n of names) if (!known.includes(n)) throw unknownName(kind, n, known);
}

/** `--seeds`: a count n (seeds 0..n-1) or a comma-separated list of seeds. */
function seedsOf(v: string): number[] {
  return list(v).length === 1
    ? Array.from({ length: int('seeds', v, 1, 100) }, (_, k) => k)
    : ints('seeds', v, 0, 2 ** 31);
}

/** The given value, or the `--quick` one when `--quick` is on and the option was not typed. */
type QuickPick = <T>(name: string, full: T, quick: T) => T;

/** The name options, checked against the registered names. */
function resolveNames(
  raw: RawOptions,
  known: KnownNames,
  pick: QuickPick,
): Pick<CliOptions, 'activations' | 'inits' | 'trainActivations' | 'experiments' | 'dataset'> {
  const activations = pick(
    'activations',
    raw.activations.trim() === 'all' ? [...known.activations] : list(raw.activations),
    [...QUICK.activations],
  );
  if (activations.length === 0)
    throw new ArgumentError('--activations: expected at least one name');
  checkKnown('activation', activations, known.activations);
  const inits = pick('inits', list(raw.inits), [...QUICK.inits]);
  if (inits.length === 0) throw new ArgumentError('--inits: expected at least one name');
  checkKnown('initializer', inits, known.inits);
  const trainActivations = pick(
    'trainActivations',
    raw.trainActivations.trim() === 'all' ? activations : list(raw.trainActivations),
    [...QUICK.trainActivations],
  );
  checkKnown('activation', trainActivations, known.activations);
  const experiments = list(raw.experiments);
  checkKnown('experiment', experiments, EXPERIMENTS);
  checkKnown('dataset', [raw.dataset], known.datasets);
  return { activations, inits, trainActivations, experiments, dataset: raw.dataset };
}

/** The numeric options, parsed and range-checked. */
function resolveNumbers(
  raw: RawOptions,
  pick: QuickPick,
): Pick<CliOptions, 'depths' | 'width' | 'batch' | 'seeds' | 'steps' | 'trainDepths'> {
  const seeds = seedsOf(raw.seeds);
  return {
    depths: pick('depths', ints('depths', raw.depths, 1, 256), [...QUICK.depths]),
    width: pick('width', int('width', raw.width, 1, 4096), QUICK.width),
    batch: pick('batch', int('batch', raw.batch, 1, 4096), QUICK.batch),
    seeds: pick(
      'seeds',
      seeds,
      Array.from({ length: QUICK.seeds }, (_, k) => k),
    ),
    steps: pick('steps', int('steps', raw.steps, 1, 1_000_000), QUICK.steps),
    trainDepths: pick('trainDepths', ints('train-depths', raw.trainDepths, 1, 256), [
      ...QUICK.trainDepths,
    ]),
  };
}

/**
 * Validates raw options into {@link CliOptions}. `--quick` replaces defaults (not explicitly
 * given values: `explicit` lists the option names the user typed).
 */
export function resolveOptions(
  raw: RawOptions,
  known: KnownNames,
  explicit: ReadonlySet<string>,
): CliOptions {
  const quick = raw.quick === true;
  const pick: QuickPick = (name, full, q) => (quick && !explicit.has(name) ? q : full);
  const names = resolveNames(raw, known, pick);
  const numbers = resolveNumbers(raw, pick);
  // Spelled out so results.json echoes the options in this order.
  return {
    activations: names.activations,
    inits: names.inits,
    depths: numbers.depths,
    width: numbers.width,
    batch: numbers.batch,
    seeds: numbers.seeds,
    steps: numbers.steps,
    trainActivations: names.trainActivations,
    trainDepths: numbers.trainDepths,
    dataset: names.dataset,
    quick,
    experiments: names.experiments,
    out: raw.out,
    json: raw.json === true,
    progress: raw.progress !== false && raw.json !== true,
    parallel: raw.parallel !== false,
    color: raw.color !== false,
  };
}
