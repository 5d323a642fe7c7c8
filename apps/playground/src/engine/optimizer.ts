/**
 * The optimiser and learning-rate schedule of the state, from the trainer (`createOptimizer`,
 * its schedules), and the weight penalty added to the loss.
 */
import type { Tensor } from '@gradscope/core';
import {
  CosineAnnealingLR,
  createOptimizer,
  ExponentialLR,
  type Linear,
  LinearWarmup,
  type LRSchedule,
  type Optimizer,
  StepLR,
} from '@gradscope/trainer';
import type { ScheduleChoice, TrainingState } from '../state/state.js';

/** How each optimiser is named in the page. */
export const OPTIMIZER_LABELS = {
  sgd: 'SGD',
  momentum: 'SGD with momentum 0.9',
  adam: 'Adam',
  adamw: 'AdamW (weight decay 0.01)',
  rmsprop: 'RMSProp',
} as const;

/** How each schedule is named in the page (epochs; warm-up counts steps). */
export const SCHEDULE_LABELS: Readonly<Record<ScheduleChoice, string>> = {
  constant: 'constant',
  step: 'halve every 100 epochs',
  exponential: '× 0.99 per epoch',
  cosine: 'cosine to 0 over 500 epochs',
  warmup: 'linear warm-up over 200 steps',
};

/** The trainer optimiser for `t` over `params`. */
export function makeOptimizer(t: TrainingState, params: Tensor[]): Optimizer {
  switch (t.optimizer) {
    case 'sgd':
      return createOptimizer('sgd', params, { lr: t.lr });
    case 'momentum':
      return createOptimizer('sgd', params, { lr: t.lr, momentum: 0.9 });
    case 'adam':
      return createOptimizer('adam', params, { lr: t.lr });
    case 'adamw':
      return createOptimizer('adamw', params, { lr: t.lr });
    case 'rmsprop':
      return createOptimizer('rmsprop', params, { lr: t.lr });
  }
}

/** A schedule and when it steps: once per epoch, or once per training step (warm-up). */
export interface Schedule {
  readonly schedule: LRSchedule;
  readonly per: 'epoch' | 'step';
}

/** The trainer schedule for `choice`, or null for a constant rate. */
export function makeSchedule(choice: ScheduleChoice, optimizer: Optimizer): Schedule | null {
  switch (choice) {
    case 'constant':
      return null;
    case 'step':
      return { schedule: new StepLR(optimizer, { stepSize: 100, gamma: 0.5 }), per: 'epoch' };
    case 'exponential':
      return { schedule: new ExponentialLR(optimizer, { gamma: 0.99 }), per: 'epoch' };
    case 'cosine':
      return { schedule: new CosineAnnealingLR(optimizer, { tMax: 500 }), per: 'epoch' };
    case 'warmup':
      return { schedule: new LinearWarmup(optimizer, { warmupSteps: 200 }), per: 'step' };
  }
}

/**
 * The penalty over every weight matrix (biases excluded): L1 λ Σ|w|, L2 λ/2 Σ w²; null when
 * there is none.
 */
export function penalty(t: TrainingState, linears: readonly Linear[]): Tensor | null {
  if (t.regularization === 'none' || t.regRate === 0) return null;
  let total: Tensor | null = null;
  for (const l of linears) {
    const term = t.regularization === 'l1' ? l.weight.abs().sum() : l.weight.square().sum();
    total = total === null ? term : total.add(term);
  }
  if (total === null) return null;
  return total.mul(t.regularization === 'l1' ? t.regRate : t.regRate / 2);
}
