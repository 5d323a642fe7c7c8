/**
 * A change to the packages timed in Node before it is made (the counterpart of the browser
 * bench's `--variant`): the bench's `peer-process.ts` forked twice, once from this working tree
 * and once from a scratch copy of the repository at `DIR` (with its own `tools/bench`, whose
 * tsconfig points `@gradscope/*` at that copy's sources), both as `gradscope-wasm`, their samples
 * interleaved as in `pnpm bench`. Usage (from tools/bench):
 *   node --import tsx src/variant-node.ts DIR [--cells "mlp deep,mlp wide"] [--quick] [--rounds N]
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellSpecs } from './cells.js';
import { interleave, type TimingPeer, type TimingReply } from './interleave.js';
import type { MeasureOptions } from './measure.js';

const argv = process.argv.slice(2);
const dir = argv[0];
if (dir === undefined || dir.startsWith('--')) throw new Error('variant-node: give DIR');
const quick = argv.includes('--quick');
const cellsAt = argv.indexOf('--cells');
const keys = new Set(
  (cellsAt >= 0 ? (argv[cellsAt + 1] as string) : 'mlp deep,mlp wide,add16 plain')
    .split(',')
    .map((k) => k.trim()),
);
const here = path.dirname(fileURLToPath(import.meta.url));

class Child implements TimingPeer {
  private readonly child: ChildProcess;
  private waiting: ((r: TimingReply) => void) | null = null;
  constructor(
    readonly name: string,
    benchDir: string,
  ) {
    this.child = fork(
      path.join(benchDir, 'src/peer-process.ts'),
      ['gradscope-wasm', quick ? 'quick' : 'full', '0', '0'],
      { cwd: benchDir, execArgv: ['--import', 'tsx'], stdio: 'inherit' },
    );
    this.child.on('message', (m: TimingReply) => {
      const w = this.waiting;
      this.waiting = null;
      w?.(m);
    });
  }
  request(key: string, opts: MeasureOptions): Promise<TimingReply> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.send({ key, opts });
    });
  }
  close(): void {
    this.child.send({ done: true });
  }
}

const peers = [
  new Child('working tree', path.resolve(here, '..')),
  new Child('variant', path.resolve(dir, 'tools/bench')),
];
const specs = cellSpecs(quick).filter((s) => keys.has(s.key));
const roundsAt = argv.indexOf('--rounds');
const result = await interleave(specs, peers, {
  quick,
  rounds: roundsAt >= 0 ? Number(argv[roundsAt + 1]) : undefined,
  log: (s) => process.stderr.write(`${s}\n`),
});
for (const p of peers) p.close();
const lines = [
  `Variant ${dir} against the working tree, in Node ${process.version} (speed: working-tree time / variant time)`,
  '',
  '| case | working tree | variant | variant speed |',
  '|---|---|---|---|',
];
for (const spec of specs) {
  const a = result.medians.get(`${spec.key}|working tree`);
  const b = result.medians.get(`${spec.key}|variant`);
  lines.push(
    a === undefined || b === undefined
      ? `| ${spec.key} | — | — | — |`
      : `| ${spec.key} | ${spec.figure(a).toFixed(3)} | ${spec.figure(b).toFixed(3)} | ${(a / b).toFixed(3)}x |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
