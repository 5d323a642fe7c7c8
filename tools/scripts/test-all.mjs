#!/usr/bin/env node
// The README's test command: build, typecheck, lint, unit tests, package checks (publint + attw).
// Each check stage counts as one test; unit tests count individually. The last line printed is
// `N passed, N failed[, N skipped]`, which CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' };
let passed = 0;
let failed = 0;
let skipped = 0;
const results = [];

function stage(name, cmd, args) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, shell: false });
  const ok = r.status === 0;
  results.push(`${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
const built = stage('build', pnpm, ['exec', 'turbo', 'run', 'build']);
if (built) passed++;
else failed++;
for (const [name, args] of [
  ['typecheck', ['exec', 'turbo', 'run', 'typecheck']],
  ['lint', ['exec', 'biome', 'check', '.']],
  ['package checks (publint + attw)', ['exec', 'turbo', 'run', 'check:package']],
]) {
  if (stage(name, pnpm, args)) passed++;
  else failed++;
}

const dir = mkdtempSync(join(tmpdir(), 'gradscope-test-'));
const summary = join(dir, 'summary.json');
env.GRADSCOPE_TEST_SUMMARY = summary;
const unitOk = stage('unit tests', pnpm, ['exec', 'vitest', 'run']);
try {
  const s = JSON.parse(readFileSync(summary, 'utf8'));
  passed += s.passed;
  failed += s.failed;
  skipped += s.skipped;
  if (!unitOk && s.failed === 0) failed++;
} catch {
  failed++;
  results.push('FAIL unit tests produced no summary');
}
rmSync(dir, { recursive: true, force: true });

process.stdout.write(`\n${results.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
