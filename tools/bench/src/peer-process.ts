/**
 * One peer's process (forked by `main.ts` with `--import tsx`): builds the peer, then times cells
 * on request. Each framework and backend runs in its own V8 instance, as a user with one
 * backend would run it: code paths of one peer do not share JIT feedback with another's.
 *
 * Protocol (IPC): `{ key, opts }` -> `{ key, perCall, calls, ops, loss? }` (or
 * `{ key, skipped: true }`);
 * `{ done: true }` -> cleanup and exit.
 */
import { type Built, cellSpecs } from './cells.js';
import { type MeasureOptions, measure } from './measure.js';
import { makePeer, type PeerName } from './peers/make.js';

const [name, quickArg, core, jsPytorch] = process.argv.slice(2) as [
  PeerName,
  string,
  string,
  string,
];
const peer = makePeer(name, { core, jsPytorch });
const specs = new Map(cellSpecs(quickArg === 'quick').map((s) => [s.key, s]));
const built = new Map<string, Built | null>();
let active = false;

process.on('message', (msg: { key?: string; opts?: MeasureOptions; done?: boolean }) => {
  void (async () => {
    if (msg.done) {
      peer.cleanup();
      process.exit(0);
    }
    if (!active) {
      await peer.activate();
      active = true;
    }
    const key = msg.key as string;
    const spec = specs.get(key);
    if (spec === undefined) throw new Error(`peer-process: unknown cell ${key}`);
    if (!built.has(key)) built.set(key, spec.build(peer));
    const b = built.get(key);
    if (b === null || b === undefined) {
      process.send?.({ key, skipped: true });
      return;
    }
    const m = measure(b.run, msg.opts as MeasureOptions);
    process.send?.({ key, perCall: m.perCall, calls: m.calls, ops: b.ops, loss: b.loss });
  })().catch((e: unknown) => {
    process.stderr.write(`${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
});
