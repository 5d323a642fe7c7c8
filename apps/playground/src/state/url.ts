/**
 * The state in the URL: `stateToQuery` writes every field that differs from the default as a
 * short query parameter, `stateFromQuery` reads them back (unknown or out-of-range values fall
 * back to the default, and each such value is reported; activation parameters are checked by the
 * activation itself, see {@link KnownNames.checkParams}), so that
 * `stateFromQuery(stateToQuery(s)).state` equals `s` for every valid state.
 */
import {
  type ActivationParamsState,
  DATASETS,
  type DatasetName,
  DEFAULT_STATE,
  FEATURES,
  type FeatureName,
  GAINS,
  LIMITS,
  LOSSES,
  type NetworkState,
  NORMS,
  OPTIMIZERS,
  type PlaygroundState,
  REGULARIZATIONS,
  SCHEDULES,
  type TrainingState,
  withDepth,
} from './state.js';

/** What {@link stateFromQuery} returns: the state and the parameters it could not use. */
export interface ParsedState {
  readonly state: PlaygroundState;
  /** One line per ignored parameter: `depth=99: expected an integer in [1, 32]`. */
  readonly problems: readonly string[];
}

/** One fixed parameter of an activation (its name and default, from the catalogue). */
export interface KnownParam {
  readonly name: string;
  readonly default: number;
}

/** Names (activations, initialisers) the parser accepts, from the packages. */
export interface KnownNames {
  readonly activations: readonly string[];
  readonly initializers: readonly string[];
  /** The fixed parameters of each activation that has some. */
  readonly params: Readonly<Record<string, readonly KnownParam[]>>;
  /**
   * Why `params` are not valid for `activation` (the package's own message), or null when they
   * are: what the activation itself accepts (softplus's beta must be > 0, …).
   */
  readonly checkParams: (
    activation: string,
    params: Readonly<Record<string, number>>,
  ) => string | null;
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
  putConfig(p, '', s.network, s.training, d.network, d.training);
  const b = s.compare;
  if (b !== undefined && b !== null) {
    p.set('cmp', '1');
    putConfig(p, 'b.', b.network, b.training, s.network, s.training);
  }
  return p.toString();
}

/**
 * Writes `network` and `training` under `prefix` where they differ from `dn` / `dt` (the
 * default for A; A's own for compare mode's B, written `b.act=relu`).
 */
