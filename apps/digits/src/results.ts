/** results.json: everything a run measured, as plain JSON (the report is drawn from it). */
import { cpus } from 'node:os';
import { getKernels } from '@gradscope/core';
import type { Mistake, TestAnalysis } from './analysis.js';
import type { RunOptions } from './cli-options.js';
import type { LeNetWidths } from './model.js';
import type { EpochRow } from './train.js';

/** What a run writes to results.json. */
export interface Results {
  readonly schemaVersion: 1;
  readonly options: RunOptions;
  readonly dataset: {
    readonly name: RunOptions['dataset'];
    /** Where the split comes from, in a sentence. */
    readonly description: string;
    readonly classNames: readonly string[];
    readonly trainSize: number;
    readonly testSize: number;
    /** Mean and standard deviation of the training pixels (on [0, 1]) used to standardise. */
    readonly pixelMean: number;
    readonly pixelStd: number;
  };
  readonly model: {
    /** The network as the trainer prints it. */
    readonly summary: string;
    readonly parameters: number;
    readonly widths: LeNetWidths;
  };
  /** One row per epoch. */
  readonly history: EpochRow[];
  /** The final model on the test images. */
  readonly test: TestAnalysis & {
    /** Mean cross-entropy on the test images. */
    readonly loss: number;
    /** Misclassified test images in all. */
    readonly mistakes: number;
  };
  /** The misclassified images shown in the report, most confident first. */
  readonly shownMistakes: Mistake[];
  /** The first layer's filters as drawn: each one's largest |weight| (its colour scale). */
  readonly filters: { readonly count: number; readonly maxAbs: number[] };
  readonly timings: {
    readonly loadSeconds: number;
    readonly trainSeconds: number;
    readonly evaluateSeconds: number;
    readonly totalSeconds: number;
  };
  readonly machine: MachineInfo;
  /** Files written (paths as given by --out). */
  readonly files: { readonly report: string; readonly results: string; readonly weights: string };
}

/** Where a run ran. */
export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  /** gradscope's kernel backend. */
  readonly kernels: string;
}

/** This machine. */
export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    kernels: getKernels().name,
  };
}

/** Rounds to `digits` significant decimals (results.json stays readable). */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** results.json's text: two-space indentation, NaN written as null. */
export function toJson(r: Results): string {
  return JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
}
