/**
 * The bench's interleaved sampling, for peers that answer timing requests one at a time (a Node
 * child process, a browser page). The same schedule as `main.ts`'s `measureAll` (which predates
 * this module): every round visits every case; each peer warms up on it and calibrates its calls
 * per sample (the slowest peers take their few samples in that visit), then the other peers take
 * one sample each, in turn, until each has its share. So the samples compared in a ratio are never
 * more than a few hundred ms apart, and load that comes and goes hits every peer alike.
 */
import type { CellSpec } from './cells.js';
import { type MeasureOptions, median } from './measure.js';

/** What a peer answers to one timing request (as `peer-process.ts` does). */
export interface TimingReply {
  readonly key: string;
  /** The peer does not run this case (`build` returned null). */
  readonly skipped?: boolean;
  /** Milliseconds per call of every sample taken. */
  readonly perCall?: readonly number[];
  /** Calls per sample (from the warm-up). */
  readonly calls?: number;
  /** Operations per call. */
  readonly ops?: number;
  /** Training steps: the loss after the first step. */
  readonly loss?: number;
}

/** A peer that times cells on request, one request at a time. */
export interface TimingPeer {
  readonly name: string;
  request(key: string, opts: MeasureOptions): Promise<TimingReply>;
}

/** The measuring options of a full or quick run (the Node bench's). */
export function measureOptions(quick: boolean): MeasureOptions {
  return quick
    ? { warmupMs: 150, sampleMs: 30, samples: 5 }
    : { warmupMs: 300, sampleMs: 150, samples: 9 };
}

/** Rounds over all cases: 1 quick, 3 full. */
export const roundsFor = (quick: boolean): number => (quick ? 1 : 3);

export interface InterleaveResult {
  /** Median ms per operation by cell (`key|peer`). */
  readonly medians: Map<string, number>;
  /** Every sample (ms per operation) by cell. */
  readonly samples: Map<string, number[]>;
  /** Loss after the first step by cell, for training cases. */
  readonly losses: Map<string, number>;
  /** Cells whose request threw, with the message. */
  readonly failures: Map<string, string>;
}

export interface InterleaveOptions {
  readonly quick: boolean;
  /** Peers whose figures take long: fewer samples, taken in the warm-up visit. */
  readonly slow?: ReadonlySet<string>;
  /** Whether `peer` runs `spec` (in addition to `spec.applies`). */
  readonly applies?: (spec: CellSpec, peer: string) => boolean;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /**
   * More rounds than the mode's (1 quick, 3 full), each with the mode's samples per round: on a
   * machine shared with other work, more figures spread over a longer time.
   */
  readonly rounds?: number;
}

/** Times every applicable cell of `specs` on `peers`, interleaved (see the module comment). */
export async function interleave(
  specs: readonly CellSpec[],
  peers: readonly TimingPeer[],
  o: InterleaveOptions,
): Promise<InterleaveResult> {
  const opts = measureOptions(o.quick);
  const base = roundsFor(o.quick);
  const rounds = Math.max(base, o.rounds ?? base);
  const perRound: MeasureOptions = {
    ...opts,
    samples: Math.ceil(opts.samples / base),
    warmupMs: opts.warmupMs / base,
  };
  const samples = new Map<string, number[]>();
  const losses = new Map<string, number>();
  const failures = new Map<string, string>();
  const skipped = new Set<string>();
  const record = (cell: string, reply: TimingReply) => {
    const list = samples.get(cell) ?? [];
    for (const t of reply.perCall ?? []) list.push(t / (reply.ops ?? 1));
    samples.set(cell, list);
  };
  // A request that throws (a backend that cannot run the case) ends that cell, not the run.
  const ask = async (p: TimingPeer, cell: string, key: string, m: MeasureOptions) => {
    try {
      return await p.request(key, m);
    } catch (e) {
      failures.set(cell, e instanceof Error ? e.message : String(e));
      skipped.add(cell);
      return null;
    }
  };
  for (let r = 0; r < rounds; r++) {
    for (const spec of specs) {
      const inTurn: Array<[TimingPeer, number]> = [];
      for (const p of peers) {
        const cell = `${spec.key}|${p.name}`;
        if (!spec.applies(p.name) || (o.applies && !o.applies(spec, p.name))) continue;
        if (skipped.has(cell)) continue;
        const slow = o.slow?.has(p.name) ?? false;
        const reply = await ask(p, cell, spec.key, {
          ...perRound,
          samples: slow ? (o.quick ? 3 : 2) : 0,
        });
        if (reply === null) continue;
        if (reply.skipped) {
          skipped.add(cell);
          continue;
        }
        if (reply.loss !== undefined) losses.set(cell, reply.loss);
        if (slow) record(cell, reply);
        else inTurn.push([p, reply.calls ?? 1]);
      }
      for (let s = 0; s < perRound.samples; s++) {
        for (const [p, calls] of inTurn) {
          const cell = `${spec.key}|${p.name}`;
          if (skipped.has(cell)) continue;
          const reply = await ask(p, cell, spec.key, { ...perRound, samples: 1, calls });
          if (reply !== null) record(cell, reply);
        }
      }
    }
    o.log?.(`round ${r + 1}/${rounds} done`);
  }
  const medians = new Map<string, number>();
  for (const [cell, list] of samples) if (list.length > 0) medians.set(cell, median(list));
  return { medians, samples, losses, failures };
}
