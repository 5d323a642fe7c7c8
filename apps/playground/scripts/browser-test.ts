/**
 * The playground in a real browser: builds the static site, serves it on 127.0.0.1, and drives
 * Debian's headless Chromium through playwright-core (`browser/harness.ts`). The suites in
 * `browser/suites/` run in order on one page, each check counted; then two checks over the whole
 * run: no console errors, page errors or failed requests, and every request went to the static
 * host (the site works offline).
 *
 * Screenshots of each view go to test-artifacts/ (gitignored). The last line is
 * `N passed, N failed`.
 *
 *   pnpm --filter playground test:browser [suite ...]   (env CHROMIUM: default /usr/bin/chromium;
 *                                                         --no-build reuses dist/)
 */
import { startHarness } from './browser/harness.js';
import { basics } from './browser/suites/basics.js';
import { compare } from './browser/suites/compare.js';
import { exportSuite } from './browser/suites/export.js';
import { graph } from './browser/suites/graph.js';
import { params } from './browser/suites/params.js';

/** The suites, in order. A suite adds its checks through the harness. */
const SUITES: ReadonlyArray<
  readonly [string, (h: import('./browser/harness.js').Harness) => Promise<void>]
> = [
  ['basics', basics],
  ['graph', graph],
  ['compare', compare],
  ['export', exportSuite],
  ['params', params],
];

const t0 = Date.now();
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const run = await startHarness(!args.includes('--no-build'));
const { harness: h } = run;
for (const [name, suite] of SUITES) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`${name}\n`);
  try {
    await suite(h);
  } catch (e) {
    h.check(
      `the ${name} suite completed`,
      false,
      e instanceof Error ? (e.stack ?? e.message) : String(e),
    );
  }
}
h.check(
  'no console errors, page errors or failed requests',
  run.consoleErrors.length === 0,
  run.consoleErrors.join('; '),
);
h.check(
  'offline: every request goes to the static host (no CDN)',
  run.foreign.size === 0,
  [...run.foreign].join(', '),
);
await run.close();

for (const f of run.figures) process.stdout.write(`figure: ${f}\n`);
process.stdout.write(
  `screenshots: apps/playground/test-artifacts\nbrowser test took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
);
const failed = run.results.filter((x) => !x.ok).length;
process.stdout.write(`${run.results.length - failed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
