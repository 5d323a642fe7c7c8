/**
 * What a bench page exposes to the Node side (`globalThis.gsBench`), and what it reports about
 * itself. Types only: shared by the page bundles and the driver.
 */
import type { TimingReply } from '../interleave.js';
import type { MeasureOptions } from '../measure.js';
import type { PhaseTimes } from '../phases.js';

/** Facts a page reports about its runtime and its peer's backend. */
export interface PageInfo {
  readonly peer: string;
  readonly version: string;
  /** `globalThis.crossOriginIsolated`: SharedArrayBuffer (and so wasm threads) available. */
  readonly crossOriginIsolated: boolean;
  readonly hardwareConcurrency: number;
  /** The page validates a module using `f32x4.relaxed_madd` (relaxed SIMD, fused multiply-add). */
  readonly relaxedSimd: boolean;
  /** Backend details, e.g. tfjs-wasm's SIMD and thread count, the WebGL renderer. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export interface BenchPage {
  /** Builds and activates the page's peer (named in the URL); rejects if the backend fails. */
  init(quick: boolean): Promise<PageInfo>;
  /** Times one cell, as `peer-process.ts` does in Node. */
  request(key: string, opts: MeasureOptions): TimingReply;
  /** Runs a cell's call `n` times, untimed (to profile it). */
  repeat(key: string, n: number): void;
  /** gradscope pages only: per-phase times of the deep or wide MLP step (see `../phases.ts`). */
  phases?(config: 'deep' | 'wide', steps: number): PhaseTimes;
  /** Frees what the peer allocated. */
  done(): void;
}
