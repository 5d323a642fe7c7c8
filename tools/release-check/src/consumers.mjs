/**
 * The consumer projects release:check installs from the throwaway registry. They use only the
 * documented public names, as a user who read the READMEs would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function write(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** d/dx Σ x³ = 3x² at x = [1, 2, 3] is [3, 12, 27]. */
const coreEsm = `import { grad, tensor } from '@gradscope/core';
const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
x.pow(3).sum().backward();
const viaBackward = Array.from(x.grad.data);
const viaGrad = Array.from(grad((t) => t.pow(3).sum())(tensor([1, 2, 3], { dtype: 'float64' })).data);
const want = [3, 12, 27];
for (const got of [viaBackward, viaGrad]) {
  if (got.length !== 3 || got.some((g, i) => Math.abs(g - want[i]) > 1e-12)) {
    console.error('ESM: expected', want, 'got', got);
    process.exit(1);
  }
}
console.log('ESM gradient of sum(x^3) at [1,2,3]:', viaBackward.join(', '));
`;

/** f(x) = Σ 2·exp(x) has gradient 2·exp(x): [2, 2e] at x = [0, 1]. */
const coreCjs = `const { valueAndGrad, tensor } = require('@gradscope/core');
const f = (x) => x.exp().mul(2).sum();
const [value, g] = valueAndGrad(f)(tensor([0, 1], { dtype: 'float64' }));
const want = [2, 2 * Math.E];
const got = Array.from(g.data);
if (Math.abs(value.item() - (2 + 2 * Math.E)) > 1e-12 || got.some((v, i) => Math.abs(v - want[i]) > 1e-12)) {
  console.error('CJS: expected', want, 'got', got, 'value', value.item());
  process.exit(1);
}
console.log('CJS gradient of sum(2 exp(x)) at [0,1]:', got.join(', '));
`;

/** Writes the core-only consumer (an ESM and a CJS script). */
export function writeCoreConsumer(dir, registry) {
  write(dir, {
    'package.json': `${JSON.stringify({ name: 'consumer-core', private: true, version: '0.0.0' }, null, 2)}\n`,
    '.npmrc': `registry=${registry}\n`,
    'grad.mjs': coreEsm,
    'grad.cjs': coreCjs,
  });
}

/**
 * A tiny MLP (2 → 16 → 1, ReLU) trained with Adam on y = x0 − 2·x1 + x0·x1 (the loss must fall
 * 10×), then a classifier trained with `fit`, SGD and cross-entropy on two separable blobs
 * (accuracy ≥ 0.95). Uses the documented names of all three packages.
 */
