/**
 * Full training checkpoints in one safetensors file: model parameters and buffers under
 * `model.<dotted name>`, optimiser state under `optimizer.<param index>.<key>` (F64), and in
 * `__metadata__['gradscope.checkpoint']` a JSON record of the epoch, optimiser
 * hyper-parameters, schedule state and generator states (data shuffling, dropout).
 */
import { ArgumentError, createRng, describe, type Rng, type Tensor, tensor } from '@gradscope/core';
import type { Module } from '../modules/module.js';
import type { Optimizer, OptimizerState, ParamState } from '../optim/optimizer.js';
import type { LRSchedule } from '../optim/schedules.js';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.js';

/** What a checkpoint holds (everything but the model is optional). */
export interface CheckpointParts {
  /** The model: its `stateDict()` is saved under `model.<name>`; on load it is restored strictly. */
  model: Module;
  /** Optimiser whose per-parameter state (F64 tensors) and hyper-parameters are saved / restored. */
  optimizer?: Optimizer;
  /** Learning-rate schedule whose `stateDict()` (step count, plateau counters, ...) is saved / restored. */
  schedule?: LRSchedule;
  /** Epochs completed. */
  epoch?: number;
  /** Extra generators to save, e.g. `{ data: loaderRng }` (the model's own, such as Dropout's, are saved automatically). */
  rngs?: Readonly<Record<string, Rng>>;
  /** Any JSON-serialisable extra information. */
  extra?: unknown;
}

const META_KEY = 'gradscope.checkpoint';

interface Record_ {
  version: 1;
  epoch: number;
  optimizer: { type: string; hyper: Record<string, number | boolean>; keys: string[][] } | null;
  schedule: Record<string, number> | null;
  rngs: Record<string, Array<number | null>>;
  modelRngs: Record<string, Array<number | null>>;
  extra: unknown;
}

const rngState = (r: Rng) => r.getState().map((v) => (Number.isNaN(v) ? null : v));
const fromRngState = (s: ReadonlyArray<number | null>) =>
  s.map((v) => (v === null ? Number.NaN : v));

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the structure of a checkpoint's metadata record (it comes from a file). */
function checkRecord(rec: unknown): Record_ {
  const bad = (what: string): never => {
    throw new SafetensorsError(`loadCheckpoint: malformed '${META_KEY}' metadata: ${what}`);
  };
  if (!isObject(rec)) return bad('expected an object');
  if (rec.version !== 1)
    throw new SafetensorsError(
      `loadCheckpoint: unsupported checkpoint version ${String(rec.version)}`,
    );
  if (typeof rec.epoch !== 'number' || !Number.isFinite(rec.epoch))
    bad(`epoch must be a number, got ${describe(rec.epoch)}`);
  const o = rec.optimizer;
  if (o !== null) {
    if (!isObject(o)) return bad('optimizer must be an object or null');
    if (typeof o.type !== 'string') bad('optimizer.type must be a string');
    if (
      !isObject(o.hyper) ||
      Object.values(o.hyper).some((v) => typeof v !== 'number' && typeof v !== 'boolean')
    )
      bad('optimizer.hyper must be an object of numbers and booleans');
    if (
      !Array.isArray(o.keys) ||
      o.keys.some((k) => !Array.isArray(k) || k.some((x) => typeof x !== 'string'))
    )
      bad('optimizer.keys must be a list of lists of names');
  }
  if (rec.schedule !== null && !isObject(rec.schedule)) bad('schedule must be an object or null');
  for (const f of ['rngs', 'modelRngs'] as const) {
    const r = rec[f];
    if (
      !isObject(r) ||
      Object.values(r).some(
        (st) => !Array.isArray(st) || st.some((v) => v !== null && typeof v !== 'number'),
      )
    )
      bad(`${f} must map names to generator states (arrays of numbers)`);
  }
  return rec as unknown as Record_;
}

/** Serialises a checkpoint to safetensors bytes. */
export function saveCheckpoint(parts: CheckpointParts): Uint8Array {
  if (parts === null || typeof parts !== 'object' || parts.model === undefined)
    throw new ArgumentError('saveCheckpoint: expected { model, optimizer?, epoch?, rngs? }');
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(parts.model.stateDict())) tensors[`model.${k}`] = t;
  let opt: Record_['optimizer'] = null;
  if (parts.optimizer !== undefined) {
    const sd = parts.optimizer.stateDict();
    const keys = sd.state.map((s, i) => {
      for (const [k, v] of Object.entries(s))
        tensors[`optimizer.${i}.${k}`] = tensor(v, { dtype: 'float64' });
      return Object.keys(s);
    });
    opt = { type: sd.type, hyper: sd.hyper, keys };
  }
  const rec: Record_ = {
    version: 1,
    epoch: parts.epoch ?? 0,
    optimizer: opt,
    schedule: parts.schedule?.stateDict() ?? null,
    rngs: Object.fromEntries(Object.entries(parts.rngs ?? {}).map(([k, r]) => [k, rngState(r)])),
    modelRngs: Object.fromEntries(parts.model.namedRngs().map(([k, r]) => [k, rngState(r)])),
    extra: parts.extra ?? null,
  };
  return encodeSafetensors(tensors, { [META_KEY]: JSON.stringify(rec), format: 'pt' });
}

