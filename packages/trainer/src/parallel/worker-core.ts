/**
 * What each worker of `createWorkerPool` does, in Node (`worker.ts`) and in browsers
 * (`web-worker.ts`): it builds a replica of the model, and per request copies the shared
 * parameters into it and computes its shards' gradients into shared memory (or a row block of a
 * matrix product, or a range of the gradient sum). Replies are `{ id, ok, result }` or
 * `{ id, ok: false, message }`; anything else (an exit, an uncaught error) the pool sees itself.
 */
import {
  ArgumentError,
  type Conv2dOptions,
  conv2d,
  createWasmKernels,
  describe,
  fastKernels,
  getKernels,
  noGrad,
  referenceKernels,
  setKernels,
  sizeOf,
  type Tensor,
  type TypedArray,
  tensor,
} from '@gradscope/core';
import type { LossFn } from '../losses.js';
import { mlp } from '../modules/mlp.js';
import { Module } from '../modules/module.js';
import { computeShard, lossOf, type ModelSource, type ShardOutput } from './pool.js';
import {
  abortStep,
  arrive,
  checkLayout,
  type ParamLayout,
  scatterParams,
  sumAndUpdate,
} from './shards.js';
import {
  type OptimizerShare,
  type UpdatePlan,
  updateRange,
  type WorkerOptimizer,
  workerOptimizer,
} from './shared-optimizer.js';

interface Replica {
  model: Module;
  params: Tensor[];
  layout: ParamLayout;
  lossFn: LossFn;
  paramView: TypedArray;
  gradView: TypedArray;
  sumView: TypedArray;
  control: Int32Array;
  optimizer: WorkerOptimizer | null;
}

const view = (buf: SharedArrayBuffer, dtype: string, n: number): TypedArray =>
  dtype === 'float64' ? new Float64Array(buf, 0, n) : new Float32Array(buf, 0, n);

function selectKernels(index: number, name: string): void {
  if (getKernels().name === name) return;
  if (name === 'fast') setKernels(fastKernels);
  else if (name === 'reference') setKernels(referenceKernels);
  else if (name === 'wasm-fma') setKernels(createWasmKernels({ fusedMultiplyAdd: true }));
  else
    throw new ArgumentError(
      `worker ${index}: expected kernels 'wasm-simd', 'wasm-fma', 'fast' or 'reference' (as on the main thread), got '${name}'`,
    );
}

async function buildModel(index: number, source: ModelSource): Promise<Module> {
  if ('mlp' in source) return mlp(source.mlp);
  const url = source.factory instanceof URL ? source.factory.href : String(source.factory);
  const mod = (await import(url)) as Record<string, unknown>;
  const name = source.exportName ?? 'createModel';
  const fn = mod[name];
  if (typeof fn !== 'function')
    throw new ArgumentError(
      `worker ${index}: expected ${url} to export a function '${name}', got ${describe(fn)}`,
    );
  const model = await (fn as (a: unknown, c: { worker: number }) => unknown)(source.args, {
    worker: index,
  });
  if (!(model instanceof Module))
    throw new ArgumentError(
      `worker ${index}: expected ${name}() to return a Module, got ${describe(model)}`,
    );
  return model;
}

interface InitMsg {
  type: 'init';
  source: ModelSource;
  loss: string;
  layout: ParamLayout;
  kernels: string;
  paramBuf: SharedArrayBuffer;
  gradBuf: SharedArrayBuffer;
  sumBuf: SharedArrayBuffer;
  controlBuf: SharedArrayBuffer;
  shards: number;
}
interface StepMsg {
  type: 'step';
  xBuf: SharedArrayBuffer;
  xShape: number[];
  yBuf: SharedArrayBuffer;
  yShape: number[];
  dtypes: [string, string];
  shards: Array<{ s: number; start: number; end: number }>;
  /** Every shard's row count, for the sum. */
  rows: number[];
  /** How many workers take part in the step (the barrier's count). */
  parties: number;
  /** The optimiser's update of this step, applied chunk by chunk after the sum; or null. */
  update: UpdatePlan | null;
}
interface OptimizerMsg {
  type: 'optimizer';
  share: OptimizerShare;
}
interface MatmulMsg {
  type: 'matmul';
  kernels: string;
  dtype: string;
  a: SharedArrayBuffer;
  b: SharedArrayBuffer;
  out: SharedArrayBuffer;
  m: number;
  k: number;
  n: number;
  start: number;
  end: number;
}
interface ConvMsg {
  type: 'conv2d';
  kernels: string;
  dtype: 'float32' | 'float64';
  x: SharedArrayBuffer;
  weight: SharedArrayBuffer;
  bias: SharedArrayBuffer | null;
  out: SharedArrayBuffer;
  /** One image's shape, `[C, H, W]`. */
  image: number[];
  weightShape: number[];
  biasSize: number;
  /** Elements of one image's output. */
  outSize: number;
  options: Conv2dOptions;
  start: number;
  end: number;
}
/** A request to a worker. */
export type Msg = InitMsg | StepMsg | MatmulMsg | ConvMsg | OptimizerMsg;

