/**
 * Helpers of the export tests: seeded draws of inputs in either element type, an ONNX Runtime
 * session made once per exported model and run on many inputs, and the ops a function applies.
 */
import { createRng, type DType, type Rng, type Tensor, tensor } from '@gradscope/core';
import * as ort from 'onnxruntime-node';
import { collectGraph, recordOps } from '../src/record.js';

/** Seeded inputs of one element type; `batch` is the first axis of the cases that have one. */
export interface Draw {
  readonly dtype: DType;
  readonly batch: number;
  /** Normal values times `scale`. */
  randn(shape: readonly number[], scale?: number): Tensor;
  /** Uniform values in [lo, hi). */
  uniform(shape: readonly number[], lo: number, hi: number): Tensor;
  /** Integers 0 … n − 1 (as floats): labels, indices, and values with ties. */
  ints(shape: readonly number[], n: number): Tensor;
  /**
   * Normal values times `scale`, the first ones replaced by the points where activations have
   * kinks or change regime: 0, ±0.5, ±1, ±3, ±6, ±20.
   */
  kinks(shape: readonly number[], scale: number): Tensor;
}

const KINKS = [0, 0.5, -0.5, 1, -1, 3, -3, 6, -6, 20, -20];

/** A {@link Draw} from `seed`. */
export function draw(seed: number, dtype: DType, batch = 2): Draw {
  const rng: Rng = createRng(seed);
  const make = (shape: readonly number[], f: () => number) => {
    const n = shape.reduce((a, d) => a * d, 1);
    return tensor(Float64Array.from({ length: n }, f), { shape: [...shape], dtype });
  };
  return {
    dtype,
    batch,
    randn: (shape, scale = 1) => make(shape, () => rng.normal() * scale),
    uniform: (shape, lo, hi) => make(shape, () => lo + (hi - lo) * rng.random()),
    ints: (shape, n) => make(shape, () => Math.floor(rng.random() * n)),
    kinks: (shape, scale) => {
      let i = 0;
      return make(shape, () => (i < KINKS.length ? (KINKS[i++] as number) : rng.normal() * scale));
    },
  };
}

/** An output of ONNX Runtime: its values and dims. */
export interface OrtOutput {
  readonly data: ArrayLike<number>;
  readonly dims: readonly number[];
}

/** One ONNX Runtime session on an exported model, run on many inputs. */
export class OrtModel {
  private constructor(private readonly session: ort.InferenceSession) {}

  /** Loads `bytes` (rejects with ONNX Runtime's error when it cannot). */
  static async load(
    bytes: Uint8Array,
    options: ort.InferenceSession.SessionOptions = {},
  ): Promise<OrtModel> {
    return new OrtModel(await ort.InferenceSession.create(bytes, options));
  }

  /** Runs the model on `inputs`, in the order of the graph inputs; the outputs in graph order. */
  async run(inputs: readonly Tensor[]): Promise<OrtOutput[]> {
    const feeds: Record<string, ort.Tensor> = {};
    this.session.inputNames.forEach((name, i) => {
      const t = inputs[i] as Tensor;
      feeds[name] = new ort.Tensor(t.dtype, t.data, [...t.shape]);
    });
    const out = await this.session.run(feeds);
    return this.session.outputNames.map((name) => {
      const v = out[name] as ort.Tensor;
      return { data: v.data as ArrayLike<number>, dims: v.dims };
    });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** Registry names of the ops `f` applies to `inputs` on the path to its result. */
export function opsApplied(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[]): string[] {
  const { result, producers } = recordOps(() => f(...inputs));
  const g = collectGraph([result], producers, new Set(inputs), inputs);
  return g.nodes.flatMap((n) => (n.op === null ? [] : [n.op]));
}