/**
 * Restores a checkpoint into the given objects: model (strict), optimiser state, schedule and
 * generator states. Everything is checked before the model changes. Returns epoch and extra.
 */
export function loadCheckpoint(
  bytes: Uint8Array,
  parts: CheckpointParts,
): {
  /** Epochs completed when the checkpoint was saved (0 when none was recorded). */
  epoch: number;
  /** The `extra` value saved with the checkpoint, parsed from JSON (`null` when none). */
  extra: unknown;
} {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const raw = metadata[META_KEY];
  if (raw === undefined)
    throw new SafetensorsError(
      `loadCheckpoint: no '${META_KEY}' metadata: not a gradscope checkpoint`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SafetensorsError(`loadCheckpoint: '${META_KEY}' metadata is not valid JSON`);
  }
  const rec = checkRecord(parsed);
  const modelSd: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(tensors)) if (k.startsWith('model.')) modelSd[k.slice(6)] = t;
  let optState: OptimizerState | null = null;
  if (parts.optimizer !== undefined) {
    if (rec.optimizer === null)
      throw new ArgumentError('loadCheckpoint: the checkpoint has no optimiser state');
    const state: ParamState[] = rec.optimizer.keys.map((keys, i) => {
      const s: ParamState = {};
      for (const k of keys) {
        const t = tensors[`optimizer.${i}.${k}`];
        if (t === undefined || t.dtype !== 'float64')
          throw new SafetensorsError(
            `loadCheckpoint: optimiser tensor 'optimizer.${i}.${k}' missing or not F64`,
          );
        s[k] = t.data as Float64Array;
      }
      return s;
    });
    optState = { type: rec.optimizer.type, hyper: rec.optimizer.hyper, state };
  }
  const modelRngs = new Map(parts.model.namedRngs());
  // Generator states are set after the model loads: check them now, so none can fail then.
  const rngEntries: Array<[string, Array<number | null> | undefined]> = [
    ...Object.entries(rec.modelRngs),
    ...Object.keys(parts.rngs ?? {}).map((k) => [k, rec.rngs[k]] as [string, Array<number | null>]),
  ];
  for (const [k, st] of rngEntries) {
    if (st === undefined) continue;
    try {
      createRng(0).setState(fromRngState(st));
    } catch (e) {
      throw new SafetensorsError(`loadCheckpoint: generator '${k}': ${(e as Error).message}`);
    }
  }
  // All or nothing: load the model (which checks itself first), then the rest; on any error
  // put the model and optimiser back as they were.
  const modelBefore = Object.values(parts.model.stateDict()).map(
    (t) => [t, t.data.slice()] as const,
  );
  const optBefore = parts.optimizer?.stateDict();
  try {
    parts.model.loadStateDict(modelSd);
    if (optState !== null) (parts.optimizer as Optimizer).loadStateDict(optState);
    for (const k of Object.keys(rec.modelRngs))
      if (!modelRngs.has(k))
        throw new ArgumentError(`loadCheckpoint: the model has no generator '${k}'`);
    for (const k of Object.keys(parts.rngs ?? {}))
      if (rec.rngs[k] === undefined)
        throw new ArgumentError(`loadCheckpoint: the checkpoint has no generator '${k}'`);
    if (parts.schedule !== undefined) {
      if (rec.schedule === null)
        throw new ArgumentError('loadCheckpoint: the checkpoint has no schedule state');
      parts.schedule.loadStateDict(rec.schedule);
    }
  } catch (e) {
    for (const [t, d] of modelBefore) t.data.set(d);
    if (optBefore !== undefined) (parts.optimizer as Optimizer).loadStateDict(optBefore);
    throw e;
  }
  for (const [k, s] of Object.entries(rec.modelRngs))
    (modelRngs.get(k) as Rng).setState(fromRngState(s));
  for (const [k, r] of Object.entries(parts.rngs ?? {}))
    r.setState(fromRngState(rec.rngs[k] as Array<number | null>));
  return { epoch: rec.epoch, extra: rec.extra };
}

/** A model's parameters and buffers as JSON (for tiny models): `{ name: { dtype, shape, data } }`. */
export function modelToJSON(model: Module): string {
  if (model === null || typeof model !== 'object' || typeof model.stateDict !== 'function')
    throw new ArgumentError(`modelToJSON: expected a model (a Module), got ${describe(model)}`);
  const out: Record<string, { dtype: string; shape: number[]; data: number[] }> = {};
  for (const [k, t] of Object.entries(model.stateDict()))
    out[k] = { dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data) };
  return JSON.stringify(out);
}

/** Loads {@link modelToJSON} output into `model` (strict, all-or-nothing). */
export function modelFromJSON(model: Module, json: string): void {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new ArgumentError(`modelFromJSON: not valid JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object')
    throw new ArgumentError('modelFromJSON: expected an object');
  const sd: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(
    raw as Record<string, { dtype: string; shape: number[]; data: number[] }>,
  )) {
    if (v === null || typeof v !== 'object' || !Array.isArray(v.data) || !Array.isArray(v.shape))
      throw new ArgumentError(`modelFromJSON: entry '${k}' must be { dtype, shape, data }`);
    sd[k] = tensor(v.data, {
      shape: v.shape,
      dtype: v.dtype === 'float64' ? 'float64' : 'float32',
    });
  }
  model.loadStateDict(sd);
}
