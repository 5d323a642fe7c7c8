/**
 * A tiny WebAssembly binary encoder: just enough of the format (types, functions, one exported
 * memory, exports, code; i32 / f32 / v128 instructions, f32x4 and some f64x2 / i64x2 lane ops) to emit gradscope's SIMD kernels from
 * TypeScript at import time. No toolchain, no native build, no binary blob in the repository:
 * the bytes are produced by the code in this folder (see `module.ts`) and checked by
 * `WebAssembly.validate`.
 *
 * Reference: WebAssembly Core Specification 2.0, section 5 (binary format), and the fixed-width
 * SIMD proposal's opcode table (prefix 0xfd).
 */

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** One function of a module: signature, extra locals and body (without the final `end`). */
export interface FuncDef {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly locals: readonly ValType[];
  readonly body: readonly number[];
}

/** Bytes the module places in its memory at instantiation (an active data segment). */
export interface DataSegment {
  /** Byte offset in the memory. */
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/**
 * Encodes a module with one exported memory (`memory`, `pages` 64 KiB pages initially) and the
 * given functions, each exported under its name, and the memory's initial contents `data`.
 */
export function encodeModule(
  funcs: readonly FuncDef[],
  pages: number,
  data: readonly DataSegment[] = [],
): Uint8Array<ArrayBuffer> {
  const types = funcs.map((f) => [
    0x60,
    ...vec(f.params.map((t) => [t])),
    ...vec(f.results.map((t) => [t])),
  ]);
  const code = funcs.map((f) => {
    // Locals are run-length encoded: (count, type) groups.
    const groups: number[][] = [];
    let i = 0;
    while (i < f.locals.length) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      groups.push([...uleb(j - i), f.locals[i] as number]);
      i = j;
    }
    const body = [...vec(groups), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  const exports = [
    [...uleb(6), ...utf8('memory'), 0x02, 0],
    ...funcs.map((f, idx) => {
      const name = utf8(f.name);
      return [...uleb(name.length), ...name, 0x00, ...uleb(idx)];
    }),
  ];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((_, idx) => uleb(idx)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
    ...(data.length === 0
      ? []
      : section(
          11,
          vec(
            data.map((d) => [
              0x00,
              0x41,
              ...sleb(d.offset),
              0x0b,
              ...uleb(d.bytes.length),
              ...d.bytes,
            ]),
          ),
        )),
  ];
  return Uint8Array.from(bytes);
}

/** Instruction builders. Each returns the bytes of one instruction. */
export const op = {
  block: (): number[] => [0x02, 0x40],
  loop: (): number[] => [0x03, 0x40],
  if: (): number[] => [0x04, 0x40],
  else: (): number[] => [0x05],
  end: (): number[] => [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  tee: (i: number): number[] => [0x22, ...uleb(i)],
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  i32Eqz: (): number[] => [0x45],
  i32Ne: (): number[] => [0x47],
  i32LtU: (): number[] => [0x49],
  i32GeU: (): number[] => [0x4f],
  i32Add: (): number[] => [0x6a],
  i32Sub: (): number[] => [0x6b],
  i32Mul: (): number[] => [0x6c],
  i32Shl: (): number[] => [0x74],
  i32ShrU: (): number[] => [0x76],
  i32And: (): number[] => [0x71],
  i32Or: (): number[] => [0x72],
  /** f32.load with a static byte offset (alignment hint 4 bytes). */
  f32Load: (offset = 0): number[] => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset = 0): number[] => [0x38, 2, ...uleb(offset)],
  /** v128.load with a static byte offset (alignment hint 16 bytes). */
  v128Load: (offset = 0): number[] => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  /** Loads one f32 and splats it to all four lanes. */
  v128Load32Splat: (offset = 0): number[] => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  /** Loads 8 bytes into lane 0 (lane 1 zero). */
  v128Load64Zero: (offset = 0): number[] => [0xfd, ...uleb(0x5d), 3, ...uleb(offset)],
  /** Loads 8 bytes into 64-bit lane `lane` of the vector, for stack `[address, vector]`. */
  v128Load64Lane: (lane: number, offset = 0): number[] => [
    0xfd,
    ...uleb(0x57),
    3,
    ...uleb(offset),
    lane,
  ],
  v128Zero: (): number[] => [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Splat: (): number[] => [0xfd, ...uleb(0x13)],
  /** v128.const with `v` (rounded to float32) in all four lanes. */
  f32x4Const: (v: number): number[] => {
    const lane = [...new Uint8Array(Float32Array.of(v).buffer)];
    return [0xfd, ...uleb(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  /** v128.const with the 32-bit integer `v` in all four lanes. */
  i32x4Const: (v: number): number[] => {
    const lane = [...new Uint8Array(Int32Array.of(v).buffer)];
    return [0xfd, ...uleb(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  i32x4ExtractLane: (lane: number): number[] => [0xfd, ...uleb(0x1b), lane],
  /** Shift the four i32 lanes left by an i32 count from the stack. */
  i32x4Shl: (): number[] => [0xfd, ...uleb(0xab)],
  f32x4Abs: (): number[] => [0xfd, ...uleb(0xe0)],
  f32x4Neg: (): number[] => [0xfd, ...uleb(0xe1)],
  f32x4Sqrt: (): number[] => [0xfd, ...uleb(0xe3)],
  f32x4Add: (): number[] => [0xfd, ...uleb(0xe4)],
  f32x4Sub: (): number[] => [0xfd, ...uleb(0xe5)],
  f32x4Mul: (): number[] => [0xfd, ...uleb(0xe6)],
  f32x4Div: (): number[] => [0xfd, ...uleb(0xe7)],
  f32x4Min: (): number[] => [0xfd, ...uleb(0xe8)],
  f32x4Max: (): number[] => [0xfd, ...uleb(0xe9)],
  f32x4Eq: (): number[] => [0xfd, ...uleb(0x41)],
  f32x4Ne: (): number[] => [0xfd, ...uleb(0x42)],
  f32x4Lt: (): number[] => [0xfd, ...uleb(0x43)],
  f32x4Gt: (): number[] => [0xfd, ...uleb(0x44)],
  f32x4Le: (): number[] => [0xfd, ...uleb(0x45)],
  f32x4Ge: (): number[] => [0xfd, ...uleb(0x46)],
  v128And: (): number[] => [0xfd, ...uleb(0x4e)],
  v128Or: (): number[] => [0xfd, ...uleb(0x50)],
  /** `(a & mask) | (b & ~mask)` for stack `[a, b, mask]`. */
  v128Bitselect: (): number[] => [0xfd, ...uleb(0x52)],
  /** Byte shuffle of two vectors: result byte i = byte `lanes[i]` of a ++ b (0..31). */
  i8x16Shuffle: (lanes: readonly number[]): number[] => [0xfd, ...uleb(0x0d), ...lanes],
  /** v128.const with `v` (a float64) in both lanes. */
  f64x2Const: (v: number): number[] => {
    const lane = [...new Uint8Array(Float64Array.of(v).buffer)];
    return [0xfd, ...uleb(0x0c), ...lane, ...lane];
  },
  /** An f64 from the stack in both lanes. */
  f64x2Splat: (): number[] => [0xfd, ...uleb(0x14)],
  /** The two low f32 lanes widened to f64. */
  f64x2PromoteLowF32x4: (): number[] => [0xfd, ...uleb(0x5f)],
  /** Both f64 lanes rounded to f32 (to nearest, ties to even) in the low lanes; high lanes 0. */
  f32x4DemoteF64x2Zero: (): number[] => [0xfd, ...uleb(0x5e)],
  f64x2Abs: (): number[] => [0xfd, ...uleb(0xec)],
  f64x2Add: (): number[] => [0xfd, ...uleb(0xf0)],
  f64x2Sub: (): number[] => [0xfd, ...uleb(0xf1)],
  f64x2Mul: (): number[] => [0xfd, ...uleb(0xf2)],
  f64x2Div: (): number[] => [0xfd, ...uleb(0xf3)],
  /** Pseudo-minimum `b < a ? b : a` for stack `[a, b]` (one instruction; a NaN in `a` stays). */
  f64x2Pmin: (): number[] => [0xfd, ...uleb(0xf6)],
  f64x2Ne: (): number[] => [0xfd, ...uleb(0x48)],
  f64x2Lt: (): number[] => [0xfd, ...uleb(0x49)],
  /** Shift both i64 lanes left by an i32 count from the stack. */
  i64x2Shl: (): number[] => [0xfd, ...uleb(0xcb)],
  /** Shift both i64 lanes right (unsigned) by an i32 count from the stack. */
  i64x2ShrU: (): number[] => [0xfd, ...uleb(0xcd)],
  i64x2Add: (): number[] => [0xfd, ...uleb(0xce)],
  f32Add: (): number[] => [0x92],
  f32Sub: (): number[] => [0x93],
  f32Mul: (): number[] => [0x94],
  f32Div: (): number[] => [0x95],
  f32Min: (): number[] => [0x96],
  f32Max: (): number[] => [0x97],
};

/** Concatenates instruction byte lists. */
export function code(...parts: ReadonlyArray<readonly number[]>): number[] {
  const out: number[] = [];
  for (const p of parts) for (const b of p) out.push(b);
  return out;
}
