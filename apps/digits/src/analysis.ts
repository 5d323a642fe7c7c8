/**
 * What the report shows about a trained model on the test images: its predictions, the confusion
 * matrix, per-class accuracy and the misclassified images.
 */
import { ArgumentError, noGrad, type Tensor } from '@gradscope/core';
import type { Dataset, Module } from '@gradscope/trainer';

/** The model's answer for every test image. */
export interface Predictions {
  /** True class of each image. */
  readonly labels: Int32Array;
  /** Predicted class (arg-max of the logits; the first on ties). */
  readonly predicted: Int32Array;
  /** Softmax probability of the predicted class. */
  readonly confidence: Float64Array;
}

/** Predictions of `model` on `data`, in eval mode, without gradients, `batchSize` rows at a time. */
export function predict(model: Module, data: Dataset, batchSize = 1000): Predictions {
  const n = data.length;
  const labels = Int32Array.from(data.y.data, (v) => Number(v));
  const predicted = new Int32Array(n);
  const confidence = new Float64Array(n);
  const was = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let s = 0; s < n; s += batchSize) {
        const rows = Array.from({ length: Math.min(batchSize, n - s) }, (_, k) => s + k);
        const logits: Tensor = model.call(data.subset(rows).x);
        const k = logits.shape[1] as number;
        for (let r = 0; r < rows.length; r++) {
          const [best, p] = argmaxSoftmax(logits.data, r * k, k);
          predicted[s + r] = best;
          confidence[s + r] = p;
        }
      }
    });
  } finally {
    model.train(was);
  }
  return { labels, predicted, confidence };
}

/** Index of the largest of `v[at .. at+k)` and its softmax probability (computed shifted, in float64). */
function argmaxSoftmax(v: ArrayLike<number>, at: number, k: number): [number, number] {
  let best = 0;
  for (let j = 1; j < k; j++) if ((v[at + j] as number) > (v[at + best] as number)) best = j;
  const m = v[at + best] as number;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp((v[at + j] as number) - m);
  return [best, 1 / sum];
}

/** Accuracy of one class. */
export interface ClassAccuracy {
  /** Class name. */
  readonly name: string;
  /** Test images of this class predicted correctly. */
  readonly correct: number;
  /** Test images of this class. */
  readonly total: number;
  /** correct / total (0 for a class with no test image). */
  readonly accuracy: number;
}

/** The confusion matrix and what follows from it. */
export interface TestAnalysis {
  /** Fraction of test images predicted correctly. */
  readonly accuracy: number;
  /** Number of test images. */
  readonly total: number;
  /** `confusion[t][p]`: test images of true class t predicted as p. */
  readonly confusion: number[][];
  /** Per-class accuracy (recall), class k at index k. */
  readonly perClass: ClassAccuracy[];
}

/** Confusion matrix (rows: true class, columns: predicted), accuracy and per-class accuracy. */
export function analyse(p: Predictions, classNames: readonly string[]): TestAnalysis {
  const k = classNames.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < p.labels.length; i++) {
    const t = p.labels[i] as number;
    const q = p.predicted[i] as number;
    const row = confusion[t];
    if (row === undefined || q < 0 || q >= k)
      throw new ArgumentError(
        `analyse: class ${t} predicted as ${q} at row ${i}, but there are ${k} classes`,
      );
    row[q] = (row[q] as number) + 1;
  }
  const perClass = confusion.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    const correct = row[t] as number;
    return {
      name: classNames[t] as string,
      correct,
      total,
      accuracy: total > 0 ? correct / total : 0,
    };
  });
  const total = p.labels.length;
  const correct = perClass.reduce((a, c) => a + c.correct, 0);
  return { accuracy: total > 0 ? correct / total : 0, total, confusion, perClass };
}

/** One misclassified test image. */
export interface Mistake {
  /** Row of the image in the test set. */
  readonly index: number;
  /** True class. */
  readonly label: number;
  /** Predicted class. */
  readonly predicted: number;
  /** Softmax probability the model gave its (wrong) answer. */
  readonly confidence: number;
}

/**
 * Up to `limit` misclassified test images, the most confident mistakes first (ties by row), so
 * the grid shows the errors the model was surest of.
 */
export function mistakes(p: Predictions, limit: number): Mistake[] {
  const out: Mistake[] = [];
  for (let i = 0; i < p.labels.length; i++)
    if (p.labels[i] !== p.predicted[i])
      out.push({
        index: i,
        label: p.labels[i] as number,
        predicted: p.predicted[i] as number,
        confidence: p.confidence[i] as number,
      });
  out.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return out.slice(0, Math.max(0, limit));
}
