/**
 * Property-based tests (issue 9), fast-check with a fixed seed and modest run counts:
 * random graphs of random ops over random broadcast shapes pass float64 gradcheck; the
 * reshape / transpose / broadcast algebra holds bit-exactly; graph JSON and safetensors round
 * trips are lossless.
 */
import { getActivation } from '@gradscope/activations';
import {
  concat,
  createRng,
  fromJSON,
  gradcheck,
  randn,
  type Tensor,
  tensor,
  toJSON,
  traceGraph,
} from '@gradscope/core';
import { decodeSafetensors, encodeSafetensors, mlp } from '@gradscope/trainer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const SEED = 9_2026;
const params = (numRuns: number) => ({ seed: SEED, numRuns });

// --- random broadcast shapes -------------------------------------------------------------------

/** An output shape (rank 0..3, sizes 1..3) and, per input, a shape that broadcasts to it. */
const broadcastFamily = (inputs: number) =>
  fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 3 })
    .chain((out) =>
      fc.tuple(
        fc.constant(out),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: out.length }), // leading axes dropped
            fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), // axes set to 1
          ),
          { minLength: inputs, maxLength: inputs },
        ),
      ),
    )
    .map(([out, specs]) => ({
      out,
      shapes: specs.map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d))),
    }));

// --- random graphs ------------------------------------------------------------------------------

/** Smooth ops (no kinks, so finite differences are valid everywhere). */
const UNARY: ReadonlyArray<[string, (x: Tensor) => Tensor]> = [
  ['neg', (x) => x.neg()],
  ['square', (x) => x.square()],
  ['exp(tanh)', (x) => getActivation('tanh').apply(x).exp()],
  ['log(x^2+1)', (x) => x.square().add(1).log()],
  ['sqrt(x^2+1)', (x) => x.square().add(1).sqrt()],
  ['log1p(x^2)', (x) => x.square().log1p()],
  ['sigmoid', (x) => getActivation('sigmoid').apply(x)],
  ['softplus', (x) => getActivation('softplus').apply(x)],
  ['gelu', (x) => getActivation('gelu').apply(x)],
  ['mish', (x) => getActivation('mish').apply(x)],
  ['pow(x^2+1, 1.5)', (x) => x.square().add(1).pow(1.5)],
  ['mean(-1, keep)', (x) => (x.ndim > 0 ? x.mean(-1, true) : x)],
  ['sum(0, keep)', (x) => (x.ndim > 0 ? x.sum(0, true) : x)],
  ['logSumExp(-1, keep)', (x) => (x.ndim > 0 ? x.logSumExp(-1, true) : x)],
  ['softmax', (x) => (x.ndim > 0 ? x.softmax(-1) : x)],
  ['logSoftmax', (x) => (x.ndim > 0 ? x.logSoftmax(-1) : x)],
];
const BINARY: ReadonlyArray<[string, (a: Tensor, b: Tensor) => Tensor]> = [
  ['add', (a, b) => a.add(b)],
  ['sub', (a, b) => a.sub(b)],
  ['mul', (a, b) => a.mul(b)],
  ['div(b^2+1)', (a, b) => a.div(b.square().add(1))],
  ['pow(|a|+1, tanh b)', (a, b) => a.abs().add(1).pow(getActivation('tanh').apply(b))],
];

interface Step {
  kind: 'unary' | 'binary';
  op: number;
  a: number;
  b: number;
}
const stepArb = fc.record({
  kind: fc.constantFrom<'unary' | 'binary'>('unary', 'binary'),
  op: fc.nat(),
  a: fc.nat(),
  b: fc.nat(),
});

/**
 * Interprets `steps` over a growing list of values (the inputs first): each step appends
 * `op(values[a])` or `op(values[a], values[b])`. The result is the weighted sum of every value,
 * so that every branch matters (fan-out and diamonds come for free).
 */
function program(steps: readonly Step[]) {
  return (...xs: Tensor[]): Tensor => {
    const vals = [...xs];
    for (const s of steps) {
      const a = vals[s.a % vals.length] as Tensor;
      if (s.kind === 'unary')
        vals.push((UNARY[s.op % UNARY.length] as (typeof UNARY)[number])[1](a));
      else {
        const b = vals[s.b % vals.length] as Tensor;
        vals.push((BINARY[s.op % BINARY.length] as (typeof BINARY)[number])[1](a, b));
      }
    }
    let total = vals[0]?.sum() as Tensor;
    for (let i = 1; i < vals.length; i++)
      total = total.add((vals[i] as Tensor).sum().mul(1 / (i + 1)));
    return total;
  };
}
const describeSteps = (steps: readonly Step[]) =>
  steps
    .map((s) =>
      s.kind === 'unary'
        ? `${UNARY[s.op % UNARY.length]?.[0]}(v${s.a})`
        : `${BINARY[s.op % BINARY.length]?.[0]}(v${s.a}, v${s.b})`,
    )
    .join('; ');

