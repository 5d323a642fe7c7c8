import { DTypeError } from './errors.js';

/** Element types gradscope stores. float32 is the default, as in PyTorch and TensorFlow.js. */
export type DType = 'float32' | 'float64';

/** The typed array behind a tensor of either dtype. */
export type TypedArray = Float32Array | Float64Array;

/** All supported dtypes. */
export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Throws a {@link DTypeError} unless `d` is a supported dtype; returns it typed. */
export function checkDType(d: unknown, where: string): DType {
  if (d === 'float32' || d === 'float64') return d;
  throw new DTypeError(`${where}: expected dtype 'float32' or 'float64', got ${JSON.stringify(d)}`);
}

// Small arrays are carved from shared buffers of arrays of one size: four per buffer, or as many
// as fill 4 KiB for arrays of up to 1 KiB (in Node; 64 KiB elsewhere, see below). In V8 a typed
// array of more than 64 bytes gets its own backing store: a calloc, external-memory accounting
// and a finalizer, about 1-2 us, which was a quarter of a small network's training step. A view
// on a shared buffer costs a small object. Fresh buffers are zero and a slot is never handed out
// twice, so arrays come zero-filled; a buffer is freed by the GC once all its views are gone. The
// price is bounded: a tensor that outlives its siblings keeps at most 4 KiB, or 4x its bytes,
// alive (in browsers 64 KiB, or 16x). Arrays of up to 64 bytes (V8 keeps those on its heap) and
// of more than 4 KiB get their own buffer. In Node buffers stay at 16 KiB or less: with 32 KiB
// ones glibc's heap kept or returned memory in steps of 15-30 MB from one run to the next, so the
// resident set of a steady training loop was no longer flat. Browsers allocate array buffers
// their own way, at a higher price (Chromium 156: 5.5 us for 16 KiB, 8.8 us for 64 KiB, against
// 1.8 and 3.5 us in Node 20), so there buffers are filled to 64 KiB: the deep MLP step
// (20 x 32 tanh, whose activations are 4 KiB each) ran 1.14x faster in Chromium than with 16 KiB.
const SLAB_MIN_SLOTS = 4;
const IN_NODE =
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node ===
  'string';
const SLAB_FILL_BYTES = IN_NODE ? 4096 : 65536;
const SLAB_MIN_BYTES = 64;
const SLAB_MAX_BYTES = 4096;
// Per size class (bytes rounded up to 16, so float64 views stay aligned): the buffer being
// filled and how many of its slots are taken.
const slabBuffers: Array<ArrayBuffer | undefined> = new Array(SLAB_MAX_BYTES / 16 + 1).fill(
  undefined,
);
const slabTaken = new Uint16Array(SLAB_MAX_BYTES / 16 + 1);
const slabSlots = Uint16Array.from({ length: SLAB_MAX_BYTES / 16 + 1 }, (_, cls) =>
  Math.max(SLAB_MIN_SLOTS, Math.floor(SLAB_FILL_BYTES / Math.max(16, cls * 16))),
);

/**
 * Allocates a zero-filled typed array of `dtype` with `n` elements. Arrays of 65 bytes to 4 KiB
 * are views on a buffer shared with others of the same size (see above): read
 * `data.buffer` together with `data.byteOffset` and `data.byteLength`.
 */
export function allocate(dtype: DType, n: number): TypedArray {
  const a = allocateArray(dtype, n);
  if (tracking) {
    allocations++;
    lastAllocated = a;
  }
  return a;
}

// Counted only while `ownership.ts` asks (during unrecorded backward rules).
let tracking = false;
let allocations = 0;
let lastAllocated: TypedArray | null = null;

/** Starts or stops counting allocations for {@link allocationCount} and {@link allocatedSince}. */
export function trackAllocations(on: boolean): void {
  tracking = on;
  if (!on) lastAllocated = null;
}

/**
 * How many arrays {@link allocate} has handed out while tracking (a mark for
 * {@link allocatedSince}).
 */
export function allocationCount(): number {
  return allocations;
}

/**
 * True when `a` is the latest array {@link allocate} handed out, and it came after `mark`: an
 * array nothing made before the mark can share memory with.
 */
export function allocatedSince(a: TypedArray, mark: number): boolean {
  return a === lastAllocated && allocations > mark;
}

// Arrays given back by `recycle` (a parameter's gradient that `zeroGrad` dropped and nobody
// else holds, a gradient the engine has finished with), by dtype and length, for the next
// allocation of that size: arrays of more than 4 KiB, and views on the shared buffers above. A
// fresh array costs page faults (about 47 us for 64 KiB in Chromium, 5 us in Node, where a
// 24-layer training step allocates 24 of them), and a fresh shared buffer a small slice of them
// plus the garbage collector's work. At most 32 MiB wait here.
const recycled = new Map<number, TypedArray[]>();
let recycledBytes = 0;
const RECYCLED_MAX_BYTES = 32 * 1024 * 1024;
// The shared buffers this module carved: only views on them (or whole arrays) are taken back.
const slabOwned = new WeakSet<ArrayBufferLike>();

/**
 * Gives `a` to the next {@link allocate} of its dtype and length (which zeroes it). Only for an
 * array nothing else will read or write again: the caller vouches for that. Arrays of 64 bytes
 * or less, views other than those {@link allocate} made, and shared or WebAssembly memory are
 * left alone.
 */
export function recycle(a: TypedArray): void {
  const bytes = a.byteLength;
  if (bytes <= SLAB_MIN_BYTES || recycledBytes + bytes > RECYCLED_MAX_BYTES) return;
  if (!(a.buffer instanceof ArrayBuffer)) return;
  if (bytes > SLAB_MAX_BYTES) {
    if (a.byteOffset !== 0 || a.buffer.byteLength !== bytes) return;
  } else if (!slabOwned.has(a.buffer)) return;
  const key = a instanceof Float64Array ? -a.length : a.length;
  const list = recycled.get(key);
  if (list === undefined) recycled.set(key, [a]);
  else list.push(a);
  recycledBytes += bytes;
}

function allocateArray(dtype: DType, n: number): TypedArray {
  const f64 = dtype === 'float64';
  const bytes = f64 ? n * 8 : n * 4;
  if (bytes <= SLAB_MIN_BYTES) return f64 ? new Float64Array(n) : new Float32Array(n);
  const again = recycled.get(f64 ? -n : n)?.pop();
  if (again !== undefined) {
    recycledBytes -= bytes;
    again.fill(0);
    return again;
  }
  if (bytes > SLAB_MAX_BYTES) return f64 ? new Float64Array(n) : new Float32Array(n);
  const cls = (bytes + 15) >> 4;
  const slots = slabSlots[cls] as number;
  let buf = slabBuffers[cls];
  let taken = slabTaken[cls] as number;
  if (buf === undefined || taken === slots) {
    buf = new ArrayBuffer(cls * 16 * slots);
    slabBuffers[cls] = buf;
    slabOwned.add(buf);
    taken = 0;
  }
  slabTaken[cls] = taken + 1;
  const offset = taken * cls * 16;
  return f64 ? new Float64Array(buf, offset, n) : new Float32Array(buf, offset, n);
}

/** dtype of a typed array. */
export function dtypeOf(a: TypedArray): DType {
  return a instanceof Float64Array ? 'float64' : 'float32';
}
