/**
 * `pnpm bench [--quick] [--write] [--no-browser]`: the Node bench (`main.ts`), then the browser
 * bench (`browser/main.ts`, headless Chromium) and its playground group (`browser/playground.ts`),
 * each in its own process with the same options.
 * The Node bench writes BENCHMARKS.md; the browser bench then adds its section (between its
 * markers), which reads the Node figures just written, and the playground group its own. `--no-browser` runs the Node bench only.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const run = (script: string, extra: readonly string[]): number => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, script), ...extra], {
    cwd: path.resolve(here, '..'),
    stdio: 'inherit',
  });
  return r.status ?? 1;
};

const nodeStatus = run(
  'main.ts',
  args.filter((a) => a !== '--no-browser'),
);
let browserStatus = 0;
if (args.includes('--no-browser')) process.stderr.write('bench: --no-browser: Chromium not run\n');
else {
  process.stderr.write('\nbench: the browser bench (headless Chromium)\n');
  browserStatus = run(
    'browser/main.ts',
    args.filter((a) => a === '--quick' || a === '--write'),
  );
}
let playgroundStatus = 0;
if (!args.includes('--no-browser')) {
  process.stderr.write('\nbench: the playground group (headless Chromium)\n');
  playgroundStatus = run(
    'browser/playground.ts',
    args.filter((a) => a === '--quick' || a === '--write'),
  );
}
process.exit(nodeStatus || browserStatus || playgroundStatus);
