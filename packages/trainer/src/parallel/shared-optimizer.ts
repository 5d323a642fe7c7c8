/**
 * The optimiser's update in the workers (as ZeRO stage 1 shards it across GPUs, here in shared
 * memory): after the fixed-order sum, each worker updates its own range of the flat parameter
 * vector with a replica of the optimiser, whose state buffers are views of SharedArrayBuffers that
 * the caller's optimiser holds too. Every built-in update is elementwise (element i of the new
 * parameter and state depends only on element i of the old ones, the gradient and the scalars), so
 * updating ranges gives the bits of one `optimizer.step()` over whole parameters: the result
 * still depends on the shards only, never on the number of workers.
 *
 * The state lives in two sets of buffers that take turns: a step reads the set the caller's
 * optimiser holds and writes the new state into the other (each range copied over, then updated
 * in place), and the caller's optimiser takes the new set up only once every worker has answered
 * (`stepped`), as its parameters take their new values. A worker that dies during the update
 * leaves both the parameters and the optimiser's state as they were before the step.
 */
import { ArgumentError, describe, sizeOf, type Tensor, type TypedArray } from '@gradscope/core';
import { Adagrad } from '../optim/adagrad.js';
import { Adam, AdamW } from '../optim/adam.js';
import type { Optimizer, ParamState } from '../optim/optimizer.js';
import { createOptimizer, type OptimizerName } from '../optim/registry.js';
import { RMSProp } from '../optim/rmsprop.js';
import { SGD } from '../optim/sgd.js';
import type { ParamLayout } from './shards.js';

/** The optimisers whose update runs in workers (exact classes: a subclass may not be elementwise). */
const BUILT_IN = new Map<unknown, OptimizerName>([
  [SGD, 'sgd'],
  [Adam, 'adam'],
  [AdamW, 'adamw'],
  [RMSProp, 'rmsprop'],
  [Adagrad, 'adagrad'],
]);

/** What a worker needs to build its replica of the optimiser (sent once per sharing). */
export interface OptimizerShare {
  /** Registry name (`'adam'`, ...). */
  readonly name: OptimizerName;
  /** The state buffers' names (besides the step counter), each one flat float64 vector. */
  readonly keys: readonly string[];
  /**
   * Their SharedArrayBuffers, laid out as the parameters (`ParamLayout`): two sets (`[set][key]`)
   * that take turns holding the state (see {@link UpdatePlan.from}).
   */
  readonly buffers: readonly (readonly SharedArrayBuffer[])[];
}

/** One step's update: what changes between steps. */
export interface UpdatePlan {
  /** The learning rate of this step. */
  readonly lr: number;
  /** The other hyper-parameters (the optimiser's own record). */
  readonly hyper: Record<string, number | boolean>;
  /** Each parameter's step counter before this step, or null for an optimiser without one. */
  readonly steps: number[] | null;
  /** The set of state buffers that holds the state before this step; the step writes the other. */
  readonly from: 0 | 1;
}

/**
 * The optimiser's protected members this module uses, as its subclasses do: the state buffers,
 * the hyper-parameters and the per-parameter update (every Optimizer has them).
 */
interface Internals {
  state: ParamState[];
  hyper(): Record<string, number | boolean>;
  setHyper(h: Record<string, number | boolean>): void;
  update(w: TypedArray, g: TypedArray, s: ParamState, lr: number): void;
}
const internals = (o: Optimizer) => o as unknown as Internals;
const stateOf = (o: Optimizer): ParamState[] => internals(o).state;

/**
 * The caller's side: decides per step whether the update can run in the workers, and keeps the
 * optimiser's state buffers in shared memory while it does.
 */
export class SharedOptimizer {
  private optimizer: Optimizer | null = null;
  private hyperJson = '';
  private keys: string[] = [];
  /** Per set of buffers: each state key's view for each parameter (`key * params + param`). */
  private views: Float64Array[][] = [];
  /** Per set of buffers: each state key's whole flat vector. */
  private flat: Float64Array[][] = [];
  /** The set the caller's optimiser holds (the state before the next step). */
  private current: 0 | 1 = 0;
  /** Optimisers that have stepped once on the caller's thread (which creates their state). */
  private readonly started = new WeakSet<Optimizer>();