function putConfig(
  p: URLSearchParams,
  prefix: string,
  n: NetworkState,
  t: TrainingState,
  dn: NetworkState,
  dt: TrainingState,
): void {
  const put = (k: string, v: string, dv: string) => {
    if (v !== dv) p.set(prefix + k, v);
  };
  put('depth', num(n.depth), num(dn.depth));
  put('width', num(n.width), num(dn.width));
  put('act', n.activation, dn.activation);
  const acts = (x: NetworkState) =>
    x.layerActivations === null ? '' : x.layerActivations.join(',');
  if (n.layerActivations !== null && (prefix === '' || acts(n) !== acts(dn)))
    p.set(`${prefix}acts`, acts(n));
  if (prefix !== '' && n.layerActivations === null && dn.layerActivations !== null)
    p.set(`${prefix}acts`, '');
  // Activation parameters: `ap.<activation>.<param>=value`; for B an empty value means "back to
  // the default" where A has one set.
  const withParams = new Set([
    ...Object.keys(n.activationParams),
    ...Object.keys(dn.activationParams),
  ]);
  for (const a of [...withParams].sort()) {
    const mine = n.activationParams[a] ?? {};
    const base = prefix === '' ? {} : (dn.activationParams[a] ?? {});
    for (const k of [...new Set([...Object.keys(mine), ...Object.keys(base)])].sort()) {
      const v = mine[k];
      if (v !== base[k]) p.set(`${prefix}ap.${a}.${k}`, v === undefined ? '' : num(v));
    }
  }
  put('init', n.init, dn.init);
  put('gain', n.gain, dn.gain);
  put('residual', n.residual ? '1' : '0', dn.residual ? '1' : '0');
  put('norm', n.norm, dn.norm);
  put('dropout', num(n.dropout), num(dn.dropout));
  put('loss', t.loss, dt.loss);
  put('opt', t.optimizer, dt.optimizer);
  put('lr', num(t.lr), num(dt.lr));
  put('sched', t.schedule, dt.schedule);
  put('reg', t.regularization, dt.regularization);
  put('regRate', num(t.regRate), num(dt.regRate));
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
  let features: FeatureName[] = [...d.data.features];
  const f = p.get('features');
  if (f !== null) {
    const list = f.split(',').filter((x) => x !== '');
    const unknown = list.filter((x) => !(FEATURES as readonly string[]).includes(x));
    if (unknown.length > 0)
      bad('features', f, `expected a comma-separated list of ${FEATURES.join(', ')}`);
    else features = FEATURES.filter((x) => list.includes(x));
  }
  // `ap.<activation>.<param>` entries under `prefix`, over `base` (B starts from A's).
  const readParams = (prefix: string, base: ActivationParamsState): ActivationParamsState => {
    const changes = new Map<string, Map<string, number | null>>();
    for (const [key, v] of p) {
      if (!key.startsWith(`${prefix}ap.`)) continue;
      const [a = '', k = '', ...rest] = key.slice(prefix.length + 3).split('.');
      const specs = known.params[a];
      const spec = specs?.find((x) => x.name === k);
      if (rest.length > 0 || !known.activations.includes(a) || specs === undefined) {
        bad(
          key,
          v,
          `expected ${prefix}ap.<activation>.<parameter> for an activation with parameters (${Object.keys(known.params).join(', ')})`,
        );
        continue;
      }
      if (spec === undefined) {
        bad(key, v, `${a} has the parameters ${specs.map((x) => x.name).join(', ')}`);
        continue;
      }
      const x = Number(v);
      if (v.trim() === '' && prefix !== '') {
        changes.set(a, (changes.get(a) ?? new Map()).set(k, null));
        continue;
      }
      if (v.trim() === '' || !Number.isFinite(x)) {
        bad(key, v, `expected a finite number (${a}'s ${k}, default ${spec.default})`);
        continue;
      }
      changes.set(a, (changes.get(a) ?? new Map()).set(k, x));
    }
    let out: ActivationParamsState = base;
    for (const [a, entries] of changes) {
      const specs = known.params[a] as readonly KnownParam[];
      const merged: Record<string, number> = { ...(base[a] ?? {}) };
      for (const [k, x] of entries) {
        if (x === null) delete merged[k];
        else merged[k] = x;
      }
      const full = Object.fromEntries(specs.map((sp) => [sp.name, merged[sp.name] ?? sp.default]));
      const why = known.checkParams(a, full);
      if (why !== null) {
        for (const [k] of entries)
          bad(`${prefix}ap.${a}.${k}`, p.get(`${prefix}ap.${a}.${k}`) ?? '', why);
        continue;
      }
      // Only values that differ from the defaults are kept (one state, one value).
      const own = Object.fromEntries(
        Object.entries(merged).filter(([k, x]) => x !== specs.find((sp) => sp.name === k)?.default),
      );
      const { [a]: _, ...others } = out;
      out = Object.keys(own).length === 0 ? others : { ...others, [a]: own };
    }
    return out;
  };
  const readConfig = (prefix: string, dn: NetworkState, dt: TrainingState) => {
    const k = (x: string) => prefix + x;
    const depth = number(k('depth'), dn.depth, LIMITS.depth, true);
    const activation = choice(k('act'), dn.activation, known.activations);
    let layerActivations: readonly string[] | null =
      prefix === '' || dn.layerActivations === null ? null : withDepth(dn, depth).layerActivations;
    const acts = p.get(k('acts'));
    if (acts !== null && prefix !== '' && acts === '') layerActivations = null;
    else if (acts !== null) {
      const list = acts.split(',');
      const unknown = list.filter((x) => !known.activations.includes(x));
      if (list.length !== depth)
        bad(k('acts'), acts, `expected ${depth} activations (one per layer)`);
      else if (unknown.length > 0) bad(k('acts'), acts, `unknown activation ${unknown.join(', ')}`);
      else layerActivations = list;
    }
    const network: NetworkState = {
      depth,
      width: number(k('width'), dn.width, LIMITS.width, true),
      activation,
      layerActivations,
      activationParams: readParams(prefix, prefix === '' ? {} : dn.activationParams),
      init: choice(k('init'), dn.init, known.initializers),
      gain: choice(k('gain'), dn.gain, GAINS),
      residual: flag(k('residual'), dn.residual),
      norm: choice(k('norm'), dn.norm, NORMS),
      dropout: number(k('dropout'), dn.dropout, LIMITS.dropout),
    };
    const training: TrainingState = {
      loss: choice(k('loss'), dt.loss, LOSSES),
      optimizer: choice(k('opt'), dt.optimizer, OPTIMIZERS),
      lr: number(k('lr'), dt.lr, LIMITS.lr),
      schedule: choice(k('sched'), dt.schedule, SCHEDULES),
      regularization: choice(k('reg'), dt.regularization, REGULARIZATIONS),
      regRate: number(k('regRate'), dt.regRate, LIMITS.regRate),
    };
    return { network, training };
  };
  const a = readConfig('', d.network, d.training);
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
    network: a.network,
    training: a.training,
  };
  if (flag('cmp', false))
    return { state: { ...state, compare: readConfig('b.', a.network, a.training) }, problems };
  return { state, problems };
}
