/**
 * Writes `golden/<model>.gradscope.safetensors`: each model's state dict as gradscope saves it,
 * for `cnn.torch.py` to load into torch.nn. Run from the repository root, before the Python
 * script:
 *
 *     node --import tsx packages/trainer/test/torch/write-gradscope.ts
 */
import { writeFileSync } from 'node:fs';
import { encodeSafetensors } from '../../src/index.js';
import { GOLDEN, gradscopeModel, MODELS } from './cnn-models.js';

for (const name of Object.keys(MODELS)) {
  const file = new URL(`${name}.gradscope.safetensors`, GOLDEN);
  writeFileSync(file, encodeSafetensors(gradscopeModel(name).stateDict()));
  console.log(`wrote ${file.pathname}`);
}
