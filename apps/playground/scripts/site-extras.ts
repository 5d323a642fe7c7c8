/**
 * After `vite build`: puts the vanishing-gradients report (its `--quick` run: one
 * self-contained HTML file, inline SVG, no scripts) in dist/report/ and the API documentation
 * of the published packages (typedoc, as each package's `docs:build` makes it) in
 * dist/api/<package>/, with dist/api/index.html linking them. Everything is local files: no CDN.
 * Run by the Vite plugin in vite.config.ts on every build (SITE_EXTRAS=0 skips it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The packages whose API pages the site carries. */
export const API_PACKAGES = ['core', 'activations', 'trainer', 'onnx'] as const;

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} in ${cwd}: expected exit 0, got ${r.status}`);
}

/** Writes dist/report/ and dist/api/ under `dist`; returns the milliseconds each took. */
export function buildSiteExtras(dist: string): { reportMs: number; apiMs: number } {
  const t0 = performance.now();
  const tmp = join(dist, '..', '.tmp', 'report');
  rmSync(tmp, { recursive: true, force: true });
  run(
    'pnpm',
    ['exec', 'tsx', 'src/cli.ts', '--quick', '--no-progress', '--no-color', '-o', tmp],
    join(root, 'apps', 'vanishing-gradients'),
  );
  mkdirSync(join(dist, 'report'), { recursive: true });
  copyFileSync(join(tmp, 'report.html'), join(dist, 'report', 'index.html'));
  copyFileSync(join(tmp, 'results.json'), join(dist, 'report', 'results.json'));
  const t1 = performance.now();
  for (const p of API_PACKAGES)
    run('pnpm', ['exec', 'typedoc', '--out', join(dist, 'api', p)], join(root, 'packages', p));
  const links = API_PACKAGES.map((p) => `<li><a href="${p}/index.html">@gradscope/${p}</a></li>`);
  writeFileSync(
    join(dist, 'api', 'index.html'),
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>gradscope API</title></head>\n<body><h1>gradscope API documentation</h1>\n<ul>${links.join('')}</ul>\n<p><a href="../index.html">Back to the playground</a></p></body></html>\n`,
  );
  // The report and typedoc pages name no icon, so browsers ask for /favicon.ico: serve one.
  writeFileSync(join(dist, 'favicon.ico'), favicon());
  return { reportMs: t1 - t0, apiMs: performance.now() - t1 };
}

/** A 1 × 1 ICO (one 32-bit pixel in the playground's orange), so no page asks in vain. */
function favicon(): Uint8Array {
  const b = Buffer.alloc(6 + 16 + 40 + 4 + 4);
  b.writeUInt16LE(1, 2); // type: icon
  b.writeUInt16LE(1, 4); // one image
  b.writeUInt8(1, 6); // width
  b.writeUInt8(1, 7); // height
  b.writeUInt16LE(1, 10); // planes
  b.writeUInt16LE(32, 12); // bits per pixel
  b.writeUInt32LE(40 + 4 + 4, 14); // image bytes
  b.writeUInt32LE(22, 18); // image offset
  b.writeUInt32LE(40, 22); // BITMAPINFOHEADER size
  b.writeInt32LE(1, 26); // width
  b.writeInt32LE(2, 30); // height (XOR + AND masks)
  b.writeUInt16LE(1, 34); // planes
  b.writeUInt16LE(32, 36); // bits per pixel
  b.writeUInt32LE(8, 42); // image size
  b.set([0x0f, 0x48, 0xd9, 0xff], 62); // BGRA #d9480f
  return b;
}
