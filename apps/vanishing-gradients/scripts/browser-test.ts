/**
 * Real-browser check of out/report.html: headless Debian Chromium driven by playwright-core opens
 * the file, every chart must be an `<svg>` with drawn content and a non-empty box, there must be
 * no console errors or page errors, and a full-page screenshot is saved.
 *
 *   pnpm --filter @gradscope/vanishing-gradients test:browser [-- path/to/report.html]
 *
 * Env: CHROMIUM (default /usr/bin/chromium), SCREENSHOT (default <report dir>/report.png),
 * SECTION_SCREENSHOTS=1 to also save one image per section (report-<section id>.png).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const report = resolve(process.argv[2] ?? 'out/report.html');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const screenshot = process.env.SCREENSHOT ?? join(dirname(report), 'report.png');

function fail(msg: string): never {
  process.stderr.write(`browser-test: ${msg}\n`);
  process.exit(1);
}

if (!existsSync(report)) {
  // No report yet (fresh clone, CI): make one with the quick run of the CLI.
  process.stdout.write(`browser-test: no ${report}; generating it with the CLI (--quick)\n`);
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('../src/cli.ts', import.meta.url)),
      '--quick',
      '--no-progress',
      '--out',
      dirname(report),
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(report))
    fail(`could not generate ${report} (exit ${r.status})`);
}
if (!existsSync(executablePath))
  fail(`no Chromium at ${executablePath}; install it (apt-get install chromium) or set CHROMIUM`);

const userDataDir = mkdtempSync(join(tmpdir(), 'vg-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1200, height: 900 },
});
const problems: string[] = [];
let checks = 0;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  const charts = await page.$$eval('figure.chart', (figs) =>
    figs.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return {
        id: f.getAttribute('data-chart') ?? '?',
        hasSvg: svg !== null,
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        shapes:
          svg?.querySelectorAll('path, rect, circle, text, polygon, ellipse, line').length ?? 0,
      };
    }),
  );
  if (charts.length === 0) problems.push('no charts (figure.chart) found');
  for (const c of charts) {
    checks++;
    if (!c.hasSvg) problems.push(`chart ${c.id}: no <svg>`);
    else if (c.width < 10 || c.height < 10)
      problems.push(`chart ${c.id}: empty box ${c.width}x${c.height}`);
    else if (c.shapes < 3) problems.push(`chart ${c.id}: only ${c.shapes} drawn elements`);
  }
  const headings = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent ?? ''));
  checks++;
  if (headings.length === 0) problems.push('no experiment headings (h2)');
  await page.screenshot({ path: screenshot, fullPage: true });
  if (process.env.SECTION_SCREENSHOTS) {
    // One image per experiment section, for reviewing the charts at full resolution.
    for (const id of await page.$$eval('section', (ss) => ss.map((s) => s.id))) {
      await page
        .locator(`section#${id}`)
        .screenshot({ path: screenshot.replace(/\.png$/, `-${id}.png`) });
    }
  }
  process.stdout.write(
    `browser-test: ${charts.length} charts, ${headings.length} sections (${headings.join(' | ')})\nscreenshot: ${screenshot}\n`,
  );
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
for (const p of problems) process.stderr.write(`  ✗ ${p}\n`);
process.stdout.write(
  `${checks - Math.min(checks, problems.length)} passed, ${problems.length} failed\n`,
);
process.exit(problems.length === 0 ? 0 : 1);
