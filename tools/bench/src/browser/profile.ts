/**
 * Where a gradscope step's time goes in Chromium and in Node: CPU profiles of the same case
 * (default the deep MLP step) in the gradscope bench page (DevTools protocol `Profiler`, through
 * playwright's CDP session) and in `node --cpu-prof` running `../profile.ts`, summarised side by
 * side (self time by function and by kind of work). Usage (from tools/bench):
 *   node --import tsx src/browser/profile.ts [deep|wide|add] [seconds] [--source] [--no-build]
 *     [--no-isolation] [--out DIR] [--variant ROOT] [--no-node]
 * DIR keeps the two .cpuprofile files (for DevTools); `--variant ROOT` profiles the page bundled
 * from a scratch copy's sources (see main.ts) and Node from that copy's tools/bench.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { byKind, type CpuProfile, selfTimes } from '../cpuprofile-summary.js';
import { benchRoot, bundlePages } from './bundle.js';
import { launchChromium, PeerPage } from './chromium.js';
import type { BenchPage } from './page-api.js';
import { serveBench } from './server.js';

const argv = process.argv.slice(2);
const positional = argv.filter(
  (a, i) => !a.startsWith('--') && argv[i - 1] !== '--out' && argv[i - 1] !== '--variant',
);
const variantAt = argv.indexOf('--variant');
const variant = variantAt >= 0 ? (argv[variantAt + 1] as string) : undefined;
const what = positional[0] ?? 'deep';
const seconds = Number(positional[1] ?? '5');
const outIdx = argv.indexOf('--out');
const outDir =
  outIdx >= 0 ? (argv[outIdx + 1] as string) : mkdtempSync(path.join(tmpdir(), 'gs-prof-'));
mkdirSync(outDir, { recursive: true });
const KEYS: Record<string, string> = { deep: 'mlp deep', wide: 'mlp wide', add: 'add16 plain' };
const found = KEYS[what];
if (found === undefined) throw new Error(`profile: unknown case ${what} (deep, wide or add)`);
const key: string = found;
type Global = { gsBench: BenchPage };

async function chromiumProfile(): Promise<{ profile: CpuProfile; perCall: number }> {
  const bundleDir = mkdtempSync(path.join(tmpdir(), 'gs-prof-bundle-'));
  await bundlePages({
    outDir: bundleDir,
    source: argv.includes('--source'),
    noBuild: argv.includes('--no-build'),
    variant,
  });
  const server = await serveBench(bundleDir, !argv.includes('--no-isolation'));
  const browser = await launchChromium();
  try {
    const peer = variant === undefined ? 'gradscope-wasm' : 'gradscope-variant';
    const p = await PeerPage.open(browser, server.url, peer, true);
    process.stderr.write(`page: ${JSON.stringify(p.info)}\n`);
    // Calibrate (and warm up) with the bench's own measure: calls per 200 ms.
    const cal = await p.request(key, { warmupMs: 1000, sampleMs: 200, samples: 1 });
    const calls = Math.max(1, Math.round(((cal.calls ?? 1) * seconds * 1000) / 200));
    const cdp = await p.context.newCDPSession(p.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const t0 = Date.now();
    await p.page.evaluate(([k, n]) => (globalThis as unknown as Global).gsBench.repeat(k, n), [
      key,
      calls,
    ] as const);
    const ms = Date.now() - t0;
    const { profile } = await cdp.send('Profiler.stop');
    await p.close();
    return { profile: profile as unknown as CpuProfile, perCall: ms / calls };
  } finally {
    await browser.close();
    await server.close();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

function nodeProfile(): { profile: CpuProfile; perCall: number } {
  const nodeBench = variant === undefined ? benchRoot : path.resolve(variant, 'tools/bench');
  const dir = mkdtempSync(path.join(tmpdir(), 'gs-prof-node-'));
  const out = execFileSync(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      '--cpu-prof-interval=100',
      '--import',
      'tsx',
      path.join(nodeBench, 'src/profile.ts'),
      what,
      String(seconds),
    ],
    { cwd: nodeBench, encoding: 'utf8' },
  );
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('profile: node wrote no .cpuprofile');
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  rmSync(dir, { recursive: true, force: true });
  const m = /([0-9.]+) ms per call/.exec(out);
  // profile.ts's 'add' call is 1000 adds.
  return { profile, perCall: Number(m?.[1] ?? Number.NaN) };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const chromium = await chromiumProfile();
  const node = nodeProfile();
  writeFileSync(path.join(outDir, `chromium-${what}.cpuprofile`), JSON.stringify(chromium.profile));
  writeFileSync(path.join(outDir, `node-${what}.cpuprofile`), JSON.stringify(node.profile));
  const sides = [
    ['Node', node],
    ['Chromium', chromium],
  ] as const;
  const lines: string[] = [`# ${key}: CPU profiles (self time), ${seconds} s each`, ''];
  for (const [name, side] of sides) {
    const s = selfTimes(side.profile);
    // Node's profile includes start-up; shares are of the whole sampled time.
    lines.push(
      `## ${name}: ${side.perCall.toFixed(4)} ms per call, ${s.total.toFixed(0)} ms sampled`,
      '',
    );
    for (const [kind, share] of byKind(s.functions, s.total))
      lines.push(`- ${kind}: ${pct(share)}`);
    lines.push('', '| self ms | share | function |', '|---|---|---|');
    for (const f of s.functions.slice(0, 30))
      lines.push(`| ${f.ms.toFixed(1)} | ${pct(f.share)} | ${f.fn} |`);
    lines.push('');
  }
  lines.push(`profiles: ${outDir}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
