/**
 * The playground's build: a static site (relative asset paths, so it works from any folder or
 * static host, offline: every dependency is bundled, nothing comes from a CDN). The training
 * engine runs in a module Web Worker (`src/worker/worker.ts`).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1000 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
