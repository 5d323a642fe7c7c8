/**
 * Main-thread CPU time per call of one gradscope case in Chromium and in Node, side by side, and
 * of a scratch copy's packages (`--variant ROOT`) against the working tree in both. On a machine
 * shared with other work, CPU time moves far less than wall time (it leaves out the time the
 * thread waits to be scheduled), so this is the measure to judge a change by there. Chromium:
 * the page's `ThreadTime` (DevTools `Performance.getMetrics`); Node: the thread's run time in
 * `/proc/thread-self/schedstat` (Linux only). Both pages are bundled from the sources (as
 * `--source`), so that a variant differs from the working tree only by its change. Usage (from
 * tools/bench):
 *   node --import tsx src/browser/cpu-time.ts ["mlp deep"] [--variant ROOT] [--rounds 10] [--calls 1000]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from '../measure.js';
import { benchRoot, bundlePages } from './bundle.js';
import { launchChromium, PeerPage } from './chromium.js';
import type { BenchPage } from './page-api.js';
import { serveBench } from './server.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const key = argv[0] !== undefined && !argv[0].startsWith('--') ? argv[0] : 'mlp deep';
const variant = option('--variant');
const rounds = Number(option('--rounds') ?? 10);
const calls = Number(option('--calls') ?? 1000);
type Global = { gsBench: BenchPage };
interface Times {
  cpu: number;
  wall: number;
}

/** A Node child running `cpu-child.ts` from the bench directory `dir`. */
function child(dir: string): { run: (n: number) => Promise<Times>; proc: ChildProcess } {
  const proc = fork(path.join(dir, 'src/cpu-child.ts'), [key], {
    cwd: dir,
    execArgv: ['--import', 'tsx'],
  });
  let waiting: ((t: Times) => void) | null = null;
  proc.on('message', (m: Times & { ready?: boolean }) => {
    if (m.ready) return;
    const w = waiting;
    waiting = null;
    w?.(m);
  });
  return {
    proc,
    run: (n) =>
      new Promise((resolve) => {
        waiting = resolve;
        proc.send({ n });
      }),
  };
}

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(tmpdir(), 'gs-cpu-time-'));
  await bundlePages({ outDir: out, source: true, variant });
  const server = await serveBench(out);
  const browser = await launchChromium();
  const rows = new Map<string, number[]>();
  const add = (k: string, v: number) => rows.set(k, [...(rows.get(k) ?? []), v]);
  const kids: Array<{ label: string; proc: ChildProcess; run: (n: number) => Promise<Times> }> = [
    { label: 'working tree', ...child(benchRoot) },
  ];
  if (variant) kids.push({ label: 'variant', ...child(path.resolve(variant, 'tools/bench')) });
  const opened: PeerPage[] = [];
  try {
    const pages: Array<{ label: string; run: (n: number) => Promise<Times> }> = [];
    const peers: Array<[string, string]> = [['working tree', 'gradscope-wasm']];
    if (variant) peers.push(['variant', 'gradscope-variant']);
    for (const [label, name] of peers) {
      const p = await PeerPage.open(browser, server.url, name, true);
      opened.push(p);
      const cdp = await p.context.newCDPSession(p.page);
      await cdp.send('Performance.enable');
      const threadMs = async () =>
        ((await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')
          ?.value ?? Number.NaN) * 1000;
      const run = async (n: number): Promise<Times> => {
        const c0 = await threadMs();
        const w0 = performance.now();
        await p.page.evaluate(([k, c]) => (globalThis as unknown as Global).gsBench.repeat(k, c), [
          key,
          n,
        ] as const);
        return { cpu: (await threadMs()) - c0, wall: performance.now() - w0 };
      };
      await run(2 * calls); // warm-up
      pages.push({ label, run });
    }
    for (const k of kids) await k.run(2 * calls);
    for (let r = 0; r < rounds; r++) {
      for (const side of [
        ...pages.map((p) => ({ ...p, runtime: 'Chromium' })),
        ...kids.map((k) => ({ ...k, runtime: 'Node' })),
      ]) {
        const t = await side.run(calls);
        add(`${side.runtime}, ${side.label}|cpu`, (t.cpu / calls) * 1000);
        add(`${side.runtime}, ${side.label}|wall`, (t.wall / calls) * 1000);
      }
    }
    const names = [...new Set([...rows.keys()].map((k) => k.split('|')[0] as string))];
    const lines = [
      `${key}: µs per call, median of ${rounds} rounds of ${calls} calls (all samples in brackets)`,
      '',
      '| runtime, packages | main-thread CPU | wall |',
      '|---|---|---|',
      ...names.map((n) => {
        const c = rows.get(`${n}|cpu`) ?? [];
        const w = rows.get(`${n}|wall`) ?? [];
        return `| ${n} | ${median(c).toFixed(1)} [${c.map((x) => x.toFixed(0)).join(' ')}] | ${median(w).toFixed(1)} |`;
      }),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const p of opened) await p.close();
    for (const k of kids) k.proc.kill();
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
