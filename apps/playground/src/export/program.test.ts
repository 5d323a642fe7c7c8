/**
 * The exported TypeScript program, written inside the workspace (apps/playground/.tmp, so that
 * `@gradscope/*` resolve to the workspace packages as they would from the registry) and run in
 * Node with tsx, prints the same numbers as the playground's own `build(state).run(n)`, bit for
 * bit: losses, the measurement at initialisation and the last step's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../data/csv.js';
import type { DataTable } from '../data/table.js';
import { DEFAULT_STATE, type PlaygroundState } from '../state/state.js';
import { build } from '../worker/host.js';
import { reproductionProgram } from './program.js';

const app = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = join(app, '.tmp', `program-${process.pid}`);
const tsx = join(app, 'node_modules', '.bin', 'tsx');

function state(p: {
  data?: Partial<PlaygroundState['data']>;
  network?: Partial<PlaygroundState['network']>;
  training?: Partial<PlaygroundState['training']>;
  seed?: number;
}): PlaygroundState {
  return {
    seed: p.seed ?? DEFAULT_STATE.seed,
    data: { ...DEFAULT_STATE.data, ...p.data },
    network: { ...DEFAULT_STATE.network, ...p.network },
    training: { ...DEFAULT_STATE.training, ...p.training },
  };
}

const csvTable = (): DataTable => {
  const rows = Array.from({ length: 60 }, (_, i) => {
    const a = Math.cos(i);
    const b = Math.sin(i * 1.3);
    return `${a},${b},${(i % 7) / 7},${a > 0.3 ? 'hi' : a < -0.3 ? 'lo' : 'mid'}`;
  });
  return parseCsv(['a,b,c,cls', ...rows].join('\n')).table;
};

/** Runs the program for `s` after `steps` steps; returns its JSON line and the session's numbers. */
function compare(name: string, s: PlaygroundState, steps: number, table?: DataTable) {
  const exported = build(s, table);
  const source = reproductionProgram(exported, steps);
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, `${name}.ts`);
  writeFileSync(file, source);
  const out = execFileSync(tsx, [file], { cwd: app, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  const printed = JSON.parse(lines[lines.length - 1] as string);
  // The independent truth: a fresh session of the playground's engine, run the same steps.
  const session = build(s, table);
  const latest = session.run(steps);
  return {
    printed,
    expected: { losses: session.losses(), initial: session.initialFlow, latest },
    lines,
  };
}

afterAll(() => {
  if (process.env.KEEP_PROGRAMS === undefined) rmSync(tmp, { recursive: true, force: true });
});

describe('the exported TypeScript program reproduces the run in Node, bit for bit', () => {
  const cases: Array<[string, PlaygroundState, number, (() => DataTable)?]> = [
    ['tanh-adam', state({ network: { depth: 3, width: 8, activation: 'tanh' } }), 40],
    [
      'relu-sgd-residual-l2-warmup',
      state({
        seed: 7,
        data: { dataset: 'spiral', batchSize: 16 },
        network: { depth: 4, width: 10, activation: 'relu', init: 'heNormal', residual: true },
        training: {
          optimizer: 'sgd',
          lr: 0.05,
          regularization: 'l2',
          regRate: 0.001,
          schedule: 'warmup',
        },
      }),
      60,
    ],
    [
      'batchnorm-dropout-momentum-step-moments',
      state({
        seed: 11,
        data: { dataset: 'xor', batchSize: 10 },
        network: { depth: 3, width: 6, norm: 'batch', dropout: 0.1, gain: 'moments' },
        training: { optimizer: 'momentum', schedule: 'exponential', loss: 'mse' },
      }),
      70,
    ],
    [
      'layernorm-regression-rmsprop-l1',
      state({
        data: { dataset: 'plane' },
        network: {
          depth: 2,
          width: 5,
          norm: 'layer',
          activation: 'elu',
          activationParams: { elu: { alpha: 0.5 } },
        },
        training: { optimizer: 'rmsprop', regularization: 'l1', regRate: 0.0005 },
      }),
      30,
    ],
    [
      'leakyRelu(0.2)-prelu(0.1)-moments-gain',
      state({
        network: {
          depth: 2,
          width: 6,
          activation: 'leakyRelu',
          layerActivations: ['leakyRelu', 'prelu'],
          activationParams: { leakyRelu: { alpha: 0.2 }, prelu: { alpha: 0.1 } },
          gain: 'moments',
        },
      }),
      25,
    ],
    [
      'csv-three-classes',
      state({ data: { dataset: 'csv', batchSize: 5 }, network: { depth: 2, width: 7 } }),
      25,
      csvTable,
    ],
  ];
  for (const [name, s, steps, table] of cases)
    it(`${name}: ${steps} steps`, () => {
      const { printed, expected, lines } = compare(name, s, steps, table?.());
      expect(printed).toEqual(JSON.parse(JSON.stringify(expected)));
      expect(printed.latest.step).toBe(steps);
      expect(lines[0]).toMatch(/^step \d+ {2}train loss /);
    }, 60_000);
});
