/**
 * The WebAssembly SIMD kernel module: written in the WebAssembly text format (`wat/*.wat`, the
 * order given by core's build script) and compiled at build time by wabt's wat2wasm
 * (`tools/wasm/wat2ts.mjs`) into `kernels.generated.ts`, which carries the bytes inline so that
 * the published package works in Node and bundlers with nothing extra to serve. This file states
 * what the TypeScript side must agree on with the .wat; `module.test.ts` checks each fact.
 *
 * Text rather than AssemblyScript: the kernels are hand-scheduled SIMD loops whose exact
 * instruction sequence is what the conformance tests pin bit for bit; the text format states
 * exactly those instructions, any WebAssembly engineer reads it, and wabt adds no runtime or code
 * generation of its own.
 */
import { moduleBytes } from './kernels.generated.js';

/** Rows of the gemm's register block (four floats of A's panel per k step). */
export const GEMM_MR = 4;
/** Columns of the gemm's register block (two v128 of B's panel per k step). */
export const GEMM_NR = 8;

/** Elementwise kinds with a SIMD loop, exported as `<kind>VV` (two arrays) and `<kind>VS` (array, scalar). */
export const SIMD_BINARY = [
  'add',
  'sub',
  'mul',
  'div',
  'max',
  'min',
  'gt',
  'ge',
  'lt',
  'le',
  'eq',
  'ne',
] as const;
/** An elementwise kind with a SIMD loop. */
export type SimdBinaryKind = (typeof SIMD_BINARY)[number];

/** Unary kinds with a SIMD loop, exported as `<kind>U`. */
export const SIMD_UNARY = { neg: true, abs: true, sqrt: true, square: true } as const;
/** A unary kind with a SIMD loop. */
export type SimdUnaryKind = keyof typeof SIMD_UNARY;

/** The bytes of the kernel module (one exported memory of 16 64 KiB pages, grown on demand). */
export function buildKernelModule(): Uint8Array<ArrayBuffer> {
  return moduleBytes();
}
