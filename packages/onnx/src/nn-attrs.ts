/**
 * What the convolution and pooling mappings share: reading their recorded attributes (a number
 * or a pair per spatial axis) and running an ONNX op, which takes batched `[N, C, ...]` inputs
 * only, on gradscope's unbatched `[C, ...]` inputs too.
 */
import { OnnxError } from './errors.js';
import type { OnnxMappingContext } from './mapping.js';

/** Attribute `key` as a `[height, width]` pair (a number counts for both). */
export function pair(ctx: OnnxMappingContext, key: string, fallback: number): [number, number] {
  const v = ctx.attrs[key];
  if (v === undefined || v === null) return [fallback, fallback];
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
    return [v[0] as number, v[1] as number];
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number')
    return [v[0] as number, v[0] as number];
  throw new OnnxError(
    `toONNX: op '${ctx.op}' expected attribute '${key}' to be a number or a pair, got ${JSON.stringify(v)}`,
  );
}

/** Attribute `key` as one number (a one-element list counts). */
export function one(ctx: OnnxMappingContext, key: string, fallback: number): number {
  const v = ctx.attrs[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'number') return v[0] as number;
  throw new OnnxError(
    `toONNX: op '${ctx.op}' expected attribute '${key}' to be a number, got ${JSON.stringify(v)}`,
  );
}

/**
 * `emit(x)` on the op's first input as a batched tensor of `rank` (`layout`, e.g.
 * `[N, C, H, W]`): an unbatched input (`rank − 1`, `[C, H, W]`) gets a batch axis of 1 first
 * (`Unsqueeze`) and loses it again after (`Squeeze`), their axes an input as from opset 13.
 */
export function batched(
  ctx: OnnxMappingContext,
  rank: number,
  layout: string,
  emit: (x: string) => string,
): string {
  const x = ctx.inputs[0] as string;
  const r = (ctx.inputShapes[0] as readonly number[]).length;
  if (r === rank) return emit(x);
  if (r !== rank - 1)
    throw new OnnxError(
      `toONNX: op '${ctx.op}' expected an input ${layout} or without its batch axis (rank ${rank} or ${rank - 1}), got rank ${r}`,
    );
  const axes = ctx.int64s([0]);
  return ctx.node('Squeeze', [emit(ctx.node('Unsqueeze', [x, axes])), axes]);
}
