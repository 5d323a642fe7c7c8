/**
 * Gradient arrays reused across steps (`Tensor.zeroGrad` with `borrowGrad`, `dtype.ts`
 * `recycle`): a gradient only borrowed gives its array to the next backward; a gradient anybody
 * may hold (read through `.grad`, seen by a hook, part of a graph) keeps its values for good.
 * Every gradient is checked against the same computation on fresh tensors. Intermediate
 * gradients the engine has finished with (lent to a rule, carried on by no result) serve the next
 * gradients of their size: checked against backpropagation written out by hand in float64, and
 * against what hooks, retainGrad and pass-through rules must keep seeing.
 */
import { describe, expect, it } from 'vitest';
import {
  borrowGrad,
  createRng,
  defineOp,
  gradients,
  randn,
  type Tensor,
  zeroGrad,
  zerosLike,
} from './index.js';

// [16, 64] float32 is 4 KiB + 1: above the slab size, so its arrays can be reused.
const ROWS = 17;
const COLS = 64;
const W_SHAPE = [ROWS, COLS];

/** Every element of `got` within 2 decimals of `want` (hand backprop in float64 is the truth). */
function expectCloseAll(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i] as number, 2);
}

function setup(seed = 3) {
  const rng = createRng(seed);
  return {
    w: randn(W_SHAPE, { rng, requiresGrad: true }),
    xs: [0, 1, 2, 3].map(() => randn([5, 17], { rng })),
  };
}

/** loss(x) = sum(exp(x @ w / 10)) */
const loss = (x: Tensor, w: Tensor) => x.matmul(w).mul(0.1).exp().sum();

/** The gradient of loss(x) at w's current values, on a fresh leaf (no reuse involved). */
function expected(x: Tensor, w: Tensor): number[] {
  const fresh = w.detach().clone().setRequiresGrad(true);
  const [g] = gradients(loss(x, fresh), fresh);
  return Array.from((g as Tensor).data);
}

describe('gradient arrays reused across steps', () => {
  it('a borrowed gradient gives its array to the next backward after zeroGrad, with correct values', () => {
    const { w, xs } = setup();
    loss(xs[0] as Tensor, w).backward();
    const first = (borrowGrad(w) as Tensor).data;
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    const second = borrowGrad(w) as Tensor;
    expect(second.data).toBe(first);
    expect(Array.from(second.data)).toEqual(expected(xs[1] as Tensor, w));
  });

  it('a gradient read through .grad keeps its values: its array is never reused', () => {
    const { w, xs } = setup();
    loss(xs[0] as Tensor, w).backward();
    const kept = w.grad as Tensor;
    const snapshot = Array.from(kept.data);
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    loss(xs[2] as Tensor, w).backward(); // accumulates: the sum is a new array
    expect(Array.from(kept.data)).toEqual(snapshot);
    expect(borrowGrad(w)?.data).not.toBe(kept.data);
  });

  it('a gradient a hook saw keeps its values', () => {
    const { w, xs } = setup();
    const seen: Tensor[] = [];
    w.registerHook((g) => {
      seen.push(g);
    });
    loss(xs[0] as Tensor, w).backward();
    const snapshot = Array.from((seen[0] as Tensor).data);
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    expect(Array.from((seen[0] as Tensor).data)).toEqual(snapshot);
    expect(Array.from((borrowGrad(w) as Tensor).data)).toEqual(expected(xs[1] as Tensor, w));
  });

  it('accumulated gradients stay correct when the old sum is reused', () => {
    const { w, xs } = setup();
    for (const x of xs) loss(x, w).backward();
    const want = xs
      .map((x) => expected(x, w))
      .reduce((a, b) => a.map((v, i) => Math.fround(v + (b[i] as number))));
    expect(Array.from((borrowGrad(w) as Tensor).data)).toEqual(want);
    zeroGrad(w);
    // A reused array comes back zero-filled.
    const z = zerosLike(w);
    expect(z.data.every((v) => v === 0)).toBe(true);
  });

  it('a gradient with a graph (createGraph) is never reused: higher-order gradients stay right', () => {
    const { w, xs } = setup();
    const x = xs[0] as Tensor;
    x.matmul(w).square().sum().backward(null, { createGraph: true });
    const g1 = borrowGrad(w) as Tensor;
    const before = Array.from(g1.data);
    zeroGrad(w);
    loss(xs[1] as Tensor, w).backward();
    expect(Array.from(g1.data)).toEqual(before);
    // d/dw of sum(g1) where g1 = 2 xᵀ(x w): 2 xᵀ x 1 — recomputed from the kept graph.
    zeroGrad(w);
    g1.sum().backward();
    const xtx = x.transpose().matmul(x).mul(2).sum(1).data;
    const got = (borrowGrad(w) as Tensor).data;
    for (let i = 0; i < ROWS; i++)
      for (let j = 0; j < COLS; j++) expect(got[i * COLS + j]).toBeCloseTo(xtx[i] as number, 3);
  });
});

