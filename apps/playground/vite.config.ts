/**
 * The playground's build: a static site (relative asset paths, so it works from any folder or
 * static host, offline: every dependency is bundled, nothing comes from a CDN). The training
 * engine runs in a module Web Worker (`src/worker/worker.ts`).
 *
 * `keepNames` in the worker (where models are built, run and traced): the trainer names a module's graph scope after its class (`Sequential/0:Linear`);
 * without it the minifier renames the classes and the graph inspector shows `yd/0:_d`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
  },
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
