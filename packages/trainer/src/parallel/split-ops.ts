/**
 * Single large ops split across a pool's threads (`ThreadPool.matmul` and `ThreadPool.conv2d`,
 * behind `parallelMatmul` and `parallelConv2d`): the output is cut into blocks that need no
 * sum between threads (rows of a product, images of a batch), each thread runs the active
 * kernels on its block, reading its operands from shared memory and writing its block there;
 * the calling thread, when it computes, takes the first block on its own arrays. Every output
 * element is computed exactly as the single-threaded op computes it, so the bits are the same.
 */
import {
  ArgumentError,
  type Conv2dOptions,
  conv2d,
  describe,
  getKernels,
  matmul,
  noGrad,
  sizeOf,
  Tensor,
  type TypedArray,
  tensor,
} from '@gradscope/core';
import { allocate, LocalPool } from './pool.js';

/** What a split op needs of its pool. */
export interface SplitHost {
  /** Workers in all, the calling thread's included when it computes. */
  readonly size: number;
  /** The first worker on a thread: 1 when the calling thread computes block 0, else 0. */
  readonly first: number;
  /** Sends `msg` to worker `worker`; resolves with its reply. */
  call(worker: number, msg: Record<string, unknown>, label: string): Promise<unknown>;
  /**
   * Scratch shared memory number `slot` as `n` elements of `dtype` (grow-only: fresh pages on
   * every call would cost page faults).
   */
  shared(slot: number, dtype: string, n: number): TypedArray;
}

/**
 * Sends each thread its block `[start, end)` of `msg` (blocks `host.first` … `parts - 1`);
 * resolves once every one has answered.
 */
function toThreads(
  host: SplitHost,
  parts: number,
  block: (w: number) => { start: number; end: number },
  msg: Record<string, unknown>,
  what: string,
): Promise<unknown[]> {
  const calls = [];
  for (let w = host.first; w < parts; w++) {
    const { start, end } = block(w);
    calls.push(host.call(w, { ...msg, start, end }, `${what} ${start}..${end}`));
  }
  return Promise.all(calls);
}

/**
 * Shared scratch `slot` holding `data` from element `from` on (the threads' part: the calling
 * thread reads its own block from `data` itself).
 */
function inShared(host: SplitHost, slot: number, data: TypedArray, from = 0): TypedArray {
  const s = host.shared(slot, data instanceof Float64Array ? 'float64' : 'float32', data.length);
  s.set(data.subarray(from), from);
  return s;
}

/** Products under this many multiply–adds run on the calling thread alone. */
const MIN_SPLIT_MACS = 2 ** 18;

/**
 * `a @ b` (2-D, one dtype), the output's rows in blocks of multiples of 8 (the gemm's panels).
 * The threads' rows of `a` and all of `b` go to shared memory. Bit-identical to `matmul(a, b)`.
 */
export async function splitMatmul(host: SplitHost, a: Tensor, b: Tensor): Promise<Tensor> {
  if (a.ndim !== 2 || b.ndim !== 2 || a.shape[1] !== b.shape[0] || a.dtype !== b.dtype)
    throw new ArgumentError(
      `parallelMatmul: expected 2-D [m, k] and [k, n] of one dtype, got [${a.shape}] ${a.dtype} and [${b.shape}] ${b.dtype}`,
    );
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1] as number;
  const parts = Math.min(host.size, Math.floor(m / 8));
  if (parts < 2 || m * k * n < MIN_SPLIT_MACS) return matmul(a.detach(), b.detach());
  const block = (w: number) => ({
    start: Math.floor((w * m) / parts / 8) * 8,
    end: w === parts - 1 ? m : Math.floor(((w + 1) * m) / parts / 8) * 8,
  });
  const from = block(host.first).start;
  const sa = inShared(host, 0, a.data, from * k);
  const sb = inShared(host, 1, b.data);
  const so = host.shared(2, a.dtype, m * n);
  const msg = {
    type: 'matmul',
    kernels: getKernels().name,
    dtype: a.dtype,
    a: sa.buffer,
    b: sb.buffer,
    out: so.buffer,
    m,
    k,
    n,
  };
  const calls = toThreads(host, parts, block, msg, 'matmul rows');
  const out = allocate(a.dtype, m * n);
  if (host.first === 1) {
    const rows = block(0).end;
    const o = out.subarray(0, rows * n);
    getKernels().matmul(
      a.data.subarray(0, rows * k),
      [0],
      b.data,
      [0],
      o,
      rows,
      k,
      n,
      false,
      false,
    );
  }
  await calls;
  out.set(so.subarray(from * n, m * n), from * n);
  return tensor(out, { shape: [m, n], dtype: a.dtype, copy: false });
}

/**
 * `conv2d(x, weight, bias, options)` for a batch `x` (`[N, C, H, W]`), the images split into
 * contiguous blocks, one per worker (`N` at least 2 and 2^18 multiply–adds, else on the calling
 * thread). Core's `conv2d` checks the arguments first (on no images), and computes every block:
 * each image's output depends on that image alone, computed the same way whatever the batch, so
 * the result is bit-identical to `conv2d(x, weight, bias, options)`. No autograd record.
 */