describe('random graphs pass float64 gradcheck', () => {
  it('first order, random ops over random broadcast shapes', () => {
    fc.assert(
      fc.property(
        broadcastFamily(3),
        fc.array(stepArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        ({ shapes }, steps, seed) => {
          const rng = createRng(seed);
          const inputs = shapes.map((s) => randn(s, { rng, dtype: 'float64' }));
          const f = program(steps);
          try {
            return gradcheck(f, inputs);
          } catch (e) {
            throw new Error(
              `${(e as Error).message}\n  program: ${describeSteps(steps)}\n  shapes: ${JSON.stringify(shapes)}`,
            );
          }
        },
      ),
      params(60),
    );
  });

  it('second order on smaller programs', () => {
    fc.assert(
      fc.property(
        broadcastFamily(2),
        fc.array(stepArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        ({ shapes }, steps, seed) => {
          const rng = createRng(seed);
          const inputs = shapes.map((s) => randn(s, { rng, dtype: 'float64' }));
          return gradcheck(program(steps), inputs, { order: 2, atol: 1e-4, rtol: 1e-3 });
        },
      ),
      params(25),
    );
  });
});

// --- shape algebra ------------------------------------------------------------------------------

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });
const bitsOf = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
const randomTensor = (shape: number[], seed: number) =>
  randn(shape, { rng: createRng(seed), dtype: 'float64' });

describe('reshape / transpose / broadcast algebra', () => {
  it('transpose(transpose(x)) = x, and permute by p then by p^-1 = x (bit-exact)', () => {
    fc.assert(
      fc.property(
        shapeArb.chain((s) =>
          fc.tuple(fc.constant(s), fc.shuffledSubarray([...s.keys()], { minLength: s.length })),
        ),
        fc.nat(),
        ([shape, perm], seed) => {
          const x = randomTensor(shape, seed);
          expect(bitsOf(x.transpose().transpose())).toEqual(bitsOf(x));
          const inv = perm.map((_, i) => perm.indexOf(i));
          const y = x.permute(perm);
          expect(y.shape).toEqual(perm.map((p) => shape[p]));
          const back = y.permute(inv);
          expect(back.shape).toEqual(shape);
          expect(bitsOf(back)).toEqual(bitsOf(x));
        },
      ),
      params(100),
    );
  });

  it('reshape round trips through any shape of the same size, with -1 inferred', () => {
    fc.assert(
      fc.property(shapeArb, fc.nat(), fc.nat(), (shape, seed, k) => {
        const x = randomTensor(shape, seed);
        const n = x.size;
        const divisors = [...Array(n).keys()].map((i) => i + 1).filter((d) => n % d === 0);
        const d = divisors[k % divisors.length] as number;
        const y = x.reshape([d, -1]);
        expect(y.shape).toEqual([d, n / d]);
        expect(bitsOf(y.reshape(shape))).toEqual(bitsOf(x));
        expect(bitsOf(x.flatten())).toEqual(bitsOf(x));
      }),
      params(100),
    );
  });

  it('expand then sumToShape multiplies by the broadcast count; its gradient is that count', () => {
    fc.assert(
      fc.property(broadcastFamily(1), fc.nat(), ({ out, shapes }, seed) => {
        const s = shapes[0] as number[];
        // Small integers: sums are exact, so equality is bit-exact whatever the order.
        const rng = createRng(seed);
        const size = s.reduce((a, b) => a * b, 1);
        const x = tensor(
          Array.from({ length: size }, () => Math.floor(rng.random() * 17) - 8),
          { shape: s, dtype: 'float64', requiresGrad: true },
        );
        const count = out.reduce((a, b) => a * b, 1) / size;
        const y = x.expand(out).sumToShape(s);
        expect(y.shape).toEqual(s);
        expect(Array.from(y.data)).toEqual(Array.from(x.data).map((v) => v * count));
        y.sum().backward();
        expect(Array.from((x.grad as Tensor).data)).toEqual(new Array(size).fill(count));
      }),
      params(100),
    );
  });

  it('broadcast add and mul commute bit-exactly; a + b - b = a for small integers', () => {
    fc.assert(
      fc.property(broadcastFamily(2), fc.nat(), ({ out, shapes }, seed) => {
        const [sa, sb] = shapes as [number[], number[]];
        const a = randomTensor(sa, seed);
        const b = randomTensor(sb, seed + 1);
        const ab = a.add(b);
        expect(ab.shape).toEqual(out.length === 0 ? [] : ab.shape);
        expect(bitsOf(ab)).toEqual(bitsOf(b.add(a)));
        expect(bitsOf(a.mul(b))).toEqual(bitsOf(b.mul(a)));
        const ai = a.mul(8).sign();
        const bi = b.mul(8).sign();
        expect(Array.from(ai.add(bi).sub(bi).sumToShape(sa).data)).toEqual(
          Array.from(ai.data).map((v) => v * (ab.size / a.size)),
        );
      }),
      params(100),
    );
  });

  it('concat then slice gives the parts back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        (base, lengths, axisPick, seed) => {
          const axis = axisPick % base.length;
          const parts = lengths.map((len, i) => {
            const s = base.slice();
            s[axis] = len;
            return randomTensor(s, seed + i);
          });
          const c = concat(parts, axis);
          let start = 0;
          for (const p of parts) {
            const begin = base.map((_, i) => (i === axis ? start : 0));
            expect(bitsOf(c.slice(begin, p.shape.slice()))).toEqual(bitsOf(p));
            start += p.shape[axis] as number;
          }
        },
      ),
      params(100),
    );
  });
});

