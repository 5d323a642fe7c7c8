/**
 * The benchmark's cases, one cell per case and peer: shared by the parent (which orders the
 * rounds and turns times into figures) and the peer processes (which build and time the calls).
 */
import { CONV_MACS, DEEP, type MlpConfig, WIDE } from './data.js';
import type { Peer } from './peers/peer.js';

/** Which results table a figure goes to. */
export type TableName = 'matmul' | 'add' | 'mlp' | 'conv' | 'cnn';

export interface CellSpec {
  /** Unique key, e.g. `matmul n=256` or `mlp deep`. */
  readonly key: string;
  readonly table: TableName;
  /** Row of the table. */
  readonly row: string;
  /** Whether the peer runs this case at all. */
  readonly applies: (peer: string) => boolean;
  /** Builds the timed call in the peer's process; null when the peer skips it. */
  readonly build: (peer: Peer) => Built | null;
  /** Converts the median ms per op to the reported figure. */
  readonly figure: (ms: number) => number;
}

export interface Built {
  readonly run: () => void;
  /** Operations per call (the figure is per operation). */
  readonly ops: number;
  /** For training steps: the loss after the first step (the same-inputs check). */
  readonly loss?: number;
}

export const MATMUL_SIZES = [64, 128, 256, 512, 1024];

/** Peers that take minutes per figure: fewer samples, no warm-up. */
export const SLOW_PEERS = new Set(['js-pytorch', 'gradscope-reference']);

export function cellSpecs(quick: boolean): CellSpec[] {
  // Sizes each peer may take at most, so the run stays within its time budget.
  const matmulCap: Record<string, number> = quick
    ? { 'gradscope-reference': 256, 'js-pytorch': 128, 'tfjs-cpu': 256, 'gradscope-fast': 512 }
    : { 'gradscope-reference': 512, 'js-pytorch': 256, 'tfjs-cpu': 512 };
  const specs: CellSpec[] = [];
  for (const n of MATMUL_SIZES) {
    specs.push({
      key: `matmul n=${n}`,
      table: 'matmul',
      row: String(n),
      applies: (p) => n <= (matmulCap[p] ?? Number.POSITIVE_INFINITY),
      build: (p) => {
        const f = p.matmul(n);
        return f === null ? null : { run: f, ops: 1 };
      },
      figure: (ms) => (2 * n ** 3) / (ms * 1e6),
    });
  }
  for (const recording of [false, true]) {
    const row = recording ? 'recorded' : 'plain';
    specs.push({
      key: `add16 ${row}`,
      table: 'add',
      row,
      applies: () => true,
      build: (p) => p.add16(recording),
      figure: (ms) => ms * 1000,
    });
  }
  const mlpCases: Array<[string, MlpConfig]> = [
    ['wide', WIDE],
    ['deep', DEEP],
  ];
  for (const [row, cfg] of mlpCases) {
    specs.push({
      key: `mlp ${row}`,
      table: 'mlp',
      row,
      applies: () => true,
      build: (p) => {
        const b = p.mlpStep(cfg);
        if (b === null) return null;
        b.step();
        return { run: b.step, ops: 1, loss: b.loss() };
      },
      figure: (ms) => 1000 / ms,
    });
  }
  specs.push({
    key: 'conv2d forward',
    table: 'conv',
    row: '[32, 16, 28, 28] * [16, 16, 3, 3], padding 1',
    applies: () => true,
    build: (p) => {
      const f = p.conv2d();
      return f === null ? null : { run: f, ops: 1 };
    },
    figure: (ms) => (2 * CONV_MACS) / (ms * 1e6),
  });
  for (const mode of ['step', 'forward'] as const) {
    specs.push({
      key: `lenet ${mode}`,
      table: 'cnn',
      row: mode === 'step' ? 'LeNet-5 training step' : 'LeNet-5 forward, no gradient',
      applies: () => true,
      build: (p) => {
        const b = p.lenet(mode);
        if (b === null) return null;
        b.step();
        return { run: b.step, ops: 1, loss: b.loss() };
      },
      figure: (ms) => 1000 / ms,
    });
  }
  return specs;
}