export async function splitConv2d(
  host: SplitHost,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  options: Conv2dOptions,
): Promise<Tensor> {
  const run = (images: Tensor) => noGrad(() => conv2d(images, weight, bias, options));
  if (x.ndim !== 4) return run(x.detach());
  const n = x.shape[0] as number;
  const image = [...x.shape.slice(1)];
  const perIn = sizeOf(image);
  const imagesOf = (start: number, end: number, data: TypedArray) =>
    tensor(data.subarray(start * perIn, end * perIn), {
      shape: [end - start, ...image],
      dtype: x.dtype,
      copy: false,
    });
  // The shapes, dtypes and options checked, and the output's shape, by conv2d on no images.
  const outImage = [...run(imagesOf(0, 0, x.data)).shape.slice(1)];
  const perOut = sizeOf(outImage);
  // Output elements times the multiply–adds of each (C/groups · kH · kW, a weight row's size).
  const macs = perOut === 0 ? 0 : n * perOut * (weight.size / (weight.shape[0] as number));
  const parts = Math.min(host.size, n);
  if (parts < 2 || macs < MIN_SPLIT_MACS) return run(x.detach());
  const block = (w: number) => ({
    start: Math.floor((w * n) / parts),
    end: Math.floor(((w + 1) * n) / parts),
  });
  const from = block(host.first).start;
  const sx = inShared(host, 0, x.data, from * perIn);
  const sw = inShared(host, 1, weight.data);
  const sb = bias === null ? null : inShared(host, 3, bias.data);
  const so = host.shared(2, x.dtype, n * perOut);
  const msg = {
    type: 'conv2d',
    kernels: getKernels().name,
    dtype: x.dtype,
    x: sx.buffer,
    weight: sw.buffer,
    bias: sb?.buffer ?? null,
    out: so.buffer,
    image,
    weightShape: [...weight.shape],
    biasSize: bias?.size ?? 0,
    outSize: perOut,
    options,
  };
  const calls = toThreads(host, parts, block, msg, 'conv2d images');
  const out = allocate(x.dtype, n * perOut);
  if (host.first === 1) out.set(run(imagesOf(0, block(0).end, x.data)).data);
  await calls;
  out.set(so.subarray(from * perOut, n * perOut), from * perOut);
  return tensor(out, { shape: [n, ...outImage], dtype: x.dtype, copy: false });
}

/** A pool that splits single large ops across its threads (`createWorkerPool`'s, 2+ workers). */
export interface SplitPool {
  /** `a @ b` (2-D) with the output's rows split across the workers; the bits of `matmul`. */
  matmul(a: Tensor, b: Tensor): Promise<Tensor>;
  /** `conv2d` with the batch's images split across the workers; the bits of `conv2d`. */
  conv2d(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions): Promise<Tensor>;
}

const isSplitPool = (p: unknown): p is SplitPool =>
  p !== null &&
  typeof p === 'object' &&
  typeof (p as SplitPool).matmul === 'function' &&
  typeof (p as SplitPool).conv2d === 'function';

/**
 * `a @ b` with the output's rows split across `pool`'s workers (see {@link SplitPool.matmul});
 * with the in-process pool, the plain `matmul`. Bit-identical to `matmul(a, b)`.
 */
export async function parallelMatmul(
  a: Tensor,
  b: Tensor,
  pool: SplitPool | LocalPool,
): Promise<Tensor> {
  if (pool instanceof LocalPool) return matmul(a.detach(), b.detach());
  if (isSplitPool(pool)) return pool.matmul(a, b);
  throw new ArgumentError(
    `parallelMatmul: expected a pool from createWorkerPool, got ${describe(pool)}`,
  );
}

/**
 * `conv2d` with the batch's images split across `pool`'s workers (see
 * {@link SplitPool.conv2d}); with the in-process pool, the plain `conv2d`. Bit-identical to
 * `conv2d(x, weight, bias, options)`; the pool is always the last argument:
 *
 * @example
 * await parallelConv2d(x, w, pool);                       // no bias, stride 1, no padding
 * await parallelConv2d(x, w, b, { padding: 1 }, pool);    // as conv2d(x, w, b, { padding: 1 })
 * await parallelConv2d(x, w, { stride: 2 }, pool);
 */
export async function parallelConv2d(
  x: Tensor,
  weight: Tensor,
  ...rest:
    | [SplitPool | LocalPool]
    | [Tensor | Conv2dOptions | null, SplitPool | LocalPool]
    | [Tensor | null, Conv2dOptions, SplitPool | LocalPool]
): Promise<Tensor> {
  const pool = rest[rest.length - 1];
  // What comes between weight and pool, as in conv2d: bias or options, or bias then options.
  const between = rest.slice(0, -1);
  const [first, second] = between;
  for (const [what, t] of [
    ['x', x],
    ['weight', weight],
  ] as const)
    if (!(t instanceof Tensor))
      throw new ArgumentError(`parallelConv2d: expected ${what} as a Tensor, got ${describe(t)}`);
  if (between.length === 2 && first !== null && !(first instanceof Tensor))
    throw new ArgumentError(
      `parallelConv2d: expected the bias as a Tensor or null, got ${describe(first)}`,
    );
  const bias = first instanceof Tensor ? first : null;
  // conv2d checks the options (on no images, before any thread is asked).
  const options = ((between.length === 2 ? second : bias === null ? first : undefined) ??
    {}) as Conv2dOptions;
  if (pool instanceof LocalPool) return noGrad(() => conv2d(x, weight, bias, options));
  if (isSplitPool(pool)) return pool.conv2d(x, weight, bias, options);
  throw new ArgumentError(
    `parallelConv2d: expected a pool from createWorkerPool as the last argument, got ${describe(pool)}`,
  );
}