  constructor(private readonly layout: ParamLayout) {}

  /**
   * The plan for this step, with `share` (to post to every worker first) when the state has
   * just been moved to shared memory; null when this step's update stays on the caller's thread:
   * not a built-in optimiser, parameters other than the model's, its first step here (its state
   * does not exist yet), or hyper-parameters changed since the state was shared (they may add
   * state buffers, e.g. `amsgrad`; the next step shares them).
   */
  plan(
    o: Optimizer | undefined,
    params: readonly Tensor[],
  ): { plan: UpdatePlan; share: OptimizerShare | null } | null {
    if (o === undefined) return null;
    const name = BUILT_IN.get(o.constructor);
    if (name === undefined) return null;
    if (o.params.length !== params.length) return null;
    for (let i = 0; i < params.length; i++) if (o.params[i] !== params[i]) return null;
    if (!this.started.has(o)) {
      this.started.add(o);
      return null;
    }
    const hyper = internals(o).hyper();
    const json = JSON.stringify(hyper);
    let share: OptimizerShare | null = null;
    if (this.optimizer !== o || !this.stillShared(o)) {
      share = this.share(o, name);
      if (share === null) return null;
      this.hyperJson = json;
    } else if (json !== this.hyperJson) {
      this.optimizer = null;
      return null;
    }
    const state = stateOf(o);
    // Every parameter's step counter, or none (a loop: see stepped()).
    let counted = 0;
    for (const s of state) if (s.step !== undefined) counted++;
    let steps: number[] | null = null;
    if (counted === state.length) {
      steps = [];
      for (const s of state) steps.push((s.step as Float64Array)[0] as number);
    } else if (counted > 0) return null;
    return { plan: { lr: o.lr, hyper, steps, from: this.current }, share };
  }

  /**
   * After every worker's update: the caller's optimiser takes up the set of state buffers the
   * step wrote, and each parameter's step counter moves on, as `update` moves it.
   */
  stepped(): void {
    if (this.optimizer === null) return;
    this.current = this.current === 0 ? 1 : 0;
    // Plain loops, here and in everything a step runs: closures made per call were compiled
    // again by V8 every epoch or two (`node --trace-opt`: 10-84 compile jobs an epoch in a long
    // two-worker fit, on the two cores the step uses).
    const state = stateOf(this.optimizer);
    for (let i = 0; i < state.length; i++) {
      const s = state[i] as ParamState;
      for (let j = 0; j < this.keys.length; j++)
        s[this.keys[j] as string] = this.view(this.current, j, i);
      if (s.step !== undefined) s.step[0] = (s.step[0] as number) + 1;
    }
  }

  /** The shared optimiser as a worker's replica (for the calling thread's range), or null. */
  asWorker(): WorkerOptimizer | null {
    if (this.optimizer === null) return null;
    return { optimizer: this.optimizer, keys: this.keys, state: this.flat };
  }

  /** True while `o`'s state buffers are still the shared views (not replaced by loadStateDict). */
  private stillShared(o: Optimizer): boolean {
    const state = stateOf(o);
    for (let i = 0; i < state.length; i++)
      for (let j = 0; j < this.keys.length; j++)
        if ((state[i] as ParamState)[this.keys[j] as string] !== this.view(this.current, j, i))
          return false;
    return true;
  }

  /** Set `set`'s view of state key `j` for parameter `i`. */
  private view(set: 0 | 1, j: number, i: number): Float64Array {
    return this.views[set]?.[j * this.layout.names.length + i] as Float64Array;
  }

