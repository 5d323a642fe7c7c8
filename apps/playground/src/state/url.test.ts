/** The URL carries the whole state: every valid state round-trips, bad values are named. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownNames } from './names.js';
import {
  type ActivationParamsState,
  DATASETS,
  DEFAULT_STATE,
  FEATURES,
  GAINS,
  LIMITS,
  LOSSES,
  type NetworkState,
  NORMS,
  OPTIMIZERS,
  type PlaygroundState,
  REGULARIZATIONS,
  SCHEDULES,
  withActivationParam,
  withDepth,
} from './state.js';
import { stateFromQuery, stateToQuery } from './url.js';

const known = knownNames();
const int = (b: { min: number; max: number }) => fc.integer({ min: b.min, max: b.max });
const real = (b: { min: number; max: number }) =>
  fc.double({ min: b.min, max: b.max, noNaN: true, noDefaultInfinity: true });

/** Every (activation, parameter) pair of the catalogue, with a range of values to try. */
const PARAM_PAIRS = Object.entries(known.params).flatMap(([a, specs]) =>
  specs.map((sp) => ({ a, k: sp.name, def: sp.default })),
);
const paramValue = (k: string) =>
  k === 'straightThrough'
    ? fc.constant(1)
    : k === 'min'
      ? fc.double({ min: -3, max: -0.05, noNaN: true })
      : k === 'threshold'
        ? fc.double({ min: 1, max: 40, noNaN: true })
        : fc.double({ min: 0.05, max: 3, noNaN: true });

/** Activation parameters as the page keeps them: valid, and only values that differ from the defaults. */
const paramsArb: fc.Arbitrary<ActivationParamsState> = fc
  .subarray(PARAM_PAIRS, { maxLength: 4 })
  .chain((pairs) => fc.tuple(fc.constant(pairs), fc.tuple(...pairs.map((x) => paramValue(x.k)))))
  .map(([pairs, values]) => {
    let n: NetworkState = { ...DEFAULT_STATE.network, activationParams: {} };
    pairs.forEach((x, i) => {
      const next = withActivationParam(n, x.a, x.k, values[i] as number, x.def);
      const full = Object.fromEntries(
        (known.params[x.a] ?? []).map((sp) => [
          sp.name,
          next.activationParams[x.a]?.[sp.name] ?? sp.default,
        ]),
      );
      if (known.checkParams(x.a, full) === null) n = next;
    });
    return n.activationParams;
  });

const stateArb: fc.Arbitrary<PlaygroundState> = fc
  .record({
    seed: int(LIMITS.seed),
    depth: int(LIMITS.depth),
    perLayer: fc.boolean(),
    acts: fc.array(fc.constantFrom(...known.activations), { minLength: 32, maxLength: 32 }),
    features: fc.subarray([...FEATURES]),
  })
  .chain((r) =>
    fc.record({
      seed: fc.constant(r.seed),
      data: fc.record({
        dataset: fc.constantFrom(...DATASETS),
        noise: real(LIMITS.noise),
        samples: int(LIMITS.samples),
        trainFraction: real(LIMITS.trainFraction),
        batchSize: int(LIMITS.batchSize),
        features: fc.constant(r.features),
      }),
      network: fc.record({
        depth: fc.constant(r.depth),
        width: int(LIMITS.width),
        activation: fc.constantFrom(...known.activations),
        layerActivations: fc.constant(r.perLayer ? r.acts.slice(0, r.depth) : null),
        activationParams: paramsArb,
        init: fc.constantFrom(...known.initializers),
        gain: fc.constantFrom(...GAINS),
        residual: fc.boolean(),
        norm: fc.constantFrom(...NORMS),
        dropout: real(LIMITS.dropout),
      }),
      training: fc.record({
        loss: fc.constantFrom(...LOSSES),
        optimizer: fc.constantFrom(...OPTIMIZERS),
        lr: real(LIMITS.lr),
        schedule: fc.constantFrom(...SCHEDULES),
        regularization: fc.constantFrom(...REGULARIZATIONS),
        regRate: real(LIMITS.regRate),
      }),
    }),
  );

/** A network and training arbitrary (for compare mode's B). */
const sideArb = fc
  .record({
    depth: int(LIMITS.depth),
    perLayer: fc.boolean(),
    acts: fc.array(fc.constantFrom(...known.activations), { minLength: 32, maxLength: 32 }),
  })
  .chain((r) =>
    fc.record({
      network: fc.record({
        depth: fc.constant(r.depth),
        width: int(LIMITS.width),
        activation: fc.constantFrom(...known.activations),
        layerActivations: fc.constant(r.perLayer ? r.acts.slice(0, r.depth) : null),
        activationParams: paramsArb,
        init: fc.constantFrom(...known.initializers),
        gain: fc.constantFrom(...GAINS),
        residual: fc.boolean(),
        norm: fc.constantFrom(...NORMS),
        dropout: real(LIMITS.dropout),
      }),
      training: fc.record({
        loss: fc.constantFrom(...LOSSES),
        optimizer: fc.constantFrom(...OPTIMIZERS),
        lr: real(LIMITS.lr),
        schedule: fc.constantFrom(...SCHEDULES),
        regularization: fc.constantFrom(...REGULARIZATIONS),
        regRate: real(LIMITS.regRate),
      }),
    }),
  );

/**
 * Compare-mode states: B random, or B a copy of A changed in one or two fields (the usual case,
 * where most `b.` parameters are left out and inherited from A).
 */
