import { ArgumentError, describe } from '@gradscope/core';
import { checkOptions } from '../optim/options.js';
import type { Callback, EpochLogs, History } from './callback.js';

function checkHistory(where: string, h: unknown): void {
  if (h === null || typeof h !== 'object' || !('epochs' in h || Array.isArray(h)))
    throw new ArgumentError(
      `${where}: expected a History (from fit) or an array of epoch logs, got ${describe(h)}`,
    );
}

function flat(l: EpochLogs): Record<string, number> {
  if (l === null || typeof l !== 'object' || typeof l.epoch !== 'number')
    throw new ArgumentError(
      `expected epoch logs ({ epoch, loss, metrics, ... }), got ${describe(l)}`,
    );
  const r: Record<string, number> = { epoch: l.epoch, loss: l.loss };
  for (const [k, v] of Object.entries(l.metrics ?? {})) r[k] = v;
  if (l.valLoss !== undefined) r.valLoss = l.valLoss;
  for (const [k, v] of Object.entries(l.valMetrics ?? {}))
    r[`val${k[0]?.toUpperCase()}${k.slice(1)}`] = v;
  r.lr = l.lr;
  return r;
}

/** The history as CSV: a header row then one row per epoch (epoch, loss, metrics, valLoss, val metrics, lr). */
export function historyToCSV(history: History | readonly EpochLogs[]): string {
  checkHistory('historyToCSV', history);
  const rows = ('epochs' in history ? history.epochs : history).map(flat);
  const cols: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const lines = [cols.join(',')];
  for (const r of rows)
    lines.push(cols.map((c) => (r[c] === undefined ? '' : String(r[c]))).join(','));
  return `${lines.join('\n')}\n`;
}

/** The history as JSON lines (one object per epoch). */
export function historyToJSONLines(history: History | readonly EpochLogs[]): string {
  checkHistory('historyToJSONLines', history);
  const rows = 'epochs' in history ? history.epochs : history;
  return rows.map((r) => `${JSON.stringify(flat(r))}\n`).join('');
}

/**
 * Emits each epoch as a line of JSON (`format: 'json'`) or CSV (`'csv'`, header first) through
 * `write` (a file appender from `@gradscope/trainer/node`, or anything else).
 */
export class EpochLogger implements Callback {
  private readonly write: (line: string) => void;
  private readonly format: 'json' | 'csv';
  private cols: string[] | null = null;
  constructor(write: (line: string) => void, options: { format?: 'json' | 'csv' } = {}) {
    if (typeof write !== 'function')
      throw new ArgumentError(`EpochLogger: expected a write function, got ${describe(write)}`);
    checkOptions('EpochLogger', options);
    this.write = write;
    this.format = options.format ?? 'json';
  }
  /** Writes the epoch as one JSON line, or as one CSV row (the header row before the first). */
  onEpochEnd(logs: EpochLogs): void {
    const r = flat(logs);
    if (this.format === 'json') {
      this.write(`${JSON.stringify(r)}\n`);
      return;
    }
    if (this.cols === null) {
      this.cols = Object.keys(r);
      this.write(`${this.cols.join(',')}\n`);
    }
    this.write(`${this.cols.map((c) => (r[c] === undefined ? '' : String(r[c]))).join(',')}\n`);
  }
}

/** Formats epoch logs as one readable line: `epoch 3/20  loss 0.4123  accuracy 0.912  valLoss ...`. */
export function formatEpoch(l: EpochLogs, epochs?: number): string {
  if (l === null || typeof l !== 'object')
    throw new ArgumentError(`formatEpoch: expected epoch logs, got ${describe(l)}`);
  const r = flat(l);
  const parts = [`epoch ${l.epoch}${epochs === undefined ? '' : `/${epochs}`}`];
  for (const [k, v] of Object.entries(r)) {
    if (k === 'epoch') continue;
    parts.push(`${k} ${k === 'lr' ? v.toExponential(2) : v.toFixed(4)}`);
  }
  return parts.join('  ');
}

/**
 * A text progress display: a bar with the running loss that redraws in place on a terminal
 * (`\r`), and one summary line per epoch. `write` defaults to `process.stdout.write` when
 * running in Node, else `console.log` per epoch.
 */
export class ProgressBar implements Callback {
  /** It reads only the loss and the epoch (see `Callback.keepsBatch`). */
  readonly keepsBatch = false;
  private readonly write: (s: string) => void;
  private readonly interactive: boolean;
  private readonly width: number;
  private epochs = 0;
  private total = 0;
  private seen = 0;
  private lossSum = 0;
  constructor(
    options: {
      write?: (s: string) => void;
      interactive?: boolean;
      width?: number;
      epochs?: number;
      batchesPerEpoch?: number;
    } = {},
  ) {
    checkOptions('ProgressBar', options);
    const out = (
      globalThis as { process?: { stdout?: { write?: (s: string) => void; isTTY?: boolean } } }
    ).process?.stdout;
    const w = out?.write;
    this.write =
      options.write ??
      (w !== undefined ? (s: string) => w.call(out, s) : (s: string) => console.log(s.trimEnd()));
    this.interactive = options.interactive ?? out?.isTTY === true;
    this.width = options.width ?? 24;
    this.epochs = options.epochs ?? 0;
    this.total = options.batchesPerEpoch ?? 0;
  }
  /** @internal fit tells the bar its sizes. */
  setSizes(epochs: number, batchesPerEpoch: number): void {
    this.epochs = epochs;
    this.total = batchesPerEpoch;
  }
  /** Resets the bar and the running loss for the new epoch. */
  onEpochBegin(): void {
    this.seen = 0;
    this.lossSum = 0;
  }
  onBatchEnd(info: { loss: number; epoch: number }): void {
    this.seen += 1;
    this.lossSum += info.loss;
    if (!this.interactive) return;
    const f = this.total > 0 ? Math.min(1, this.seen / this.total) : 0;
    const fill = Math.round(f * this.width);
    this.write(
      `\repoch ${info.epoch}/${this.epochs} [${'#'.repeat(fill)}${'.'.repeat(this.width - fill)}] ${this.seen}/${this.total} loss ${(this.lossSum / this.seen).toFixed(4)}`,
    );
  }
  /** Clears the bar (on a terminal) and writes the {@link formatEpoch} summary line. */
  onEpochEnd(logs: EpochLogs): void {
    this.write(`${this.interactive ? '\r\u001b[2K' : ''}${formatEpoch(logs, this.epochs)}\n`);
  }
}
