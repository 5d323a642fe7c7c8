/** Matrix product with NumPy semantics: 2-D, batched (broadcast batch axes) and vector cases. */
import { allocate } from '../dtype.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { getKernels } from '../kernels/index.js';
import { broadcastStrides } from '../kernels/reference.js';
import { opDocs } from '../op-docs.generated.js';
import { defineOp } from '../registry.js';
import { broadcastShapes, copyShape, describe, formatShape, sizeOf } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { installTensorMethods } from '../tensor-methods.js';

interface MatmulAttrs {
  /** Use the transpose of the last two axes of `a`. */
  readonly transA: boolean;
  /** Use the transpose of the last two axes of `b`. */
  readonly transB: boolean;
  [k: string]: unknown;
}

function fmtOperand(t: Tensor, trans: boolean): string {
  return trans ? `${formatShape(t.shape)}ᵀ` : formatShape(t.shape);
}

/**
 * The inner-dimension check of `x @ y` (operands at least 2-D, read transposed when asked); the
 * error names the operands the caller gave (`shownX`, `shownY`: the 1-D ones before reshaping).
 */
function checkInner(
  x: Tensor,
  y: Tensor,
  transA: boolean,
  transB: boolean,
  shownX: Tensor = x,
  shownY: Tensor = y,
): void {
  const k1 = x.shape[x.ndim - (transA ? 2 : 1)];
  const k2 = y.shape[y.ndim - (transB ? 1 : 2)];
  if (k1 !== k2) {
    throw new ShapeError(
      `matmul: inner dimensions differ: ${fmtOperand(shownX, transA)} @ ${fmtOperand(shownY, transB)}`,
    );
  }
}

/** Core of the op: both operands at least 2-D. */
const matmulOp = defineOp<MatmulAttrs>({
  name: 'matmul',
  arity: 2,
  doc: opDocs.matmul,
  validate([a, b], { transA, transB }) {
    const x = a as Tensor;
    const y = b as Tensor;
    if (x.ndim < 2 || y.ndim < 2) {
      throw new ShapeError(
        `matmul: the op takes operands of at least 2-D (matmul() reshapes 1-D ones), got ${formatShape(x.shape)} @ ${formatShape(y.shape)}`,
      );
    }
    checkInner(x, y, transA, transB);
  },
  forward([a, b], { transA, transB }) {
    const x = a as Tensor;
    const y = b as Tensor;
    const m = x.shape[x.ndim - (transA ? 1 : 2)] as number;
    const k = x.shape[x.ndim - (transA ? 2 : 1)] as number;
    const n = y.shape[y.ndim - (transB ? 2 : 1)] as number;
    const xb = copyShape(x.shape, 0, Math.max(0, x.ndim - 2));
    const yb = copyShape(y.shape, 0, Math.max(0, y.ndim - 2));
    const batchShape = broadcastShapes('matmul', xb, yb);
    const batch = sizeOf(batchShape);
    const aOff = new Int32Array(batch);
    const bOff = new Int32Array(batch);
    if (batch > 1 || batchShape.length > 0) {
      const as = broadcastStrides(xb, batchShape);
      const bs = broadcastStrides(yb, batchShape);
      const idx = new Array<number>(batchShape.length).fill(0);
      for (let t = 0; t < batch; t++) {
        let ao = 0;
        let bo = 0;
        for (let d = 0; d < batchShape.length; d++) {
          ao += (idx[d] as number) * (as[d] as number);
          bo += (idx[d] as number) * (bs[d] as number);
        }
        aOff[t] = ao * m * k;
        bOff[t] = bo * k * n;
        for (let d = batchShape.length - 1; d >= 0; d--) {
          idx[d] = (idx[d] as number) + 1;
          if ((idx[d] as number) < (batchShape[d] as number)) break;
          idx[d] = 0;
        }
      }
    }
    const out = allocate(x.dtype, batch * m * n);
    getKernels().matmul(x.data, aOff, y.data, bOff, out, m, k, n, transA, transB);
    return Tensor._make(out, [...batchShape, m, n]);
  },
  backward(g, { inputs: [a, b], attrs: { transA, transB }, needsInputGrad }) {
    const x = a as Tensor;
    const y = b as Tensor;
    // C = op(A) op(B). Each case's gradients are products with transposed reads, never a copy.
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (needsInputGrad[0]) {
      ga = transA ? mm(y, g, transB, true) : mm(g, y, false, !transB);
    }
    if (needsInputGrad[1]) {
      gb = transB ? mm(g, x, true, transA) : mm(x, g, !transA, false);
    }
    return [ga, gb];
  },
  macs([a], out, { transA }) {
    const x = a as Tensor;
    return sizeOf(out.shape) * (x.shape[x.ndim - (transA ? 2 : 1)] as number);
  },
});

function mm(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  return matmulOp([a, b], { transA, transB });
}

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use the transpose of the last two axes of `a` (ignored for a 1-D `a`). */
  transA?: boolean;
  /** Use the transpose of the last two axes of `b` (ignored for a 1-D `b`). */
  transB?: boolean;
}

/**
 * Matrix product as NumPy's `matmul`: 2-D @ 2-D; N-D operands are stacks of matrices whose batch
 * axes broadcast; a 1-D left operand is a row vector and a 1-D right operand a column vector,
 * and the added axis is removed from the result. `transA`/`transB` read an operand transposed
 * without copying it. Errors name both shapes:
 * `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 */
export function matmul(a: TensorLike, b: TensorLike, options: MatmulOptions = {}): Tensor {
  if (options === null || typeof options !== 'object')
    throw new ArgumentError(`matmul: expected an options object, got ${describe(options)}`);
  const x = Tensor.from(a, 'matmul');
  const y = Tensor.from(b, 'matmul', x.dtype);
  if (x.ndim === 0 || y.ndim === 0) {
    throw new ShapeError(
      `matmul: operands must be at least 1-D, got ${formatShape(x.shape)} @ ${formatShape(y.shape)}`,
    );
  }
  // A 1-D operand is a row (left) or column (right) vector: transposing it is meaningless.
  const transA = options.transA === true && x.ndim > 1;
  const transB = options.transB === true && y.ndim > 1;
  const x2 = x.ndim === 1 ? x.reshape([1, x.shape[0] as number]) : x;
  const y2 = y.ndim === 1 ? y.reshape([y.shape[0] as number, 1]) : y;
  // Checked here too, so that a 1-D operand is named as given: [3] @ [4], not [1,3] @ [4,1].
  checkInner(x2, y2, transA, transB, x, y);
  let out = mm(x2, y2, transA, transB);
  if (x.ndim === 1 || y.ndim === 1) {
    const s = copyShape(out.shape);
    if (y.ndim === 1) s.splice(s.length - 1, 1);
    if (x.ndim === 1) s.splice(s.length - (y.ndim === 1 ? 1 : 2), 1);
    out = out.reshape(s);
  }
  return out;
}

installTensorMethods({ matmul });