// --- round trips --------------------------------------------------------------------------------

describe('round trips', () => {
  it('graph JSON: toJSON -> text -> fromJSON -> toJSON is the identity, for random programs', () => {
    fc.assert(
      fc.property(
        broadcastFamily(2),
        fc.array(stepArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        ({ shapes }, steps, seed) => {
          const rng = createRng(seed);
          const inputs = shapes.map((s, i) =>
            randn(s, { rng, dtype: 'float64', requiresGrad: true, name: `x${i}` }),
          );
          const y = program(steps)(...inputs);
          // Keep the graph so the trace carries gradient norms as well as values.
          y.backward(undefined, { retainGraph: true });
          const doc = toJSON(traceGraph(y));
          const text = JSON.stringify(doc);
          const again = toJSON(fromJSON(text));
          expect(again).toEqual(doc);
          expect(JSON.stringify(again)).toBe(text);
        },
      ),
      params(50),
    );
  });

  const valueArb = fc.oneof(
    { weight: 6, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity, 5e-324) },
  );
  const nameArb = fc
    .string({ minLength: 1, maxLength: 12, unit: 'binary' })
    .filter((s) => !['__metadata__', '__proto__', 'constructor', 'prototype'].includes(s));

  it('safetensors: random named tensors (both dtypes, special values, unicode names) round-trip bit-exactly', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            name: nameArb,
            shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
            dtype: fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
            values: fc.array(valueArb, { minLength: 27, maxLength: 27 }),
          }),
          { selector: (r) => r.name, maxLength: 5 },
        ),
        fc.dictionary(nameArb, fc.string({ unit: 'binary' }), { maxKeys: 3 }),
        (entries, metadata) => {
          const tensors: Record<string, Tensor> = {};
          for (const e of entries) {
            const n = e.shape.reduce((a, b) => a * b, 1);
            tensors[e.name] = tensor(e.values.slice(0, n), { shape: e.shape, dtype: e.dtype });
          }
          const bytes = encodeSafetensors(tensors, metadata);
          const back = decodeSafetensors(bytes);
          expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
          for (const [k, t] of Object.entries(tensors)) {
            const u = back.tensors[k] as Tensor;
            expect(u.dtype).toBe(t.dtype);
            expect(u.shape).toEqual(t.shape);
            expect(bitsOf(u)).toEqual(bitsOf(t));
          }
          expect(back.metadata).toEqual({ ...metadata });
          // Encoding is deterministic: the decoded contents encode to the same bytes.
          const order = Object.fromEntries(
            Object.keys(tensors).map((k) => [k, back.tensors[k] as Tensor]),
          );
          expect(encodeSafetensors(order, back.metadata)).toEqual(bytes);
        },
      ),
      params(100),
    );
  });

  it('safetensors: a random model state dict loads into a fresh model and reproduces its outputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 0, maxLength: 3 }),
        fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
        fc.nat(),
        (hidden, dtype, seed) => {
          const a = mlp({ inputSize: 3, hidden, outputSize: 2, seed, dtype, norm: 'layer' });
          const b = mlp({
            inputSize: 3,
            hidden,
            outputSize: 2,
            seed: seed + 1,
            dtype,
            norm: 'layer',
          });
          b.loadStateDict(decodeSafetensors(encodeSafetensors(a.stateDict())).tensors);
          for (const [k, t] of Object.entries(a.stateDict()))
            expect(bitsOf(b.stateDict()[k] as Tensor)).toEqual(bitsOf(t));
          const x = randn([4, 3], { rng: createRng(seed), dtype });
          expect(bitsOf(b.call(x))).toEqual(bitsOf(a.call(x)));
        },
      ),
      params(40),
    );
  });
});
