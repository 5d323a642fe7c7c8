/**
 * The state the WebAssembly kernels share: the module's exports, its memory (grown on demand),
 * the backend for what stays in TypeScript, and the size thresholds below which it does.
 */
import type { TypedArray } from '../../dtype.js';
import type { Kernels } from '../kernels.js';

/** A kernel over whole groups of four floats: operands and result as byte offsets. */
export type Fn4 = (a: number, b: number, out: number, n4: number) => void;

/** The module's exports (each kernel reads and writes the module's memory at byte offsets). */
export interface Exports {
  memory: WebAssembly.Memory;
  gemm(
    a: number,
    b: number,
    c: number,
    mp: number,
    np: number,
    kc: number,
    strideA: number,
    strideB: number,
    ldc: number,
    aStep: number,
    bStep: number,
    overwrite: number,
    bias: number,
  ): void;
  convGemm(
    src: number,
    w: number,
    c: number,
    table: number,
    k: number,
    origins: number,
    quads: number,
    tiles: number,
    np: number,
    ldc: number,
    bias: number,
  ): void;
  pack(src: number, dst: number, rows: number, k: number, rs: number, ps: number, lw: number): void;
  packT(src: number, dst: number, rows: number, k: number, ps: number, lw: number): void;
  packTv(src: number, dst: number, panels: number, k: number, ps: number, lw: number): void;
  packRows4(src: number, dst: number, rows: number, k: number, rs: number): void;
  packRows8(src: number, dst: number, rows: number, k: number, rs: number): void;
  axpy(x: number, y: number, out: number, n4: number, alpha: number): void;
  colsum(x: number, out: number, rows: number, c4: number): void;
  [name: string]: unknown;
}

/** First byte of the memory for operands (the module keeps no data of its own). */
export const BASE = 0;

/** `bytes` rounded up to a multiple of 16 (operands start on vector boundaries). */
export function align16(bytes: number): number {
  return (bytes + 15) & ~15;
}

/** True for null or a Float32Array. */
export function f32(t: TypedArray | null): boolean {
  return t === null || t instanceof Float32Array;
}

/** One instance of the kernel module and what its kernels share. */
export class WasmContext {
  /** A float32 view of the whole memory (replaced when the memory grows). */
  heap: Float32Array;
  // Only reserve() grows the memory, so the view's length is the memory's.
  private capacity: number;

  constructor(
    readonly ex: Exports,
    /** Backend for everything not run in WebAssembly. */
    readonly fallback: Kernels,
    /** Elementwise ops with fewer elements stay in TypeScript. */
    readonly minElementwise: number,
    /** Matmuls with fewer multiply–adds stay in TypeScript. */
    readonly minMatmulMacs: number,
  ) {
    this.heap = new Float32Array(ex.memory.buffer);
    this.capacity = this.heap.byteLength;
  }

  /** Makes the memory at least `bytes` long; returns the current f32 view. */
  reserve(bytes: number): Float32Array {
    if (bytes > this.capacity) {
      this.ex.memory.grow(Math.ceil((bytes - this.capacity) / 65536));
      this.heap = new Float32Array(this.ex.memory.buffer);
      this.capacity = this.heap.byteLength;
    }
    return this.heap;
  }
}
