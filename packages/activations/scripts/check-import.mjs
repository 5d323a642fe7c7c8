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
