/**
 * A Node child of `browser/cpu-time.ts`: builds one bench cell on gradscope-wasm (from the
 * sources its cwd's tsconfig points at) and, per request `{ n }`, runs it n times and answers
 * with the main thread's CPU time (Linux `/proc/thread-self/schedstat`) and the wall time, ms.
 */
import { readFileSync } from 'node:fs';
import { cellSpecs } from './cells.js';
import { makePeer } from './peers/make.js';

const key = process.argv[2] as string;
const spec = cellSpecs(true).find((s) => s.key === key);
if (spec === undefined) throw new Error(`cpu-child: unknown cell ${key}`);
const peer = makePeer('gradscope-wasm', { core: '', jsPytorch: '' });
await peer.activate();
const built = spec.build(peer);
if (built === null) throw new Error(`cpu-child: gradscope-wasm does not run ${key}`);
const cpu = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
process.on('message', (m: { n: number }) => {
  const c0 = cpu();
  const w0 = performance.now();
  for (let i = 0; i < m.n; i++) built.run();
  process.send?.({ cpu: cpu() - c0, wall: performance.now() - w0 });
});
process.send?.({ ready: true });
