/**
 * The page side of the browser bench: installs `globalThis.gsBench` (see `page-api.ts`), which
 * builds the page's peer and times cells with the Node bench's own `cells.ts` and `measure.ts`,
 * exactly as `peer-process.ts` does in a Node child.
 */
import { type Built, type CellSpec, cellSpecs } from '../cells.js';
import type { TimingReply } from '../interleave.js';
import { type MeasureOptions, measure } from '../measure.js';
import type { Peer } from '../peers/peer.js';
import type { BenchPage, PageInfo } from './page-api.js';

type Details = Record<string, string | number | boolean>;

/** A module whose one function uses `f32x4.relaxed_madd` (from wabt, relaxed SIMD enabled). */
const RELAXED_MADD = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0,
  32, 0, 32, 1, 32, 2, 253, 133, 2, 11,
]);

/** Logical cores, as the page reports them before any peer is set up. */
const cores = navigator.hardwareConcurrency;

/** The peer named by the page's URL (`?peer=`). */
export function peerNameFromUrl(): string {
  const name = new URL(location.href).searchParams.get('peer');
  if (name === null) throw new Error('bench page: no ?peer= in the URL');
  return name;
}

export interface PageSetup {
  /** Builds the peer (before its `activate`). */
  readonly peer: (name: string) => Peer;
  /** Backend facts, read after `activate`. */
  readonly details: (peer: Peer) => Promise<Details> | Details;
  /** Extra page functions (the gradscope page's phase timing). */
  readonly extra?: Partial<Pick<BenchPage, 'phases'>>;
}

export function installBenchPage(setup: PageSetup): void {
  const name = peerNameFromUrl();
  let peer: Peer | null = null;
  let specs = new Map<string, CellSpec>();
  const built = new Map<string, Built | null>();
  const cell = (key: string): Built | null => {
    if (peer === null) throw new Error('bench page: init() first');
    const spec = specs.get(key);
    if (spec === undefined) throw new Error(`bench page: unknown cell ${key}`);
    if (!built.has(key)) built.set(key, spec.build(peer));
    return built.get(key) ?? null;
  };
  const api: BenchPage = {
    async init(quick) {
      const p = setup.peer(name);
      await p.activate();
      peer = p;
      specs = new Map(cellSpecs(quick).map((s) => [s.key, s]));
      const info: PageInfo = {
        peer: name,
        version: p.version,
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
        hardwareConcurrency: cores,
        relaxedSimd: WebAssembly.validate(RELAXED_MADD),
        details: await setup.details(p),
      };
      return info;
    },
    request(key: string, opts: MeasureOptions): TimingReply {
      const b = cell(key);
      if (b === null) return { key, skipped: true };
      const m = measure(b.run, opts);
      return { key, perCall: m.perCall, calls: m.calls, ops: b.ops, loss: b.loss };
    },
    repeat(key, n) {
      const b = cell(key);
      if (b === null) throw new Error(`bench page: ${name} does not run ${key}`);
      for (let i = 0; i < n; i++) b.run();
    },
    done() {
      peer?.cleanup();
    },
    ...setup.extra,
  };
  (globalThis as { gsBench?: BenchPage }).gsBench = api;
}
