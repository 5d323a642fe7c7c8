import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/node.ts'],
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
});
