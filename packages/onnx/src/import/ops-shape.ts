/**
 * Shape and data-movement ONNX ops: Shape, Reshape, Flatten, Transpose, Squeeze, Unsqueeze,
 * Concat, Split, Slice, Gather, Expand, Pad, Cast, Constant, ConstantOfShape, Range, Identity.
 * Float tensors go through differentiable gradscope ops; integer tensors (the shape arithmetic
 * PyTorch writes around Flatten and Reshape) take the same ops in float64, exactly, without
 * gradient.
 */
import {
  cast,
  concat,
  expand,
  formatShape,
  gather,
  noGrad,
  pad,
  permute,
  reshape,
  slice,
  Tensor,
  tensor,
} from '@gradscope/core';
import type { NodeContext } from './node-context.js';
import { allInt, floatInput, type OpImpl, required } from './op-support.js';
import {
  asFloat,
  asInt,
  checkedSize,
  IntTensor,
  intList,
  normAxis,
  type OnnxValue,
  scalarOf,
} from './values.js';

/** Applies a float op to `v`; integer tensors go through it in float64 and come back as integers. */
function move(v: OnnxValue, f: (t: Tensor) => Tensor): OnnxValue {
  if (v instanceof Tensor) return f(v);
  const out = noGrad(() => f(asFloat(v, 'float64')));
  return new IntTensor(v.dtype, out.shape, Array.from(out.data));
}

/** Reshape's target: 0 copies the input's dimension (unless allowzero), -1 is inferred. */
function targetShape(
  input: readonly number[],
  spec: readonly number[],
  allowZero: boolean,
  ctx: NodeContext,
): number[] {
  const out = spec.map((d, i) => (d === 0 && !allowZero ? (input[i] ?? 0) : d));
  const unknown = out.filter((d) => d === -1).length;
  if (unknown > 1 || out.some((d) => d < -1))
    throw ctx.error(`invalid target shape ${formatShape(spec)}`);
  const size = input.reduce((a, b) => a * b, 1);
  if (unknown === 1) {
    const known = out.reduce((a, d) => (d === -1 ? a : a * d), 1);
    if (known === 0 || size % known !== 0)
      throw ctx.error(`cannot reshape ${formatShape(input)} to ${formatShape(spec)}`);
    out[out.indexOf(-1)] = size / known;
  }
  checkedSize(out, `fromONNX: ${ctx.label}`);
  return out;
}

/** ONNX Gather along `axis` by integer `indices` (negative counts from the end). */
function gatherOnnx(data: Tensor, indices: IntTensor, axis: number, ctx: NodeContext): Tensor {
  const a = normAxis(axis, data.ndim, `fromONNX: ${ctx.label}`);
  const n = data.shape[a] as number;
  const idx = indices.data.map((i) => {
    const j = i < 0 ? i + n : i;
    if (!(j >= 0 && j < n))
      throw ctx.error(`index ${i} is out of range for axis ${a} of size ${n}`);
    return j;
  });
  const k = idx.length;
  const gShape = data.shape.map((d, i) => (i === a ? k : d));
  const total = checkedSize(gShape, `fromONNX: ${ctx.label}`);
  const inner = data.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const values = new Float64Array(total);
  for (let p = 0; p < total; p++) values[p] = idx[Math.floor(p / inner) % k] as number;
  const g = gather(data, tensor(values, { dtype: 'float64', shape: gShape }), a);
  return g.reshape([...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)]);
}

/** One axis of an ONNX Slice: the indices it keeps. */
function sliceIndices(dim: number, start: number, end: number, step: number): number[] {
  const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  const out: number[] = [];
  if (step > 0) {
    s = clampTo(s, 0, dim);
    e = clampTo(e, 0, dim);
    for (let i = s; i < e; i += step) out.push(i);
  } else {
    s = clampTo(s, -1, dim - 1);
    e = clampTo(e, -1, dim - 1);
    for (let i = s; i > e; i += step) out.push(i);
  }
  return out;
}

