import { defineConfig } from 'tsup';
import { esmEntries, stripBareChunkImports } from '../../tools/bundle/strip-bare-chunk-imports.mjs';

const entry = {
  index: 'src/index.ts',
  node: 'src/node.ts',
  // The worker thread script of createWorkerPool (dist/parallel-worker.js).
  'parallel-worker': 'src/parallel/worker.ts',
  // Browsers: Web Worker pools, and the Web Worker script they start.
  web: 'src/web.ts',
  'parallel-web-worker': 'src/parallel/web-worker.ts',
};

export default defineConfig({
  entry,
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
  // The ESM entries' bare imports of chunks they also reach by name: with "sideEffects": false,
  // each would be an [ignored-bare-import] warning for every user who bundles with esbuild.
  onSuccess: async () => {
    stripBareChunkImports('dist', esmEntries(entry));
  },
});
