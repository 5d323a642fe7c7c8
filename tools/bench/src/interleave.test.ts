import { describe, expect, it } from 'vitest';
import type { CellSpec } from './cells.js';
import { interleave, type TimingPeer, type TimingReply } from './interleave.js';
import type { MeasureOptions } from './measure.js';

const spec = (key: string, applies: (p: string) => boolean = () => true): CellSpec => ({
  key,
  table: 'add',
  row: key,
  applies,
  build: () => null,
  figure: (ms) => ms,
});

/** A peer that answers with fixed times and logs every request. */
function fakePeer(
  name: string,
  ms: number,
  log: string[],
  answer?: (key: string) => Partial<TimingReply> | Error,
): TimingPeer {
  return {
    name,
    async request(key: string, o: MeasureOptions) {
      log.push(`${name}:${key}:${o.samples}${o.calls === undefined ? '' : `x${o.calls}`}`);
      const a = answer?.(key);
      if (a instanceof Error) throw a;
      return { key, perCall: new Array(o.samples).fill(ms), calls: 7, ops: 1, ...a };
    },
  };
}

describe('interleave', () => {
  it('warms every peer up on a case, then takes one sample per peer in turn', async () => {
    const log: string[] = [];
    const r = await interleave(
      [spec('a'), spec('b')],
      [fakePeer('p', 2, log), fakePeer('q', 3, log)],
      {
        quick: true,
      },
    );
    // Quick: one round, five samples; the calibrated calls (7) are reused for the samples.
    expect(log.slice(0, 6)).toEqual(['p:a:0', 'q:a:0', 'p:a:1x7', 'q:a:1x7', 'p:a:1x7', 'q:a:1x7']);
    expect(log.filter((l) => l.startsWith('p:a:1')).length).toBe(5);
    expect(log.indexOf('p:b:0')).toBe(12);
    expect(r.medians.get('a|p')).toBe(2);
    expect(r.medians.get('b|q')).toBe(3);
    expect(r.samples.get('a|q')?.length).toBe(5);
  });

  it('divides by the operations per call and keeps the first-step loss', async () => {
    const log: string[] = [];
    const r = await interleave(
      [spec('a')],
      [fakePeer('p', 10, log, () => ({ ops: 4, loss: 0.5 }))],
      {
        quick: true,
      },
    );
    expect(r.medians.get('a|p')).toBe(2.5);
    expect(r.losses.get('a|p')).toBe(0.5);
  });

  it('skips what a peer does not run, and records a failing case without stopping the run', async () => {
    const log: string[] = [];
    const p = fakePeer('p', 1, log, (k) => (k === 'a' ? new Error('no kernel') : {}));
    const q = fakePeer('q', 1, log, (k) => (k === 'b' ? { skipped: true } : {}));
    const r = await interleave([spec('a'), spec('b'), spec('c', (x) => x === 'q')], [p, q], {
      quick: false,
      applies: (s, peer) => !(s.key === 'c' && peer === 'p'),
    });
    expect(r.failures.get('a|p')).toBe('no kernel');
    expect(r.medians.has('a|p')).toBe(false);
    expect(r.medians.has('b|q')).toBe(false);
    expect(r.medians.get('c|q')).toBe(1);
    // A failed or skipped cell is not asked again in later rounds.
    expect(log.filter((l) => l.startsWith('p:a')).length).toBe(1);
    expect(log.filter((l) => l.startsWith('q:b')).length).toBe(1);
    // Full: three rounds of three samples each.
    expect(r.samples.get('c|q')?.length).toBe(9);
  });

  it("takes more rounds when asked, each with the mode's samples per round", async () => {
    const log: string[] = [];
    const r = await interleave([spec('a')], [fakePeer('p', 1, log)], { quick: true, rounds: 3 });
    expect(r.samples.get('a|p')?.length).toBe(15);
    expect(log.filter((l) => l === 'p:a:0').length).toBe(3);
  });

  it('gives slow peers their samples in the warm-up visit', async () => {
    const log: string[] = [];
    const r = await interleave([spec('a')], [fakePeer('s', 5, log), fakePeer('f', 1, log)], {
      quick: true,
      slow: new Set(['s']),
    });
    expect(log[0]).toBe('s:a:3');
    expect(log.filter((l) => l.startsWith('s:')).length).toBe(1);
    expect(r.samples.get('a|s')?.length).toBe(3);
  });
});
