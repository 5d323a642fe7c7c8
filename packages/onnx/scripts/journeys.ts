/**
 * Runs the README's two PyTorch journeys end to end, in document order, in a temporary folder:
 * "PyTorch → gradscope" (the Python block exports lenet.onnx with PyTorch's output and input
 * gradient, then the TypeScript block imports and checks it) and "gradscope weights →
 * torch.nn.Sequential" (the TypeScript block trains and saves, then the Python block loads the
 * weights into PyTorch and checks its output). Each TypeScript block's documented
 * `console.log(x); // value` lines must print their values and each Python block must print
 * `True` where its comment says so. Needs Debian's python3-torch (/usr/bin/python3) and a build
 * of the packages (`pnpm build`): the blocks import the published entry points.
 *
 *   node --import tsx packages/onnx/scripts/journeys.ts              runs both journeys
 *   node --import tsx packages/onnx/scripts/journeys.ts --write       also refreshes fixtures/readme/
 *
 * Ends with a line `N passed, N failed` (one per block).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractExamples, matchesDocumented } from '../../../tools/scripts/readme-examples.js';
import { JOURNEY_SECTIONS, localizePaths, READMEFIXTURES, sectionBlocks } from './readme-blocks.js';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const python = process.env.PYTHON ?? '/usr/bin/python3';
const write = process.argv.includes('--write');
const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'gradscope-journeys-'));
// TypeScript blocks run from inside the package so that `@gradscope/onnx` resolves to itself.
const tsDir = join(pkg, '.journeys');
mkdirSync(tsDir, { recursive: true });
let passed = 0;
let failed = 0;

function report(ok: boolean, what: string, detail = ''): void {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail === '' ? '' : `: ${detail}`}`);
}

/** A TypeScript block: documented console.log values become JSON lines on stdout, then compared. */
function runTs(code: string, name: string): void {
  const [example] = extractExamples(`\`\`\`ts\n${code}\n\`\`\`\n`);
  if (example === undefined) throw new Error('journeys: no TypeScript example');
  const file = join(tsDir, `${name}.ts`);
  const body = example.code.replaceAll(
    '(globalThis as any).__readmeCheck(',
    "((k: number, v: unknown) => console.log('__check', k, JSON.stringify(v)))(",
  );
  writeFileSync(file, localizePaths(body, work));
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: pkg, encoding: 'utf8' });
  if (r.status !== 0) {
    report(false, name, (r.stderr || r.stdout).slice(-2000));
    return;
  }
  const printed = new Map<number, unknown>();
  for (const line of r.stdout.split('\n')) {
    const m = /^__check (\d+) (.*)$/.exec(line);
    if (m) printed.set(Number(m[1]), JSON.parse(m[2] as string));
  }
  const bad = example.expected.flatMap((want, k) =>
    matchesDocumented(printed.get(k), want)
      ? []
      : [`console.log #${k + 1}: got ${JSON.stringify(printed.get(k))}, documented ${want}`],
  );
  report(bad.length === 0, name, bad.join('; '));
}

/** A Python block: every `print(...)  # True` line must print True. */
function runPython(code: string, name: string): void {
  const file = join(work, `${name}.py`);
  writeFileSync(file, code);
  const r = spawnSync(python, [file], { cwd: work, encoding: 'utf8' });
  const expected = code.split('\n').filter((l) => /^\s*print\(.*\)\s*#\s*True\s*$/.test(l)).length;
  const trues = r.stdout.split('\n').filter((l) => l.trim() === 'True').length;
  const ok = r.status === 0 && trues === expected;
  report(
    ok,
    name,
    ok
      ? ''
      : `exit ${r.status}, printed ${JSON.stringify(r.stdout.slice(-500))} ${r.stderr.slice(-1500)}`,
  );
}

try {
  for (const section of JOURNEY_SECTIONS) {
    for (const [i, block] of sectionBlocks(readme, section).entries()) {
      const name = `${section.slug}-${i + 1}-${block.lang}`;
      if (block.lang === 'python') runPython(block.code, name);
      else runTs(block.code, name);
    }
  }
  if (write) {
    mkdirSync(READMEFIXTURES.dir(pkg), { recursive: true });
    for (const f of READMEFIXTURES.files)
      copyFileSync(join(work, f), join(READMEFIXTURES.dir(pkg), f));
    console.log(`wrote ${READMEFIXTURES.files.join(', ')} to fixtures/readme/`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(tsDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
