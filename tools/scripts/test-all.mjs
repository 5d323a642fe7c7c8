#!/usr/bin/env node
// `pnpm test`, the README's test command: build, typecheck, lint, API docs, unit tests, and
// publint + attw on every publishable package. Each check stage counts as one test (package
// stages count once per package); unit tests count individually. Every stage streams its output;
// a failing stage is reprinted at the end with the last lines of its output, so the reason is
// next to the summary. The last line printed is `N passed, N failed[, N skipped]`, which CI reads.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
const TAIL = 40;
let passed = 0;
let failed = 0;
let skipped = 0;
const results = [];
const failures = [];

/** Runs one command, streaming its output; resolves with { ok, output }. */
function exec(cmd, args) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (stream) => (d) => {
      output += d;
      stream.write(d);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => done({ ok: false, output: `could not start ${cmd}: ${e.message}` }));
    child.on('close', (code, signal) =>
      done({ ok: code === 0, output: code === 0 ? output : `${output}\n(exit ${code ?? signal})` }),
    );
  });
}

/** A check stage: counts one pass or one failure; remembers why it failed. */
async function stage(name, cmd, args) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const { ok, output } = await exec(cmd, args);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${secs} s)`);
  if (ok) passed++;
  else {
    failed++;
    const tail = output.trimEnd().split('\n').slice(-TAIL).join('\n');
    failures.push(`--- ${name} failed; last lines of its output:\n${tail}`);
  }
  return ok;
}

/** Publishable workspace packages (not private), by name. */
function publicPackages() {
  return readdirSync(join(root, 'packages'))
    .map((d) => join(root, 'packages', d, 'package.json'))
    .filter((p) => existsSync(p))
    .map((p) => JSON.parse(readFileSync(p, 'utf8')))
    .filter((j) => j.private !== true)
    .map((j) => j.name)
    .sort();
}

const turbo = (...a) => ['exec', 'turbo', 'run', ...a, '--continue', '--output-logs=errors-only'];
const packages = publicPackages();

await stage('build', pnpm, turbo('build'));
await stage('typecheck', pnpm, turbo('typecheck'));
// The tools have no typecheck task of their own (most are not workspace packages): each with a
// tsconfig.json (extending tools/tsconfig.base.json) is checked here.
const tools = readdirSync(join(root, 'tools'))
  .filter((d) => existsSync(join(root, 'tools', d, 'tsconfig.json')))
  .sort();
for (const dir of tools)
  await stage(`typecheck tools/${dir}`, pnpm, [
    'exec',
    'tsc',
    '--noEmit',
    '-p',
    `tools/${dir}/tsconfig.json`,
  ]);
await stage('lint (biome)', pnpm, ['exec', 'biome', 'check', '.']);
for (const name of packages) {
  await stage(
    `API docs, every export documented: ${name}`,
    pnpm,
    turbo('docs:build', `--filter=${name}`),
  );
}
for (const name of packages) {
  await stage(`publint + attw: ${name}`, pnpm, turbo('check:package', `--filter=${name}`));
}

const dir = mkdtempSync(join(tmpdir(), 'gradscope-test-'));
const summary = join(dir, 'summary.json');
env.GRADSCOPE_TEST_SUMMARY = summary;
process.stdout.write('\n=== unit tests: pnpm exec vitest run\n');
const t0 = Date.now();
const unit = await exec(pnpm, ['exec', 'vitest', 'run']);
let counts = null;
try {
  counts = JSON.parse(readFileSync(summary, 'utf8'));
} catch {
  counts = null;
}
rmSync(dir, { recursive: true, force: true });
if (counts === null) {
  failed++;
  results.push('FAIL unit tests (vitest ended without a summary: it crashed or failed to load)');
  failures.push(
    `--- unit tests produced no summary; last lines:\n${unit.output.trimEnd().split('\n').slice(-TAIL).join('\n')}`,
  );
} else {
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  if (!unit.ok && counts.failed === 0) {
    failed++;
    failures.push(
      `--- vitest exited non-zero with no failed test:\n${unit.output.trimEnd().split('\n').slice(-TAIL).join('\n')}`,
    );
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  results.push(
    `${unit.ok ? 'ok  ' : 'FAIL'} unit tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${secs} s)`,
  );
  if (counts.failed > 0) {
    const failedLines = unit.output.split('\n').filter((l) => /^\s*(×|✗|FAIL)\s/.test(l));
    failures.push(
      `--- failing unit tests:\n${failedLines.slice(0, 60).join('\n') || '(see the vitest output above)'}`,
    );
  }
}

if (failures.length > 0) process.stdout.write(`\n${failures.join('\n\n')}\n`);
process.stdout.write(`\n${results.join('\n')}\n`);
process.stdout.write(
  `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(failed > 0 ? 1 : 0);