const compareArb: fc.Arbitrary<PlaygroundState> = fc
  .tuple(stateArb, sideArb, fc.integer({ min: 0, max: 3 }), fc.boolean())
  .map(([s, b, mode, perLayerA]) => {
    const a = perLayerA
      ? withDepth({ ...s.network, layerActivations: [] }, s.network.depth)
      : s.network;
    const base = { ...s, network: a };
    if (mode === 0) return { ...base, compare: b };
    if (mode === 1) return { ...base, compare: { network: a, training: s.training } };
    if (mode === 2)
      return {
        ...base,
        compare: {
          // B changes the activation and its parameters (possibly back to the defaults).
          network: {
            ...a,
            activation: b.network.activation,
            activationParams: b.network.activationParams,
          },
          training: b.training,
        },
      };
    return { ...base, compare: { network: withDepth(a, b.network.depth), training: s.training } };
  });

describe('state in the URL', () => {
  it('compare mode: A and B round-trip exactly; B is written as b.* where it differs from A', () => {
    fc.assert(
      fc.property(compareArb, (s) => {
        const back = stateFromQuery(`?${stateToQuery(s)}`, known);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(s);
      }),
      { numRuns: 300 },
    );
    const preset: PlaygroundState = {
      ...DEFAULT_STATE,
      network: { ...DEFAULT_STATE.network, depth: 12, activation: 'sigmoid' },
      compare: {
        network: { ...DEFAULT_STATE.network, depth: 12, activation: 'relu' },
        training: DEFAULT_STATE.training,
      },
    };
    expect(stateToQuery(preset)).toBe('depth=12&act=sigmoid&cmp=1&b.act=relu');
    expect(stateFromQuery('cmp=1&b.depth=99', known).problems).toEqual([
      'b.depth=99: expected an integer in [1, 32]',
    ]);
  });

  it('the default state is the empty query', () => {
    expect(stateToQuery(DEFAULT_STATE)).toBe('');
    expect(stateFromQuery('', known)).toEqual({ state: DEFAULT_STATE, problems: [] });
  });

  it('every valid state round-trips exactly (numbers to the last bit)', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        const back = stateFromQuery(`?${stateToQuery(s)}`, known);
        expect(back.problems).toEqual([]);
        expect(back.state).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('writes short readable parameters', () => {
    const s: PlaygroundState = {
      ...DEFAULT_STATE,
      network: { ...DEFAULT_STATE.network, depth: 24, width: 128, activation: 'relu' },
    };
    expect(stateToQuery(s)).toBe('depth=24&width=128&act=relu');
  });

  it('activation parameters: ap.<activation>.<param>, checked by the activation, defaults dropped', () => {
    const s: PlaygroundState = {
      ...DEFAULT_STATE,
      network: {
        ...DEFAULT_STATE.network,
        activation: 'leakyRelu',
        activationParams: { leakyRelu: { alpha: 0.3 } },
      },
    };
    expect(stateToQuery(s)).toBe('act=leakyRelu&ap.leakyRelu.alpha=0.3');
    expect(stateFromQuery('act=leakyRelu&ap.leakyRelu.alpha=0.3', known).state).toEqual(s);
    // The default value is the absent one: one state, one URL.
    expect(stateFromQuery('ap.leakyRelu.alpha=0.01', known).state).toEqual(DEFAULT_STATE);
    const bad = stateFromQuery(
      'ap.softplus.beta=-1&ap.leakyRelu.slope=2&ap.tanh.alpha=1&ap.elu.alpha=x',
      known,
    );
    expect(bad.state).toEqual(DEFAULT_STATE);
    expect([...bad.problems].sort()).toEqual(
      [
        // The activation's own message.
        'ap.softplus.beta=-1: softplus: beta must be > 0, got -1',
        'ap.leakyRelu.slope=2: leakyRelu has the parameters alpha',
        `ap.tanh.alpha=1: expected ap.<activation>.<parameter> for an activation with parameters (${Object.keys(known.params).join(', ')})`,
        "ap.elu.alpha=x: expected a finite number (elu's alpha, default 1)",
      ].sort(),
    );
    // B goes back to the default where A has a value: an empty b. value.
    const c: PlaygroundState = {
      ...s,
      compare: { network: { ...s.network, activationParams: {} }, training: s.training },
    };
    expect(stateToQuery(c)).toBe(
      'act=leakyRelu&ap.leakyRelu.alpha=0.3&cmp=1&b.ap.leakyRelu.alpha=',
    );
    expect(stateFromQuery(stateToQuery(c), known).state).toEqual(c);
  });

  it('names each value it cannot use and keeps the default for it', () => {
    const { state, problems } = stateFromQuery(
      'depth=99&act=tanhh&lr=-1&features=x1,x9&acts=relu,tanh&residual=yes&width=16',
      known,
    );
    expect(state.network.depth).toBe(DEFAULT_STATE.network.depth);
    expect(state.network.activation).toBe('tanh');
    expect(state.training.lr).toBe(DEFAULT_STATE.training.lr);
    expect(state.network.layerActivations).toBeNull();
    expect([...problems].sort()).toEqual(
      [
        'acts=relu,tanh: expected 6 activations (one per layer)',
        `act=tanhh: expected one of ${known.activations.join(', ')}`,
        'depth=99: expected an integer in [1, 32]',
        'features=x1,x9: expected a comma-separated list of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2',
        'lr=-1: expected a number in [0.000001, 10]',
        'residual=yes: expected 0 or 1',
      ].sort(),
    );
  });
});
