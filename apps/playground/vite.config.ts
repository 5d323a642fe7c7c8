/**
 * The playground's build: a static site (relative asset paths, so it works from any folder or
 * static host, offline: every dependency is bundled, nothing comes from a CDN). The training
 * engine runs in a module Web Worker (`src/worker/worker.ts`).
 *
 * The worker is minified like the page: the packages' classes state their names (`typeName`,
 * core's `className`), so graph scopes read `Sequential/0:Linear` in the minified bundle too.
 *
 * After the bundle, the
 * vanishing-gradients report and the API docs go to dist/report/ and dist/api/
 * (`scripts/site-extras.ts`; SITE_EXTRAS=0 skips them).
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { buildSiteExtras } from './scripts/site-extras.js';

const siteExtras: Plugin = {
  name: 'gradscope-site-extras',
  apply: 'build',
  closeBundle() {
    if (process.env.SITE_EXTRAS === '0') return;
    const t = buildSiteExtras(resolve(__dirname, 'dist'));
    console.log(
      `site extras: report ${(t.reportMs / 1000).toFixed(1)} s, API docs ${(t.apiMs / 1000).toFixed(1)} s`,
    );
  },
};

export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  plugins: [siteExtras],
});