/** [r, k] @ [k, c] in float64 on row-major arrays. */
function mm(a: ArrayLike<number>, b: ArrayLike<number>, r: number, k: number, c: number): number[] {
  const out = new Array<number>(r * c).fill(0);
  for (let i = 0; i < r; i++)
    for (let p = 0; p < k; p++)
      for (let j = 0; j < c; j++)
        out[i * c + j] =
          (out[i * c + j] as number) + (a[i * k + p] as number) * (b[p * c + j] as number);
  return out;
}
const tr = (a: ArrayLike<number>, r: number, c: number) =>
  Array.from({ length: r * c }, (_, i) => a[(i % r) * c + Math.floor(i / r)] as number);

/**
 * L = sum(exp(exp(x W1 / 10) W2 / 100)²) and its gradients for W1 and W2, backpropagated by hand
 * in float64 (no engine involved).
 */
function byHand(
  x: Float32Array,
  w1: Float32Array,
  w2: Float32Array,
  n: number,
  k: number,
  h: number,
  o: number,
) {
  const b = mm(x, w1, n, k, h).map((v) => Math.exp(0.1 * v));
  const d = mm(b, w2, n, h, o).map((v) => Math.exp(0.01 * v));
  const dc = d.map((v) => 0.02 * v * v);
  const dW2 = mm(tr(b, n, h), dc, h, n, o);
  const da = mm(dc, tr(w2, h, o), n, o, h).map((v, i) => v * 0.1 * (b[i] as number));
  const dW1 = mm(tr(x, n, k), da, k, n, h);
  return { dW1, dW2 };
}

const net = (x: Tensor, w1: Tensor, w2: Tensor) =>
  x.matmul(w1).mul(0.1).exp().matmul(w2).mul(0.01).exp().square().sum();

