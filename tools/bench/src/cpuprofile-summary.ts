/**
 * Summaries of V8 CPU profiles (`.cpuprofile`, from `node --cpu-prof` or Chromium's DevTools
 * protocol): self time by function, and by kind of work, so a Node and a Chromium profile of
 * the same step can be set side by side.
 */

export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber?: number;
    };
    readonly children?: readonly number[];
  }>;
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionTime {
  /** `name (file:line)`; WebAssembly functions as V8 names them (`$gemm` or `wasm-function[n]`). */
  readonly fn: string;
  /** Self time, ms. */
  readonly ms: number;
  readonly share: number;
}

/** Self time by function, largest first; `total` is the profile's sampled time (ms). */
export function selfTimes(p: CpuProfile): { total: number; functions: FunctionTime[] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    const n = byId.get(p.samples[i] as number);
    if (n === undefined) continue;
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key =
      file === ''
        ? f.functionName || '(anonymous)'
        : `${f.functionName || '(anonymous)'} (${file}:${f.lineNumber + 1}:${(f.columnNumber ?? 0) + 1})`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  }
  const functions = [...self]
    .map(([fn, ms]) => ({ fn, ms, share: ms / total }))
    .sort((a, b) => b.ms - a.ms);
  return { total, functions };
}

/** The kinds of work a step's self time is grouped into (by function name). */
export const KINDS: ReadonlyArray<[string, (fn: string) => boolean]> = [
  ['garbage collection', (f) => f.startsWith('(garbage collector)')],
  ['idle / program', (f) => f.startsWith('(idle)') || f.startsWith('(program)')],
  [
    'WebAssembly kernels',
    (f) => f.startsWith('$') || f.startsWith('wasm-function') || f.includes('.wasm'),
  ],
  [
    'typed-array allocation and copies',
    (f) =>
      /^(Float32Array|Float64Array|Int32Array|Uint8Array|ArrayBuffer|set|fill|subarray|slice)\b/.test(
        f,
      ),
  ],
];

/** Self time by kind of work (the rest: JavaScript of the engine, ops and kernels' drivers). */
export function byKind(functions: readonly FunctionTime[], total: number): Array<[string, number]> {
  const sums = new Map<string, number>(KINDS.map(([k]) => [k, 0]));
  let rest = 0;
  for (const f of functions) {
    const kind = KINDS.find(([, test]) => test(f.fn));
    if (kind) sums.set(kind[0], (sums.get(kind[0]) ?? 0) + f.ms);
    else rest += f.ms;
  }
  return [...sums, ['other JavaScript', rest] as [string, number]].map(([k, ms]) => [
    k,
    ms / total,
  ]);
}