function sliceOnnx(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): OnnxValue {
  const data = required(inputs, 0, ctx);
  const starts = intList(inputs[1], `fromONNX: ${ctx.label}: starts`);
  const ends = intList(inputs[2], `fromONNX: ${ctx.label}: ends`);
  const rank = data.shape.length;
  const axes =
    inputs[3] === undefined
      ? starts.map((_, i) => i)
      : intList(inputs[3], `fromONNX: ${ctx.label}: axes`).map((a) =>
          normAxis(a, rank, `fromONNX: ${ctx.label}`),
        );
  const steps =
    inputs[4] === undefined
      ? starts.map(() => 1)
      : intList(inputs[4], `fromONNX: ${ctx.label}: steps`);
  if (
    ends.length !== starts.length ||
    axes.length !== starts.length ||
    steps.length !== starts.length
  )
    throw ctx.error(
      `starts, ends, axes and steps must have one length, got ${starts.length}, ${ends.length}, ${axes.length}, ${steps.length}`,
    );
  return move(data, (t) => {
    let out = t;
    axes.forEach((axis, i) => {
      const step = steps[i] as number;
      if (step === 0) throw ctx.error('a slice step must not be 0');
      const dim = out.shape[axis] as number;
      const keep = sliceIndices(dim, starts[i] as number, ends[i] as number, step);
      if (step === 1) {
        const begin = out.shape.map(() => 0);
        const size = out.shape.map(() => -1);
        begin[axis] = keep.length === 0 ? 0 : (keep[0] as number);
        size[axis] = keep.length;
        out = slice(out, begin, size);
      } else out = gatherOnnx(out, new IntTensor('int64', [keep.length], keep), axis, ctx);
    });
    return out;
  });
}

function constantOp(ctx: NodeContext): OnnxValue {
  const t = ctx.tensor('value');
  if (t !== undefined) return t;
  if (ctx.has('value_float')) return tensor([ctx.float('value_float', 0)], { shape: [] });
  if (ctx.has('value_floats'))
    return tensor(Float32Array.from(ctx.floats('value_floats', []) ?? []));
  if (ctx.has('value_int')) return new IntTensor('int64', [], [ctx.int('value_int', 0)]);
  if (ctx.has('value_ints')) {
    const v = ctx.ints('value_ints', []) ?? [];
    return new IntTensor('int64', [v.length], v);
  }
  throw ctx.error(
    'expected one of the attributes value, value_float, value_floats, value_int, value_ints (sparse and string constants are not supported)',
  );
}

/** ONNX `Cast`'s `to`: float and double become float tensors, integer types integers. */
function castOp(v: OnnxValue, to: number, ctx: NodeContext): OnnxValue {
  switch (to) {
    case 1:
    case 11: {
      const dtype = to === 1 ? 'float32' : 'float64';
      return v instanceof Tensor ? cast(v, dtype) : asFloat(v, dtype);
    }
    case 2:
    case 3:
    case 5:
    case 6:
    case 7: {
      const i = asInt(v);
      return new IntTensor(to === 6 ? 'int32' : 'int64', i.shape, i.data);
    }
    case 9:
      return new IntTensor(
        'bool',
        v.shape,
        Array.from(v.data, (x) => (x !== 0 ? 1 : 0)),
      );
    default:
      throw ctx.error(`casting to ONNX element type ${to} is not supported`);
  }
}

