import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    node: 'src/node.ts',
    // The worker thread script of createWorkerPool (dist/parallel-worker.js).
    'parallel-worker': 'src/parallel/worker.ts',
    // Browsers: Web Worker pools, and the Web Worker script they start.
    web: 'src/web.ts',
    'parallel-web-worker': 'src/parallel/web-worker.ts',
  },
  format: ['esm', 'cjs'],
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  // One shared chunk for both entries in CJS too (ESM splits by default): without it node.cjs
  // carried its own copies of Dataset, Module and the error classes, and instanceof failed
  // between what './node' returns and what the main entry checks.
  splitting: true,
  target: 'es2022',
  platform: 'neutral',
  removeNodeProtocol: false,
  // Only the ./node entry imports Node built-ins; keep them as imports.
  external: [/^node:/],
  // import.meta.url in the CJS build (node-pool.ts finds the worker script beside it).
  shims: true,
});
