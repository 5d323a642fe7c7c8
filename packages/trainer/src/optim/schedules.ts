/**
 * Learning-rate schedules. Each wraps an optimiser and sets `optimizer.lr` when `step()` is
 * called (once per epoch, or per batch for warm-up), with closed forms as PyTorch's
 * `lr_scheduler`s: lr_t is computed from the base lr and the step count t.
 */
import { ArgumentError, className, describe } from '@gradscope/core';
import type { Optimizer } from './optimizer.js';

/** A learning-rate schedule. */
export abstract class LRSchedule {
  /** The class name, kept through minification (core's `className`). */
  static readonly typeName: string = 'LRSchedule';
  /** The optimiser whose `lr` each {@link LRSchedule.step} sets. */
  readonly optimizer: Optimizer;
  /** The optimiser's lr when the schedule was made (restored by {@link LRSchedule.loadStateDict}). */
  baseLr: number;
  /** Steps taken so far. */
  t = 0;
  constructor(optimizer: Optimizer) {
    if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.step !== 'function')
      throw new ArgumentError(
        `${className(this.constructor)}: expected an optimiser, got ${describe(optimizer)}`,
      );
    this.optimizer = optimizer;
    this.baseLr = optimizer.lr;
  }
  /** The learning rate after `t` steps. */
  abstract lrAt(t: number): number;
  /** Advances one step and sets the optimiser's lr. `metric` is used by ReduceLROnPlateau. */
  step(_metric?: number): number {
    this.t += 1;
    this.optimizer.lr = this.lrAt(this.t);
    return this.optimizer.lr;
  }
  /** Serialisable state. */
  stateDict(): Record<string, number> {
    return { t: this.t, baseLr: this.baseLr };
  }
  /** Restores {@link LRSchedule.stateDict}. */
  loadStateDict(s: Record<string, number>): void {
    if (
      s === null ||
      typeof s !== 'object' ||
      !Number.isInteger(s.t) ||
      typeof s.baseLr !== 'number'
    )
      throw new ArgumentError(
        `${className(this.constructor)}.loadStateDict: expected { t, baseLr }`,
      );
    this.t = s.t as number;
    this.baseLr = s.baseLr;
    this.optimizer.lr = this.lrAt(this.t);
  }
}

function pos(where: string, name: string, v: unknown, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (allowZero ? v < 0 : v <= 0))
    throw new ArgumentError(
      `${where}: ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${describe(v)}`,
    );
  return v;
}

/** `lr_t = base * gamma^floor(t / stepSize)` (StepLR). */
export class StepLR extends LRSchedule {
  static override readonly typeName: string = 'StepLR';
  /** Steps between decays (> 0). */
  readonly stepSize: number;
  /** Multiplicative decay applied every `stepSize` steps (default 0.1). */
  readonly gamma: number;
  constructor(optimizer: Optimizer, options: { stepSize: number; gamma?: number }) {
    super(optimizer);
    this.stepSize = pos('StepLR', 'stepSize', options?.stepSize);
    this.gamma = pos('StepLR', 'gamma', options.gamma ?? 0.1);
  }
  lrAt(t: number): number {
    return this.baseLr * this.gamma ** Math.floor(t / this.stepSize);
  }
}

/** `lr_t = base * gamma^t` (ExponentialLR). */
export class ExponentialLR extends LRSchedule {
  static override readonly typeName: string = 'ExponentialLR';
  /** Multiplicative decay per step (> 0). */
  readonly gamma: number;
  constructor(optimizer: Optimizer, options: { gamma: number }) {
    super(optimizer);
    this.gamma = pos('ExponentialLR', 'gamma', options?.gamma);
  }
  lrAt(t: number): number {
    return this.baseLr * this.gamma ** t;
  }
}

/** `lr_t = etaMin + (base - etaMin) (1 + cos(pi t / tMax)) / 2`, held at etaMin after tMax (CosineAnnealingLR). */
export class CosineAnnealingLR extends LRSchedule {
  static override readonly typeName: string = 'CosineAnnealingLR';
  /** Steps of the half cosine from the base lr down to `etaMin` (> 0). */
  readonly tMax: number;
  /** Lowest learning rate, reached at t = tMax and held after (default 0). */
  readonly etaMin: number;
  constructor(optimizer: Optimizer, options: { tMax: number; etaMin?: number }) {
    super(optimizer);
    this.tMax = pos('CosineAnnealingLR', 'tMax', options?.tMax);
    this.etaMin = pos('CosineAnnealingLR', 'etaMin', options.etaMin ?? 0, true);
  }
  lrAt(t: number): number {
    const tc = Math.min(t, this.tMax);
    return (
      this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * tc) / this.tMax))) / 2
    );
  }
}

/**
 * Linear warm-up: `lr_t = base * (startFactor + (1 - startFactor) min(t, warmupSteps) / warmupSteps)`
 * (LinearLR with endFactor 1). Sets the starting lr on construction.
 */