  /** Moves `o`'s state buffers into shared memory (copied); null if they are not per element. */
  private share(o: Optimizer, name: OptimizerName): OptimizerShare | null {
    const { offsets, size } = this.layout;
    const state = stateOf(o);
    const keyList = (s: ParamState) =>
      Object.keys(s)
        .filter((k) => k !== 'step')
        .sort();
    const keys = keyList(state[0] ?? {});
    const ok = state.every(
      (s, i) =>
        keyList(s).join() === keys.join() &&
        keys.every((k) => s[k]?.length === o.params[i]?.size) &&
        (s.step === undefined || s.step.length === 1),
    );
    if (!ok) return null;
    const buffers = [0, 1].map(() => keys.map(() => new SharedArrayBuffer(size * 8)));
    const views = buffers.map((set) =>
      keys.flatMap((k, j) =>
        state.map(
          (s, i) =>
            new Float64Array(
              set[j] as SharedArrayBuffer,
              (offsets[i] as number) * 8,
              (s[k] as Float64Array).length,
            ),
        ),
      ),
    );
    this.optimizer = o;
    this.keys = keys;
    this.views = views;
    // The state so far goes into set 0, which the caller's optimiser holds from now on.
    keys.forEach((k, j) => {
      state.forEach((s, i) => {
        const v = this.view(0, j, i);
        v.set(s[k] as Float64Array);
        s[k] = v;
      });
    });
    this.flat = buffers.map((set) => set.map((b) => new Float64Array(b, 0, size)));
    this.current = 0;
    return { name, keys, buffers };
  }
}

/** A worker's replica of the optimiser, over its replica's parameters and the shared state. */
export interface WorkerOptimizer {
  readonly optimizer: Optimizer;
  readonly keys: readonly string[];
  /** The two sets of state buffers (`[set][key]`, each a flat vector), see {@link UpdatePlan.from}. */
  readonly state: readonly (readonly Float64Array[])[];
}

/** Builds a worker's replica of the shared optimiser. */
export function workerOptimizer(
  share: OptimizerShare,
  params: readonly Tensor[],
  size: number,
): WorkerOptimizer {
  const sets = share.buffers;
  if (
    !Array.isArray(share.keys) ||
    !Array.isArray(sets) ||
    sets.length !== 2 ||
    sets.some((set) => !Array.isArray(set) || set.length !== share.keys.length)
  )
    throw new ArgumentError(
      `expected two sets of shared buffers, one per state key each, got ${describe(share)}`,
    );
  return {
    optimizer: createOptimizer(share.name, params, { lr: 1 }),
    keys: share.keys,
    state: sets.map((set) => set.map((b: SharedArrayBuffer) => new Float64Array(b, 0, size))),
  };
}

/**
 * Elements `[from, to)` of the flat parameters `w`, updated in place from the summed gradient
 * `g` by the replica's `update` (per parameter, on the part of it inside the range), the state
 * read from the set `plan.from` and written to the other.
 */
export function updateRange(
  r: WorkerOptimizer,
  layout: ParamLayout,
  plan: UpdatePlan,
  w: TypedArray,
  g: TypedArray,
  from: number,
  to: number,
): void {
  const o = internals(r.optimizer);
  o.setHyper(plan.hyper);
  const src = r.state[plan.from] as readonly Float64Array[];
  const dst = r.state[1 - plan.from] as readonly Float64Array[];
  for (let i = 0; i < layout.offsets.length; i++) {
    const start = layout.offsets[i] as number;
    const a = Math.max(from, start);
    const b = Math.min(to, start + sizeOf(layout.shapes[i] ?? []));
    if (a >= b) continue;
    const s: ParamState = {};
    for (let j = 0; j < r.keys.length; j++) {
      const next = (dst[j] as Float64Array).subarray(a, b);
      next.set((src[j] as Float64Array).subarray(a, b));
      s[r.keys[j] as string] = next;
    }
    // A copy of the counter: every worker moves its own, the caller moves the optimiser's.
    if (plan.steps !== null) s.step = Float64Array.of(plan.steps[i] as number);
    o.update(w.subarray(a, b), g.subarray(a, b), s, plan.lr);
  }
}
