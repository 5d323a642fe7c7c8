/**
 * The gradscope WebAssembly SIMD kernels, emitted from TypeScript with `encoder.ts`:
 *
 * - `gemm(a, b, c, mp, np, kc, strideA, strideB, ldc)`: `C += A B` on packed panels. A is
 *   packed in panels of 4 rows (k-major: 4 floats per k step), B in panels of 8 columns (8 floats
 *   per k step). For every B panel `jp < np` and A panel `ip < mp`, a 4 x 8 block of C is held in
 *   eight f32x4 registers over `kc` steps (per step: two B loads, four broadcast loads of A, eight
 *   multiplies and eight adds), then added into C (row stride `ldc` bytes). All pointers and
 *   strides are byte offsets; `mp`, `np`, `kc` must be >= 1.
 * - `<kind>VV(a, b, out, n4)` and `<kind>VS(a, s, out, n4)` for add, sub, mul, div, max, min:
 *   `out[i] = a[i] op b[i]` (or `op s[0]`) over `n4` groups of four f32.
 */
import { code, encodeModule, type FuncDef, I32, op, V128, type ValType } from './encoder.js';

/** Register-block size of {@link buildKernelModule}'s gemm: rows of A per panel. */
export const GEMM_MR = 4;
/** Columns of B per panel. */
export const GEMM_NR = 8;

function gemm(): FuncDef {
  // params
  const a = 0;
  const b = 1;
  const c = 2;
  const mp = 3;
  const np = 4;
  const kc = 5;
  const strideA = 6;
  const strideB = 7;
  const ldc = 8;
  // locals
  const jp = 9;
  const ip = 10;
  const ap = 11;
  const bp = 12;
  const p = 13;
  const cp = 14;
  const acc = (i: number) => 15 + i; // 8 accumulators
  const b0 = 23;
  const b1 = 24;
  const s = 25;
  const locals: ValType[] = [I32, I32, I32, I32, I32, I32, ...new Array<ValType>(11).fill(V128)];

  const kStep: number[][] = [
    code(op.get(bp), op.v128Load(0), op.set(b0)),
    code(op.get(bp), op.v128Load(16), op.set(b1)),
  ];
  for (let r = 0; r < GEMM_MR; r++) {
    kStep.push(
      code(
        op.get(acc(2 * r)),
        op.get(ap),
        op.v128Load32Splat(4 * r),
        op.tee(s),
        op.get(b0),
        op.f32x4Mul(),
        op.f32x4Add(),
        op.set(acc(2 * r)),
        op.get(acc(2 * r + 1)),
        op.get(s),
        op.get(b1),
        op.f32x4Mul(),
        op.f32x4Add(),
        op.set(acc(2 * r + 1)),
      ),
    );
  }
  const store: number[][] = [];
  for (let r = 0; r < GEMM_MR; r++) {
    for (let h = 0; h < 2; h++) {
      store.push(
        code(
          op.get(cp),
          op.get(cp),
          op.v128Load(16 * h),
          op.get(acc(2 * r + h)),
          op.f32x4Add(),
          op.v128Store(16 * h),
        ),
      );
    }
    store.push(code(op.get(cp), op.get(ldc), op.i32Add(), op.set(cp)));
  }
  const zero: number[][] = [];
  for (let i = 0; i < 8; i++) zero.push(code(op.v128Zero(), op.set(acc(i))));

  const body = code(
    op.i32(0),
    op.set(jp),
    op.loop(),
    op.i32(0),
    op.set(ip),
    op.loop(),
    // ap = a + ip * strideA; bp = b + jp * strideB
    op.get(a),
    op.get(ip),
    op.get(strideA),
    op.i32Mul(),
    op.i32Add(),
    op.set(ap),
    op.get(b),
    op.get(jp),
    op.get(strideB),
    op.i32Mul(),
    op.i32Add(),
    op.set(bp),
    ...zero,
    op.get(kc),
    op.set(p),
    op.loop(),
    ...kStep,
    op.get(ap),
    op.i32(16),
    op.i32Add(),
    op.set(ap),
    op.get(bp),
    op.i32(32),
    op.i32Add(),
    op.set(bp),
    op.get(p),
    op.i32(1),
    op.i32Sub(),
    op.tee(p),
    op.brIf(0),
    op.end(),
    // cp = c + ip * 4 * ldc + jp * 32
    op.get(c),
    op.get(ip),
    op.get(ldc),
    op.i32Mul(),
    op.i32(2),
    op.i32Shl(),
    op.i32Add(),
    op.get(jp),
    op.i32(5),
    op.i32Shl(),
    op.i32Add(),
    op.set(cp),
    ...store,
    op.get(ip),
    op.i32(1),
    op.i32Add(),
    op.tee(ip),
    op.get(mp),
    op.i32LtU(),
    op.brIf(0),
    op.end(),
    op.get(jp),
    op.i32(1),
    op.i32Add(),
    op.tee(jp),
    op.get(np),
    op.i32LtU(),
    op.brIf(0),
    op.end(),
  );
  return {
    name: 'gemm',
    params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    results: [],
    locals,
    body,
  };
}

/** The elementwise kinds with a SIMD loop. */
export const SIMD_BINARY = {
  add: op.f32x4Add,
  sub: op.f32x4Sub,
  mul: op.f32x4Mul,
  div: op.f32x4Div,
  max: op.f32x4Max,
  min: op.f32x4Min,
} as const;
export type SimdBinaryKind = keyof typeof SIMD_BINARY;

function elementwise(kind: SimdBinaryKind, scalar: boolean): FuncDef {
  const a = 0;
  const b = 1;
  const out = 2;
  const n4 = 3;
  const bv = 4;
  const body = code(
    scalar ? code(op.get(b), op.v128Load32Splat(0), op.set(bv)) : [],
    op.block(),
    op.get(n4),
    op.i32Eqz(),
    op.brIf(0),
    op.loop(),
    op.get(out),
    op.get(a),
    op.v128Load(0),
    scalar ? op.get(bv) : code(op.get(b), op.v128Load(0)),
    SIMD_BINARY[kind](),
    op.v128Store(0),
    op.get(a),
    op.i32(16),
    op.i32Add(),
    op.set(a),
    scalar ? [] : code(op.get(b), op.i32(16), op.i32Add(), op.set(b)),
    op.get(out),
    op.i32(16),
    op.i32Add(),
    op.set(out),
    op.get(n4),
    op.i32(1),
    op.i32Sub(),
    op.tee(n4),
    op.brIf(0),
    op.end(),
    op.end(),
  );
  return {
    name: `${kind}${scalar ? 'VS' : 'VV'}`,
    params: [I32, I32, I32, I32],
    results: [],
    locals: [V128],
    body,
  };
}

/** The bytes of the kernel module (one exported memory of `pages` 64 KiB pages). */
export function buildKernelModule(pages = 16): Uint8Array<ArrayBuffer> {
  const funcs: FuncDef[] = [gemm()];
  for (const kind of Object.keys(SIMD_BINARY) as SimdBinaryKind[]) {
    funcs.push(elementwise(kind, false), elementwise(kind, true));
  }
  return encodeModule(funcs, pages);
}