export class LinearWarmup extends LRSchedule {
  static override readonly typeName: string = 'LinearWarmup';
  /** Steps over which lr rises linearly to the base lr (> 0). */
  readonly warmupSteps: number;
  /** Fraction of the base lr at t = 0, in (0, 1] (default 1/3). */
  readonly startFactor: number;
  constructor(optimizer: Optimizer, options: { warmupSteps: number; startFactor?: number }) {
    super(optimizer);
    this.warmupSteps = pos('LinearWarmup', 'warmupSteps', options?.warmupSteps);
    this.startFactor = pos('LinearWarmup', 'startFactor', options.startFactor ?? 1 / 3);
    if (this.startFactor > 1)
      throw new ArgumentError(`LinearWarmup: startFactor must be <= 1, got ${this.startFactor}`);
    optimizer.lr = this.lrAt(0);
  }
  lrAt(t: number): number {
    const f =
      this.startFactor +
      ((1 - this.startFactor) * Math.min(t, this.warmupSteps)) / this.warmupSteps;
    return this.baseLr * f;
  }
}

/** Options of {@link ReduceLROnPlateau}. */
export interface PlateauOptions {
  /** `'min'` for losses (default), `'max'` for accuracies. */
  mode?: 'min' | 'max';
  /** Multiply lr by this on a plateau (default 0.1). */
  factor?: number;
  /** Steps without improvement tolerated (default 10). */
  patience?: number;
  /** Relative improvement needed (default 1e-4): better than best * (1 -/+ threshold). */
  threshold?: number;
  /** Steps to wait after a reduction (default 0). */
  cooldown?: number;
  /** Lower bound on lr (default 0). */
  minLr?: number;
}

/** Multiplies lr by `factor` when the metric has not improved for `patience` steps (PyTorch's rel mode). */
export class ReduceLROnPlateau extends LRSchedule {
  static override readonly typeName: string = 'ReduceLROnPlateau';
  /** `'min'`: lower metric is better (losses, default); `'max'`: higher is better (accuracies). */
  readonly mode: 'min' | 'max';
  /** Multiplier applied to lr on a plateau, in (0, 1) (default 0.1). */
  readonly factor: number;
  /** Steps without improvement tolerated before reducing (default 10). */
  readonly patience: number;
  /** Relative improvement needed: better means below best * (1 - threshold) ('min') or above best * (1 + threshold) ('max') (default 1e-4). */
  readonly threshold: number;
  /** Steps after a reduction during which bad steps are not counted (default 0). */
  readonly cooldown: number;
  /** Lower bound on lr (default 0). */
  readonly minLr: number;
  /** Best metric seen so far (starts at +Infinity for 'min', -Infinity for 'max'). */
  best: number;
  /** Consecutive steps without improvement since the last improvement or reduction. */
  badSteps = 0;
  /** Cooldown steps still to wait after the last reduction. */
  cooldownLeft = 0;
  private current: number;
  constructor(optimizer: Optimizer, options: PlateauOptions = {}) {
    super(optimizer);
    this.mode = options.mode ?? 'min';
    if (this.mode !== 'min' && this.mode !== 'max')
      throw new ArgumentError(
        `ReduceLROnPlateau: mode must be 'min' or 'max', got ${describe(this.mode)}`,
      );
    this.factor = pos('ReduceLROnPlateau', 'factor', options.factor ?? 0.1);
    if (this.factor >= 1)
      throw new ArgumentError(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    this.patience = pos('ReduceLROnPlateau', 'patience', options.patience ?? 10, true);
    this.threshold = pos('ReduceLROnPlateau', 'threshold', options.threshold ?? 1e-4, true);
    this.cooldown = pos('ReduceLROnPlateau', 'cooldown', options.cooldown ?? 0, true);
    this.minLr = pos('ReduceLROnPlateau', 'minLr', options.minLr ?? 0, true);
    this.best = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.current = optimizer.lr;
  }
  lrAt(_t: number): number {
    return this.current;
  }
  override step(metric?: number): number {
    if (typeof metric !== 'number' || Number.isNaN(metric))
      throw new ArgumentError(
        `ReduceLROnPlateau.step: expected the monitored metric, got ${describe(metric)}`,
      );
    this.t += 1;
    const better =
      this.mode === 'min'
        ? metric < this.best * (1 - this.threshold)
        : metric > this.best * (1 + this.threshold);
    if (better) {
      this.best = metric;
      this.badSteps = 0;
    } else this.badSteps += 1;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft -= 1;
      this.badSteps = 0;
    }
    if (this.badSteps > this.patience) {
      this.current = Math.max(this.current * this.factor, this.minLr);
      this.cooldownLeft = this.cooldown;
      this.badSteps = 0;
    }
    this.optimizer.lr = this.current;
    return this.current;
  }
  override stateDict(): Record<string, number> {
    return {
      t: this.t,
      baseLr: this.baseLr,
      best: this.best,
      badSteps: this.badSteps,
      cooldownLeft: this.cooldownLeft,
      current: this.current,
    };
  }
  override loadStateDict(s: Record<string, number>): void {
    const keys = ['t', 'baseLr', 'best', 'badSteps', 'cooldownLeft', 'current'] as const;
    // `best` starts at ±Infinity, which a JSON round trip turns into null.
    const bad = keys.filter(
      (k) => typeof s?.[k] !== 'number' && !(k === 'best' && s?.[k] === null),
    );
    if (bad.length > 0) {
      throw new ArgumentError(
        `ReduceLROnPlateau.loadStateDict: expected numbers for ${keys.join(', ')}; missing or invalid: ${bad.join(', ')}`,
      );
    }
    this.t = s.t as number;
    this.baseLr = s.baseLr as number;
    this.best =
      s.best ?? (this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
    this.badSteps = s.badSteps as number;
    this.cooldownLeft = s.cooldownLeft as number;
    this.current = s.current as number;
    this.optimizer.lr = this.current;
  }
}