describe('intermediate gradients reused within and across backward passes', () => {
  // n·h = 40·32 floats (5 KiB, own buffers) and n·o = 40·24 (3.75 KiB, shared slab buffers).
  const [n, k, h, o] = [40, 16, 32, 24];

  it('a two-layer network trained 4 steps matches backpropagation by hand', () => {
    const rng = createRng(11);
    const x = randn([n, k], { rng }).mul(0.5);
    const w1 = randn([k, h], { rng, requiresGrad: true });
    const w2 = randn([h, o], { rng, requiresGrad: true });
    for (let step = 0; step < 4; step++) {
      const want = byHand(
        x.data as Float32Array,
        w1.data as Float32Array,
        w2.data as Float32Array,
        n,
        k,
        h,
        o,
      );
      net(x, w1, w2).backward();
      const g1 = borrowGrad(w1) as Tensor;
      const g2 = borrowGrad(w2) as Tensor;
      expectCloseAll(g1.data, want.dW1);
      expectCloseAll(g2.data, want.dW2);
      w1.data.forEach((v, i) => {
        w1.data[i] = v - 0.001 * (g1.data[i] as number);
      });
      w2.data.forEach((v, i) => {
        w2.data[i] = v - 0.001 * (g2.data[i] as number);
      });
      zeroGrad([w1, w2]);
    }
  });

  it('gradients a hook or retainGrad kept stay as they were through later passes', () => {
    const rng = createRng(12);
    const x = randn([n, k], { rng });
    const w1 = randn([k, h], { rng, requiresGrad: true });
    const w2 = randn([h, o], { rng, requiresGrad: true });
    const seen: Tensor[] = [];
    const a = x.matmul(w1);
    a.registerHook((g) => {
      seen.push(g);
    });
    const b = a.mul(0.1).exp();
    b.retainGrad();
    b.matmul(w2).mul(0.01).exp().square().sum().backward();
    const hooked = Array.from((seen[0] as Tensor).data);
    const retained = Array.from((b.grad as Tensor).data);
    for (let i = 0; i < 3; i++) {
      zeroGrad([w1, w2]);
      net(x, w1, w2).backward();
    }
    expect(Array.from((seen[0] as Tensor).data)).toEqual(hooked);
    expect(Array.from((b.grad as Tensor).data)).toEqual(retained);
  });

  it('a rule that passes its gradient on (or writes into it) keeps it alive downstream', () => {
    const through = defineOp({
      name: 'gradReuseTest.through',
      arity: 1,
      forward: ([t]) => (t as Tensor).clone(),
      backward: (g, ctx) => {
        if (!ctx.gradWritable) return [g];
        g.data.forEach((v, i) => {
          g.data[i] = v; // in place, as gradWritable allows
        });
        return [g];
      },
    });
    const rng = createRng(13);
    const x = randn([n, k], { rng });
    const w1 = randn([k, h], { rng, requiresGrad: true });
    const w2 = randn([h, o], { rng, requiresGrad: true });
    const loss = () =>
      through([
        through([x.matmul(w1).mul(0.1).exp()])
          .matmul(w2)
          .mul(0.01),
      ])
        .exp()
        .square()
        .sum();
    for (let step = 0; step < 3; step++) {
      const want = byHand(
        x.data as Float32Array,
        w1.data as Float32Array,
        w2.data as Float32Array,
        n,
        k,
        h,
        o,
      );
      loss().backward();
      expectCloseAll((borrowGrad(w1) as Tensor).data, want.dW1);
      expectCloseAll((borrowGrad(w2) as Tensor).data, want.dW2);
      zeroGrad([w1, w2]);
    }
    // A retained gradient that a rule passes on into a sum stays the retained one.
    const u = x.matmul(w1);
    const z = through([u]);
    z.retainGrad();
    z.mul(0.5).exp().sum().add(u.mul(0.1).exp().sum()).backward();
    const kept = Array.from((z.grad as Tensor).data);
    for (let i = 0; i < 3; i++) {
      zeroGrad([w1, w2]);
      loss().backward();
    }
    expect(Array.from((z.grad as Tensor).data)).toEqual(kept);
    zeroGrad([w1, w2]);
    // A rule may return a tensor it did not make (here an input): it is summed, never reused.
    const giveInput = defineOp({
      name: 'gradReuseTest.giveInput',
      arity: 2,
      forward: ([a, b]) => (a as Tensor).mul(b as Tensor),
      backward: (_g, ctx) => [ctx.inputs[1] as Tensor, null],
    });
    const p = randn([n, h], { rng, requiresGrad: true });
    const q = randn([n, h], { rng });
    const qBefore = Array.from(q.data);
    // Both orders: the input's gradient is the first term of the sum, then the second.
    const both = () => {
      giveInput([p, q]).sum().add(p.mul(2).sum()).backward();
      p.mul(2)
        .sum()
        .add(giveInput([p, q]).sum())
        .backward();
    };
    both();
    zeroGrad(p);
    for (let i = 0; i < 3; i++) both();
    zeroGrad(p);
    for (let i = 0; i < 3; i++) giveInput([p, q]).sum().add(p.mul(2).sum()).backward();
    expect(Array.from(q.data)).toEqual(qBefore);
    const once = qBefore.map((v) => Math.fround(v + 2));
    const thrice = once.map((v) => Math.fround(Math.fround(v + v) + v));
    expect(Array.from((borrowGrad(p) as Tensor).data)).toEqual(thrice);
    // Two inputs handed the same gradient (add's rule): both sums stay right.
    const y = x.matmul(w1);
    y.add(y).mul(0.1).exp().sum().backward();
    const dy = Array.from(y.data).map((v) => 0.2 * Math.exp(0.2 * v));
    const dW1 = mm(tr(x.data, n, k), dy, k, n, h);
    expectCloseAll((borrowGrad(w1) as Tensor).data, dW1);
  });
});
