/**
 * Every op toONNX maps, in each form its mapping must get right (export-cases-core.ts,
 * export-cases-nn.ts), exported at opsets 13, 17 and 21 in float32 and float64, checked against
 * the ONNX spec (onnx-spec.ts: IR version ≤ 10, opset import, op types of that opset, a
 * well-formed graph) and run in ONNX Runtime on inputs other than the example ones (a value
 * written as a constant would show), at two batch sizes for the dynamic-batch cases: outputs
 * equal gradscope's forward within 1e-5 (float32) or 1e-9 (float64). A mapping without cases, a
 * case of an unmapped op and a registered op without a mapping all fail the coverage tests.
 */
import '@gradscope/activations';
import { type DType, listOps } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { supportedOps, toONNX } from '../src/index.js';
import { coreCases, type OpCases } from './export-cases-core.js';
import { activationCases, nnCases } from './export-cases-nn.js';
import { draw, OrtModel, opsApplied } from './export-support.js';
import { checkModel, opTypes } from './onnx-spec.js';
import { expectClose } from './ort-support.js';

const cases: OpCases = { ...coreCases, ...nnCases, ...activationCases };
const ops = Object.keys(cases).sort();

/**
 * Op types for which ONNX Runtime's CPU provider (onnxruntime-node 1.30) has no float64 kernel,
 * found by running every case below in float64: a model with one of them fails to load ("Could
 * not find an implementation for …"). At some opsets ONNX Runtime expands an op through its ONNX
 * function body instead (LeakyRelu and PRelu at opset 17 run; HardSwish, Gelu and Mish at 21
 * expand to HardSigmoid, Erf and Softplus, which then fail). Each entry must show in some case,
 * so that a release of ONNX Runtime that adds a kernel shows here.
 */
export const ORT_NO_FLOAT64: ReadonlySet<string> = new Set([
  'AveragePool',
  'Conv',
  'ConvTranspose',
  'Elu',
  'Erf',
  'GlobalAveragePool',
  'HardSigmoid',
  'LeakyRelu',
  'PRelu',
  'Selu',
  'Softplus',
  'Softsign',
]);

/** The ops ONNX's function bodies of our op types expand to, where ONNX Runtime expands them. */
const EXPANDS_TO: Readonly<Record<string, readonly string[]>> = {
  HardSwish: ['HardSigmoid'],
  Gelu: ['Erf'],
  Mish: ['Softplus'],
};

/**
 * ONNX Runtime's extended graph optimisations fuse `x · sigmoid(x)` (swish, silu) into its
 * contrib op QuickGelu, which has no float64 kernel: such float64 models load with
 * `graphOptimizationLevel: 'basic'`.
 */
const QUICK_GELU = /Failed to find kernel for com\.microsoft\.QuickGelu/;

/** What the float64 runs met: the entries of ORT_NO_FLOAT64 and 'QuickGelu'. */
const float64Gaps = new Set<string>();

/** Ops whose float64 results ONNX holds to float32 constants (LeakyRelu's alpha attribute, the tanh-GELU function body). */
const FLOAT32_CONSTANTS = new Set(['LeakyRelu', 'Gelu']);

/**
 * Loads `bytes` in ONNX Runtime; for float64, a documented gap ends the case (null), the
 * QuickGelu fusion is retried at the basic optimisation level.
 */
async function load(bytes: Uint8Array, dtype: DType, types: Set<string>): Promise<OrtModel | null> {
  try {
    return await OrtModel.load(bytes);
  } catch (e) {
    if (dtype !== 'float64') throw e;
    const message = String(e);
    if (QUICK_GELU.test(message)) {
      float64Gaps.add('QuickGelu');
      return OrtModel.load(bytes, { graphOptimizationLevel: 'basic' });
    }
    const missing = /Could not find an implementation for ([A-Za-z]+)\(/.exec(message)?.[1];
    const reachable = [...types].flatMap((t) => [t, ...(EXPANDS_TO[t] ?? [])]);
    if (missing === undefined || !ORT_NO_FLOAT64.has(missing) || !reachable.includes(missing))
      throw e;
    float64Gaps.add(missing);
    return null;
  }
}

/** Registered ops that only backward rules apply: toONNX exports forwards. */
const BACKWARD_HELPERS = new Set(['maxPool2dIndices', 'maxPool2dGather', 'scatterAdd']);
const isBackwardHelper = (op: string) => /(Backward|Grad)$/.test(op) || BACKWARD_HELPERS.has(op);

describe('coverage', () => {
  it('every op toONNX maps has cases, and every case is of a mapped op', () => {
    expect(ops).toEqual(supportedOps());
    for (const op of ops) expect((cases[op] ?? []).length, op).toBeGreaterThan(0);
  });

  it('every registered op that user code applies has a mapping', () => {
    const unmapped = listOps().filter((op) => !isBackwardHelper(op) && !ops.includes(op));
    expect(unmapped).toEqual([]);
  });

  it('each case applies the op it is filed under', () => {
    for (const op of ops)
      for (const c of cases[op] ?? [])
        expect(opsApplied(c.f, c.inputs(draw(1, 'float32'))), `${op}: ${c.name}`).toContain(op);
  });
});

for (const dtype of ['float32', 'float64'] as const) {
  for (const opset of [13, 17, 21]) {
    describe(`${dtype}, opset ${opset}`, () => {
      for (const op of ops) {
        for (const c of cases[op] ?? []) {
          it(`${op}: ${c.name}`, async () => {
            const dynamicBatch = c.dynamicBatch === true;
            const bytes = toONNX(c.f, c.inputs(draw(1, dtype)), { opset, dynamicBatch });
            const types = opTypes(checkModel(bytes, opset));
            const session = await load(bytes, dtype, types);
            if (session === null) return;
            const loose = [...types].some((t) => FLOAT32_CONSTANTS.has(t));
            const tolerance = dtype === 'float32' ? 1e-5 : loose ? 1e-7 : 1e-9;
            try {
              // Other values than the example's, and other batch sizes when it is symbolic.
              for (const batch of dynamicBatch ? [3, 1] : [2]) {
                const xs = c.inputs(draw(100 + batch, dtype, batch));
                const [got] = await session.run(xs);
                expectClose(got as never, c.f(...xs), tolerance);
              }
            } finally {
              await session.release();
            }
          });
        }
      }
    });
  }
}

describe('float64 in ONNX Runtime', () => {
  it('meets every documented gap (a new ONNX Runtime that fills one shows here)', () => {
    expect([...float64Gaps].sort()).toEqual([...ORT_NO_FLOAT64, 'QuickGelu'].sort());
  });
});
