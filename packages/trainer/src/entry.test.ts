import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('entry points', () => {
  it('the main entry uses no Node built-ins (it must run in browsers); only node.ts does', () => {
    // Node-only files: the ./node entry, and the worker pool and worker script only it reaches.
    const nodeOnly = ['/node.ts', '/parallel/node-pool.ts', '/parallel/worker.ts'];
    const offenders = sources(here).filter(
      (f) =>
        !nodeOnly.some((n) => f.endsWith(n)) &&
        /from ['"](node:|fs['"]|path['"])|require\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
    const importers = sources(here).filter(
      (f) =>
        !f.endsWith('.test.ts') &&
        /from '[./]*(parallel\/)?(node-pool|worker)\.js'/.test(readFileSync(f, 'utf8')),
    );
    expect(importers.map((f) => f.slice(here.length))).toEqual(['node.ts']);
    expect(readFileSync(join(here, 'node.ts'), 'utf8')).toMatch(/from 'node:fs'/);
    expect(readFileSync(join(here, 'index.ts'), 'utf8')).not.toMatch(/node\.js/);
  });

  it('exports the public names of the issue', () => {
    for (const name of [
      'zeros',
      'constant',
      'uniform',
      'normal',
      'xavierUniform',
      'xavierNormal',
      'heUniform',
      'heNormal',
      'lecunUniform',
      'lecunNormal',
      'orthogonal',
      'standard',
      'getInitializer',
      'calculateGain',
      'Module',
      'Linear',
      'Activation',
      'Sequential',
      'Dropout',
      'LayerNorm',
      'BatchNorm1d',
      'BatchNorm2d',
      'Conv2d',
      'Conv1d',
      'ConvTranspose2d',
      'MaxPool2d',
      'AvgPool2d',
      'AdaptiveAvgPool2d',
      'Flatten',
      'Dropout2d',
      'modelSummary',
      'Residual',
      'mlp',
      'mse',
      'mae',
      'huber',
      'binaryCrossEntropy',
      'crossEntropy',
      'nll',
      'SGD',
      'Adam',
      'AdamW',
      'RMSProp',
      'Adagrad',
      'clipGradNorm',
      'clipGradValue',
      'StepLR',
      'ExponentialLR',
      'CosineAnnealingLR',
      'LinearWarmup',
      'ReduceLROnPlateau',
      'Dataset',
      'DataLoader',
      'trainValidationSplit',
      'twoSpirals',
      'moons',
      'circles',
      'xor',
      'checkerboard',
      'noisySine',
      'iris',
      'irisSplit',
      'mnist',
      'randomShift',
      'shiftImages',
      'decodeIdx',
      'IdxError',
      'FASHION_MNIST_CLASSES',
      'fashionMnistFromArrays',
      'fit',
      'EarlyStopping',
      'GradientFlowMonitor',
      'SaturationMonitor',
      'DeadUnitMonitor',
      'encodeSafetensors',
      'decodeSafetensors',
      'SafetensorsError',
      'saveCheckpoint',
      'loadCheckpoint',
      'modelToJSON',
      'modelFromJSON',
    ]) {
      expect(main, name).toHaveProperty(name);
    }
  });
});
