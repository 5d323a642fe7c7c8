/**
 * The state in the URL: `stateToQuery` writes every field that differs from the default as a
 * short query parameter, `stateFromQuery` reads them back (unknown or out-of-range values fall
 * back to the default, and each such value is reported), so that
 * `stateFromQuery(stateToQuery(s)).state` equals `s` for every valid state.
 */
import {
  DATASETS,
  type DatasetName,
  DEFAULT_STATE,
  FEATURES,
  type FeatureName,
  GAINS,
  LIMITS,
  LOSSES,
  NORMS,
  OPTIMIZERS,
  type PlaygroundState,
  REGULARIZATIONS,
  SCHEDULES,
} from './state.js';

/** What {@link stateFromQuery} returns: the state and the parameters it could not use. */
export interface ParsedState {
  readonly state: PlaygroundState;
  /** One line per ignored parameter: `depth=99: expected an integer in [1, 32]`. */
  readonly problems: readonly string[];
}

/** Names (activations, initialisers) the parser accepts, from the packages. */
export interface KnownNames {
  readonly activations: readonly string[];
  readonly initializers: readonly string[];
}

type Bounds = { readonly min: number; readonly max: number };

const num = (v: number) => String(v);

/** The query string (without `?`) for `s`; the default state gives ''. */
export function stateToQuery(s: PlaygroundState): string {
  const d = DEFAULT_STATE;
  const p = new URLSearchParams();
  const put = (k: string, v: string, dv: string) => {
    if (v !== dv) p.set(k, v);
  };
  put('seed', num(s.seed), num(d.seed));
  put('data', s.data.dataset, d.data.dataset);
  put('noise', num(s.data.noise), num(d.data.noise));
  put('n', num(s.data.samples), num(d.data.samples));
  put('train', num(s.data.trainFraction), num(d.data.trainFraction));
  put('batch', num(s.data.batchSize), num(d.data.batchSize));
  put('features', s.data.features.join(','), d.data.features.join(','));
  put('depth', num(s.network.depth), num(d.network.depth));
  put('width', num(s.network.width), num(d.network.width));
  put('act', s.network.activation, d.network.activation);
  if (s.network.layerActivations !== null) p.set('acts', s.network.layerActivations.join(','));
  put('init', s.network.init, d.network.init);
  put('gain', s.network.gain, d.network.gain);
  put('residual', s.network.residual ? '1' : '0', d.network.residual ? '1' : '0');
  put('norm', s.network.norm, d.network.norm);
  put('dropout', num(s.network.dropout), num(d.network.dropout));
  put('loss', s.training.loss, d.training.loss);
  put('opt', s.training.optimizer, d.training.optimizer);
  put('lr', num(s.training.lr), num(d.training.lr));
  put('sched', s.training.schedule, d.training.schedule);
  put('reg', s.training.regularization, d.training.regularization);
  put('regRate', num(s.training.regRate), num(d.training.regRate));
  return p.toString();
}

/** Reads a state from a query string (with or without `?`); see the module comment. */
export function stateFromQuery(query: string, known: KnownNames): ParsedState {
  const p = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query);
  const problems: string[] = [];
  const d = DEFAULT_STATE;
  const bad = (k: string, v: string, why: string) => problems.push(`${k}=${v}: ${why}`);
  const number = (k: string, dv: number, b: Bounds, integer = false): number => {
    const v = p.get(k);
    if (v === null) return dv;
    const x = Number(v);
    if (
      v.trim() === '' ||
      !Number.isFinite(x) ||
      x < b.min ||
      x > b.max ||
      (integer && !Number.isInteger(x))
    ) {
      bad(k, v, `expected ${integer ? 'an integer' : 'a number'} in [${b.min}, ${b.max}]`);
      return dv;
    }
    return x;
  };
  const choice = <T extends string>(k: string, dv: T, options: readonly T[]): T => {
    const v = p.get(k);
    if (v === null) return dv;
    if ((options as readonly string[]).includes(v)) return v as T;
    bad(k, v, `expected one of ${options.join(', ')}`);
    return dv;
  };
  const flag = (k: string, dv: boolean): boolean => {
    const v = p.get(k);
    if (v === null) return dv;
    if (v === '1' || v === '0') return v === '1';
    bad(k, v, 'expected 0 or 1');
    return dv;
  };
  const depth = number('depth', d.network.depth, LIMITS.depth, true);
  const activation = choice('act', d.network.activation, known.activations);
  let layerActivations: string[] | null = null;
  const acts = p.get('acts');
  if (acts !== null) {
    const list = acts.split(',');
    const unknown = list.filter((a) => !known.activations.includes(a));
    if (list.length !== depth) bad('acts', acts, `expected ${depth} activations (one per layer)`);
    else if (unknown.length > 0) bad('acts', acts, `unknown activation ${unknown.join(', ')}`);
    else layerActivations = list;
  }
  let features: FeatureName[] = [...d.data.features];
  const f = p.get('features');
  if (f !== null) {
    const list = f.split(',').filter((x) => x !== '');
    const unknown = list.filter((x) => !(FEATURES as readonly string[]).includes(x));
    if (unknown.length > 0)
      bad('features', f, `expected a comma-separated list of ${FEATURES.join(', ')}`);
    else features = FEATURES.filter((x) => list.includes(x));
  }
  const state: PlaygroundState = {
    seed: number('seed', d.seed, LIMITS.seed, true),
    data: {
      dataset: choice<DatasetName>('data', d.data.dataset, DATASETS),
      noise: number('noise', d.data.noise, LIMITS.noise),
      samples: number('n', d.data.samples, LIMITS.samples, true),
      trainFraction: number('train', d.data.trainFraction, LIMITS.trainFraction),
      batchSize: number('batch', d.data.batchSize, LIMITS.batchSize, true),
      features,
    },
    network: {
      depth,
      width: number('width', d.network.width, LIMITS.width, true),
      activation,
      layerActivations,
      init: choice('init', d.network.init, known.initializers),
      gain: choice('gain', d.network.gain, GAINS),
      residual: flag('residual', d.network.residual),
      norm: choice('norm', d.network.norm, NORMS),
      dropout: number('dropout', d.network.dropout, LIMITS.dropout),
    },
    training: {
      loss: choice('loss', d.training.loss, LOSSES),
      optimizer: choice('opt', d.training.optimizer, OPTIMIZERS),
      lr: number('lr', d.training.lr, LIMITS.lr),
      schedule: choice('sched', d.training.schedule, SCHEDULES),
      regularization: choice('reg', d.training.regularization, REGULARIZATIONS),
      regRate: number('regRate', d.training.regRate, LIMITS.regRate),
    },
  };
  return { state, problems };
}