function splitOp(inputs: ReadonlyArray<OnnxValue | undefined>, ctx: NodeContext): OnnxValue[] {
  const data = required(inputs, 0, ctx);
  const axis = normAxis(ctx.int('axis', 0), data.shape.length, `fromONNX: ${ctx.label}`);
  const dim = data.shape[axis] as number;
  const outputs = ctx.node.output.length;
  let sizes: number[];
  if (inputs[1] !== undefined) sizes = intList(inputs[1], `fromONNX: ${ctx.label}: split`);
  else if (ctx.has('split')) sizes = ctx.ints('split', []) ?? [];
  else {
    const n = ctx.int('num_outputs', outputs);
    const chunk = Math.ceil(dim / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (sizes.reduce((a, b) => a + b, 0) !== dim)
    throw ctx.error(`split sizes ${formatShape(sizes)} do not add up to the axis size ${dim}`);
  let at = 0;
  return sizes.map((s) => {
    const begin = data.shape.map(() => 0);
    const size = data.shape.map(() => -1);
    begin[axis] = at;
    size[axis] = s;
    at += s;
    return move(data, (t) => slice(t, begin, size));
  });
}

/** Shape and data-movement ONNX ops by op type. */
export const shapeOps: { readonly [opType: string]: OpImpl } = {
  Identity: (inputs, ctx) => [required(inputs, 0, ctx)],
  Constant: (_inputs, ctx) => [constantOp(ctx)],
  Shape: (inputs, ctx) => {
    const s = required(inputs, 0, ctx).shape;
    const r = s.length;
    const clampTo = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    const dims = s.slice(clampTo(ctx.int('start', 0)), clampTo(ctx.int('end', r)));
    return [new IntTensor('int64', [dims.length], [...dims])];
  },
  Size: (inputs, ctx) => [new IntTensor('int64', [], [required(inputs, 0, ctx).size])],
  Cast: (inputs, ctx) => [castOp(required(inputs, 0, ctx), ctx.int('to', 0), ctx)],
  Reshape: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const spec = intList(inputs[1], `fromONNX: ${ctx.label}: shape`);
    const to = targetShape(data.shape, spec, ctx.int('allowzero', 0) === 1, ctx);
    return [move(data, (t) => reshape(t, to))];
  },
  Flatten: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const r = data.shape.length;
    const axis = ctx.int('axis', 1);
    const a = axis < 0 ? axis + r : axis;
    if (a < 0 || a > r) throw ctx.error(`axis ${axis} is out of range for rank ${r}`);
    const outer = data.shape.slice(0, a).reduce((p, d) => p * d, 1);
    return [move(data, (t) => reshape(t, [outer, data.size / Math.max(outer, 1)]))];
  },
  Transpose: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const r = data.shape.length;
    const perm = ctx.ints('perm', undefined) ?? Array.from({ length: r }, (_, i) => r - 1 - i);
    return [move(data, (t) => permute(t, perm))];
  },
  Squeeze: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const r = data.shape.length;
    const given =
      inputs[1] !== undefined
        ? intList(inputs[1], `fromONNX: ${ctx.label}: axes`)
        : ctx.ints('axes', undefined);
    const axes = (given ?? data.shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) =>
      normAxis(a, r, `fromONNX: ${ctx.label}`),
    );
    for (const a of axes)
      if (data.shape[a] !== 1)
        throw ctx.error(
          `cannot squeeze axis ${a} of size ${data.shape[a]} (shape ${formatShape(data.shape)})`,
        );
    const to = data.shape.filter((_, i) => !axes.includes(i));
    return [move(data, (t) => reshape(t, to))];
  },
  Unsqueeze: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const given =
      inputs[1] !== undefined
        ? intList(inputs[1], `fromONNX: ${ctx.label}: axes`)
        : ctx.ints('axes', undefined);
    if (given === undefined) throw ctx.error('expected axes');
    const r = data.shape.length + given.length;
    const axes = given.map((a) => normAxis(a, r, `fromONNX: ${ctx.label}`)).sort((a, b) => a - b);
    const to = [...data.shape];
    for (const a of axes) to.splice(a, 0, 1);
    return [move(data, (t) => reshape(t, to))];
  },
  Concat: (inputs, ctx) => {
    const values = inputs.map((_, i) => required(inputs, i, ctx));
    if (values.length === 0) throw ctx.error('expected at least one input');
    const axis = ctx.int('axis', 0);
    if (allInt(values)) {
      const out = noGrad(() =>
        concat(
          values.map((v) => asFloat(v, 'float64')),
          axis,
        ),
      );
      return [new IntTensor((values[0] as IntTensor).dtype, out.shape, Array.from(out.data))];
    }
    const floats = values.map((v, i) => {
      if (!(v instanceof Tensor)) throw ctx.error(`input ${i} is an integer tensor among floats`);
      return v;
    });
    return [concat(floats, axis)];
  },
  Split: splitOp,
  Slice: (inputs, ctx) => [sliceOnnx(inputs, ctx)],
  Gather: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const indices = required(inputs, 1, ctx);
    if (!(indices instanceof IntTensor))
      throw ctx.error(`indices must be integers, got a ${indices.dtype} tensor`);
    return [move(data, (t) => gatherOnnx(t, indices, ctx.int('axis', 0), ctx))];
  },
  GatherElements: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const indices = required(inputs, 1, ctx);
    if (!(indices instanceof IntTensor))
      throw ctx.error(`indices must be integers, got a ${indices.dtype} tensor`);
    const axis = normAxis(ctx.int('axis', 0), data.shape.length, `fromONNX: ${ctx.label}`);
    const n = data.shape[axis] as number;
    const index = indices.data.map((i) => {
      const j = i < 0 ? i + n : i;
      if (!(j >= 0 && j < n))
        throw ctx.error(`index ${i} is out of range for axis ${axis} of size ${n}`);
      return j;
    });
    const ix = tensor(Float64Array.from(index), { dtype: 'float64', shape: [...indices.shape] });
    return [move(data, (t) => gather(t, ix, axis))];
  },
  Expand: (inputs, ctx) => {
    const data = required(inputs, 0, ctx);
    const spec = intList(inputs[1], `fromONNX: ${ctx.label}: shape`);
    // Bidirectional broadcasting: dimensions of 1 in `shape` keep the input's.
    const r = Math.max(spec.length, data.shape.length);
    const to = Array.from({ length: r }, (_, i) => {
      const a = data.shape[i - (r - data.shape.length)] ?? 1;
      const b = spec[i - (r - spec.length)] ?? 1;
      return b === 1 ? a : b;
    });
    checkedSize(to, `fromONNX: ${ctx.label}`);
    return [move(data, (t) => expand(t, to))];
  },
  ConstantOfShape: (inputs, ctx) => {
    const shape = intList(inputs[0], `fromONNX: ${ctx.label}: shape`);
    const n = checkedSize(shape, `fromONNX: ${ctx.label}`);
    const value = ctx.tensor('value') ?? tensor([0], { shape: [1] });
    const v = scalarOf(value, `fromONNX: ${ctx.label}: value`);
    if (value instanceof IntTensor)
      return [new IntTensor(value.dtype, shape, new Array(n).fill(v))];
    return [tensor(new Float64Array(n).fill(v), { dtype: value.dtype, shape })];
  },
  Range: (inputs, ctx) => {
    const [s, l, d] = [0, 1, 2].map((i) => required(inputs, i, ctx));
    const start = scalarOf(s as OnnxValue, `fromONNX: ${ctx.label}: start`);
    const limit = scalarOf(l as OnnxValue, `fromONNX: ${ctx.label}: limit`);
    const delta = scalarOf(d as OnnxValue, `fromONNX: ${ctx.label}: delta`);
    if (delta === 0) throw ctx.error('delta must not be 0');
    const n = Math.max(Math.ceil((limit - start) / delta), 0);
    checkedSize([n], `fromONNX: ${ctx.label}`);
    const values = Array.from({ length: n }, (_, i) => start + i * delta);
    if (s instanceof IntTensor) return [new IntTensor(s.dtype, [n], values)];
    return [tensor(Float64Array.from(values), { dtype: (s as Tensor).dtype, shape: [n] })];
  },
  OneHot: (inputs, ctx) => {
    const indices = asInt(required(inputs, 0, ctx));
    const depth = Math.trunc(scalarOf(required(inputs, 1, ctx), `fromONNX: ${ctx.label}: depth`));
    const values = required(inputs, 2, ctx);
    if (values.size !== 2) throw ctx.error(`values must hold [off, on], got ${values.size} values`);
    if (!(depth >= 1)) throw ctx.error(`depth must be at least 1, got ${depth}`);
    const r = indices.shape.length + 1;
    const axis = normAxis(ctx.int('axis', -1), r, `fromONNX: ${ctx.label}`);
    const shape = [...indices.shape];
    shape.splice(axis, 0, depth);
    const n = checkedSize(shape, `fromONNX: ${ctx.label}`);
    const [off, on] = [values.data[0] as number, values.data[1] as number];
    const out = new Array<number>(n).fill(off);
    const inner = indices.shape.slice(axis).reduce((a, b) => a * b, 1);
    indices.data.forEach((v, k) => {
      const c = v < 0 ? v + depth : v;
      if (c < 0 || c >= depth) return; // out of range: all off, as ONNX
      const outer = Math.floor(k / inner);
      out[(outer * depth + c) * inner + (k % inner)] = on;
    });
    if (values instanceof IntTensor) return [new IntTensor(values.dtype, shape, out)];
    return [tensor(Float64Array.from(out), { dtype: values.dtype, shape })];
  },
  Pad: (inputs, ctx) => {
    const x = floatInput(inputs, 0, ctx);
    const mode = ctx.string('mode', 'constant');
    if (mode !== 'constant' && mode !== 'reflect')
      throw ctx.error(`mode '${mode}' is not supported (constant, reflect)`);
    const r = x.ndim;
    const given = intList(inputs[1], `fromONNX: ${ctx.label}: pads`);
    const axes =
      inputs[3] === undefined
        ? Array.from({ length: r }, (_, i) => i)
        : intList(inputs[3], `fromONNX: ${ctx.label}: axes`).map((a) =>
            normAxis(a, r, `fromONNX: ${ctx.label}`),
          );
    if (given.length !== 2 * axes.length)
      throw ctx.error(`expected ${2 * axes.length} pads, got ${given.length}`);
    const begin = new Array<number>(r).fill(0);
    const end = new Array<number>(r).fill(0);
    axes.forEach((a, i) => {
      begin[a] = given[i] as number;
      end[a] = given[i + axes.length] as number;
    });
    checkedSize(
      x.shape.map((d, a) => d + (begin[a] as number) + (end[a] as number)),
      `fromONNX: ${ctx.label}`,
    );
    // gradscope's pad lists (before, after) pairs from the last axis back, over trailing axes.
    let first = 0;
    while (first < r && begin[first] === 0 && end[first] === 0) first++;
    const pairs: number[] = [];
    for (let a = r - 1; a >= first; a--) pairs.push(begin[a] as number, end[a] as number);
    if (pairs.length === 0) return [x];
    const value =
      inputs[2] === undefined ? 0 : scalarOf(inputs[2], `fromONNX: ${ctx.label}: value`);
    return [
      mode === 'reflect'
        ? pad(x, pairs, { mode: 'reflect' })
        : pad(x, pairs, { mode: 'constant', value }),
    ];
  },
};