/** A step's shards on the replica: their gradients into shared memory, their outputs returned. */
function computeShards(r: Replica, msg: StepMsg): Array<ShardOutput & { s: number }> {
  scatterParams(r.paramView, r.layout, r.params);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const x = tensor(view(msg.xBuf, msg.dtypes[0], size(msg.xShape)), {
    shape: msg.xShape,
    copy: false,
  });
  const y = tensor(view(msg.yBuf, msg.dtypes[1], size(msg.yShape)), {
    shape: msg.yShape,
    copy: false,
  });
  const P = r.layout.size;
  const out: Array<ShardOutput & { s: number }> = [];
  for (const { s, start, end } of msg.shards) {
    const o = computeShard(
      r.model,
      r.params,
      r.layout,
      r.lossFn,
      x,
      y,
      { start, end },
      r.gradView.subarray(s * P, (s + 1) * P),
    );
    out.push({ ...o, s });
  }
  return out;
}

/** The request handler of worker `index` (its replica lives in the closure). */
export function workerHandler(index: number): (msg: Msg) => unknown {
  let replica: Replica | null = null;
  return (msg) =>
    handle(index, msg, replica, (r) => {
      replica = r;
    });
}

/** A reply that says what `e` was. */
const failure = (id: number, e: unknown) => ({
  id,
  ok: false,
  message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
});

/**
 * The reply to request `id`, whose work `run` does: at once for the work that is synchronous
 * (a step: no promise jobs between its end and the reply), else once its promise settles.
 */
export function replyTo(
  id: number,
  run: () => unknown,
): Record<string, unknown> | Promise<Record<string, unknown>> {
  try {
    const result = run();
    if (!(result instanceof Promise)) return { id, ok: true, result };
    return result.then(
      (r: unknown) => ({ id, ok: true, result: r }),
      (e: unknown) => failure(id, e),
    );
  } catch (e) {
    return failure(id, e);
  }
}

/** Builds the replica (asynchronous: the model's module may have to be imported). */
async function init(index: number, msg: InitMsg, setReplica: (r: Replica) => void): Promise<null> {
  selectKernels(index, msg.kernels);
  const model = await buildModel(index, msg.source);
  const params = checkLayout(`worker ${index}`, model, msg.layout);
  model.train();
  setReplica({
    model,
    params,
    layout: msg.layout,
    lossFn: lossOf(`worker ${index}`, msg.loss),
    paramView: view(msg.paramBuf, msg.layout.dtype, msg.layout.size),
    gradView: view(msg.gradBuf, msg.layout.dtype, msg.layout.size * msg.shards),
    sumView: view(msg.sumBuf, msg.layout.dtype, msg.layout.size),
    control: new Int32Array(msg.controlBuf),
    optimizer: null,
  });
  return null;
}

function handle(
  index: number,
  msg: Msg,
  replica: Replica | null,
  setReplica: (r: Replica) => void,
): unknown {
  if (msg.type === 'init') return init(index, msg, setReplica);
  if (msg.type === 'step') {
    const r = replica;
    if (r === null) throw new ArgumentError(`worker ${index}: a step before init`);
    let out: Array<ShardOutput & { s: number }>;
    try {
      out = computeShards(r, msg);
    } catch (e) {
      abortStep(r.control);
      throw e;
    }
    // The sum needs every shard: wait for the other workers, then take chunks to sum.
    arrive(index, r.control, msg.parties);
    const { optimizer: o } = r;
    const plan = msg.update;
    if (plan !== null && o === null)
      throw new ArgumentError(`worker ${index}: an update before the optimiser was shared`);
    sumAndUpdate(
      r.control,
      r.gradView,
      msg.rows,
      r.layout.size,
      r.sumView,
      plan === null || o === null
        ? null
        : // Bound, not a closure: a closure made per step was compiled again every few epochs.
          updateRange.bind(null, o, r.layout, plan, r.paramView, r.sumView),
    );
    return out;
  }
  if (msg.type === 'optimizer') {
    const r = replica;
    if (r === null) throw new ArgumentError(`worker ${index}: an optimiser before init`);
    r.optimizer = workerOptimizer(msg.share, r.params, r.layout.size);
    return null;
  }
  if (msg.type === 'matmul') {
    selectKernels(index, msg.kernels);
    const { m, k, n, start, end } = msg;
    const a = view(msg.a, msg.dtype, m * k);
    const b = view(msg.b, msg.dtype, k * n);
    const out = view(msg.out, msg.dtype, m * n);
    getKernels().matmul(
      a.subarray(start * k, end * k),
      [0],
      b,
      [0],
      out.subarray(start * n, end * n),
      end - start,
      k,
      n,
      false,
      false,
    );
    return null;
  }
  if (msg.type === 'conv2d') {
    selectKernels(index, msg.kernels);
    const { start, end, image, dtype } = msg;
    const perIn = sizeOf(image);
    const x = view(msg.x, dtype, end * perIn).subarray(start * perIn);
    const w = view(msg.weight, dtype, sizeOf(msg.weightShape));
    const as = (data: TypedArray, shape: number[]) => tensor(data, { shape, dtype, copy: false });
    const bias = msg.bias === null ? null : as(view(msg.bias, dtype, msg.biasSize), [msg.biasSize]);
    const y = noGrad(() =>
      conv2d(as(x, [end - start, ...image]), as(w, msg.weightShape), bias, msg.options),
    );
    view(msg.out, dtype, end * msg.outSize).set(y.data, start * msg.outSize);
    return null;
  }
  throw new ArgumentError(`worker ${index}: unknown request ${describe((msg as Msg).type)}`);
}
