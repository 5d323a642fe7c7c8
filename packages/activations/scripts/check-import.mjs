// Importing the built package (ESM and CJS) must register the whole catalogue: the registry
// and core's op table are filled as a side effect of the import (see "sideEffects").
import { createRequire } from 'node:module';

const expected = ['step', 'sigmoid', 'relu', 'gelu', 'mish', 'softplus', 'softmax', 'identity'];
const check = (m, how) => {
  const names = m.listActivations().map((a) => a.name);
  const missing = expected.filter((n) => !names.includes(n));
  if (names.length < 27 || missing.length > 0) {
    throw new Error(`${how}: catalogue not registered (got ${names.length}, missing ${missing})`);
  }
  const core = how === 'esm' ? coreEsm : createRequire(import.meta.url)('@gradscope/core');
  for (const n of ['sigmoid', 'relu', 'gelu']) core.getOp(n);
  console.log(`${how}: ${names.length} activations registered`);
};
const coreEsm = await import('@gradscope/core');
check(await import('../dist/index.js'), 'esm');
check(createRequire(import.meta.url)('../dist/index.cjs'), 'cjs');

// A bundler must keep a bare `import '@gradscope/activations'` (it registers ops): bundle a
// consumer with esbuild (tsup's own copy), which honours package.json "sideEffects", and run it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const requireHere = createRequire(import.meta.url);
const esbuild = createRequire(requireHere.resolve('tsup'))('esbuild');
const dir = mkdtempSync(join(tmpdir(), 'gradscope-activations-'));
const entry = join(dir, 'consumer.mjs');
writeFileSync(
  entry,
  "import '@gradscope/activations';\nimport { getOp } from '@gradscope/core';\nexport const ok = ['relu', 'mish', 'gelu'].every((n) => getOp(n).name === n);\n",
);
await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  nodePaths: [join(process.cwd(), 'node_modules')],
  alias: { '@gradscope/activations': process.cwd() },
  outfile: join(dir, 'bundle.mjs'),
  logLevel: 'error',
});
const bundled = await import(pathToFileURL(join(dir, 'bundle.mjs')).href);
if (bundled.ok !== true) throw new Error('bundler: the bare import did not register the ops');
console.log('bundler: a bare import keeps the registrations (sideEffects honoured)');