const trainTs = `import { createRng, noGrad, type Tensor, tensor } from '@gradscope/core';
import { getActivation, relu } from '@gradscope/activations';
import { Adam, crossEntropy, Dataset, fit, Linear, mlp, mse, SGD } from '@gradscope/trainer';

const rng = createRng(7);
const n = 64;
const xs: number[][] = [];
const ys: number[][] = [];
for (let i = 0; i < n; i++) {
  const a = 2 * rng.random() - 1;
  const b = 2 * rng.random() - 1;
  xs.push([a, b]);
  ys.push([a - 2 * b + a * b]);
}
const x: Tensor = tensor(xs);
const y: Tensor = tensor(ys);

const r: Tensor = relu(tensor([-1, 2]));
if (r.toArray().toString() !== '0,2') throw new Error(\`relu([-1, 2]) gave \${r.toArray()}\`);
if (getActivation('relu').name !== 'relu') throw new Error('getActivation(relu) has the wrong name');

const net = mlp({ inputSize: 2, hidden: [16], outputSize: 1, activation: 'relu', seed: 1 });
if (!net.modules().some((m) => m instanceof Linear)) throw new Error('mlp has no Linear layer');
const opt = new Adam(net.parameters(), { lr: 0.02 });
const first = noGrad(() => mse(net.call(x), y).item());
let last = first;
for (let step = 0; step < 300; step++) {
  opt.zeroGrad();
  const loss = mse(net.call(x), y);
  loss.backward();
  opt.step();
  last = loss.item();
}
console.log(\`tiny MLP: mse \${first.toFixed(4)} -> \${last.toFixed(4)}\`);
if (!(last < first / 10)) throw new Error(\`loss did not fall 10x: \${first} -> \${last}\`);

// Two Gaussian blobs, classified with the fit loop, SGD and cross-entropy on logits.
const cx: number[][] = [];
const cy: number[] = [];
for (let i = 0; i < 80; i++) {
  const c = i % 2;
  cx.push([2 * c - 1 + 0.3 * rng.normal(), 2 * c - 1 + 0.3 * rng.normal()]);
  cy.push(c);
}
const clf = mlp({ inputSize: 2, hidden: [8], outputSize: 2, seed: 2 });
const history = fit(clf, {
  data: new Dataset(tensor(cx), tensor(cy)),
  loss: crossEntropy,
  optimizer: new SGD(clf.parameters(), { lr: 0.1, momentum: 0.9 }),
  epochs: 20,
  batchSize: 16,
  seed: 3,
  metrics: ['accuracy'],
});
const lastEpoch = history.epochs.at(-1);
const acc = lastEpoch?.metrics.accuracy ?? 0;
console.log(\`fit: 20 epochs, accuracy \${acc.toFixed(3)}\`);
if (acc < 0.95) throw new Error(\`fit reached accuracy \${acc} on separable blobs\`);
`;

/** Writes the trainer consumer: a TypeScript project with NodeNext and Bundler configs. */
export function writeTrainerConsumer(dir, registry) {
  const strict = {
    strict: true,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    skipLibCheck: false,
    types: [],
  };
  write(dir, {
    'package.json': `${JSON.stringify({ name: 'consumer-trainer', private: true, version: '0.0.0', type: 'module' }, null, 2)}\n`,
    '.npmrc': `registry=${registry}\n`,
    'src/train.ts': trainTs,
    'tsconfig.nodenext.json': `${JSON.stringify(
      {
        compilerOptions: {
          ...strict,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          rootDir: 'src',
          outDir: 'out',
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
    'tsconfig.bundler.json': `${JSON.stringify(
      {
        compilerOptions: { ...strict, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  });
}

/**
 * `toONNX` on a one-layer function: the bytes are a ModelProto whose first field is
 * ir_version (tag 0x08) = 10, and they name the op types written.
 */
const onnxScript = (load) => `${load}
const w = tensor([[1, -2], [0.5, 3]]);
const bytes = toONNX((x) => x.matmul(w).exp().sum(1), [tensor([[1, 2]])], { opset: 21 });
const text = new TextDecoder('latin1').decode(bytes);
if (!(bytes instanceof Uint8Array) || bytes[0] !== 0x08 || bytes[1] !== 10 || !['MatMul', 'Exp', 'ReduceSum'].every((op) => text.includes(op))) {
  console.error('expected a ModelProto with IR version 10 and MatMul, Exp, ReduceSum');
  process.exit(1);
}
console.log('ModelProto of', bytes.length, 'bytes, IR version', bytes[1]);
`;

/** Writes the onnx consumer (an ESM and a CJS script). */
export function writeOnnxConsumer(dir, registry) {
  write(dir, {
    'package.json': `${JSON.stringify({ name: 'consumer-onnx', private: true, version: '0.0.0' }, null, 2)}\n`,
    '.npmrc': `registry=${registry}\n`,
    'export.mjs': onnxScript(
      "import { tensor } from '@gradscope/core';\nimport { toONNX } from '@gradscope/onnx';",
    ),
    'export.cjs': onnxScript(
      "const { tensor } = require('@gradscope/core');\nconst { toONNX } = require('@gradscope/onnx');",
    ),
  });
}
