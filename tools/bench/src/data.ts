/** Seeded inputs shared by every framework, so all of them compute on the same numbers. */

/** mulberry32: a small seeded 32-bit generator. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` standard-normal float32 values (Box–Muller) times `scale`. */
export function normals(seed: number, n: number, scale = 1): Float32Array {
  const r = seeded(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - r();
    const v = r();
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * scale;
  }
  return out;
}

/** An MLP benchmark configuration. */
export interface MlpConfig {
  readonly name: 'wide' | 'deep';
  /** Layer widths, input first: wide [784, 128, 128, 10], deep [32, 32 x 20, 1]. */
  readonly sizes: readonly number[];
  readonly batch: number;
  readonly activation: 'relu' | 'tanh';
  readonly loss: 'softmax-cross-entropy' | 'mse';
  readonly lr: number;
}

export const WIDE: MlpConfig = {
  name: 'wide',
  sizes: [784, 128, 128, 10],
  batch: 64,
  activation: 'relu',
  loss: 'softmax-cross-entropy',
  lr: 0.01,
};

export const DEEP: MlpConfig = {
  name: 'deep',
  sizes: [32, ...new Array<number>(20).fill(32), 1],
  batch: 32,
  activation: 'tanh',
  loss: 'mse',
  lr: 0.01,
};

/** Weights `[in, out]` (He / Xavier scaled normals), biases zero, inputs and targets. */
export interface MlpData {
  readonly weights: Float32Array[];
  readonly biases: Float32Array[];
  /** `[batch, sizes[0]]` */
  readonly x: Float32Array;
  /** Class labels (cross-entropy) as integers, `[batch]`. */
  readonly labels: Int32Array;
  /** One-hot labels `[batch, classes]` (cross-entropy) or regression targets `[batch, out]`. */
  readonly y: Float32Array;
}

export function mlpData(cfg: MlpConfig): MlpData {
  const s = cfg.sizes;
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < s.length; l++) {
    const fanIn = s[l] as number;
    const gain = cfg.activation === 'relu' ? Math.sqrt(2 / fanIn) : Math.sqrt(1 / fanIn);
    weights.push(normals(100 + l, fanIn * (s[l + 1] as number), gain));
    biases.push(new Float32Array(s[l + 1] as number));
  }
  const out = s[s.length - 1] as number;
  const x = normals(7, cfg.batch * (s[0] as number));
  const r = seeded(11);
  const labels = new Int32Array(cfg.batch);
  let y: Float32Array;
  if (cfg.loss === 'mse') {
    y = normals(13, cfg.batch * out);
  } else {
    y = new Float32Array(cfg.batch * out);
    for (let i = 0; i < cfg.batch; i++) {
      labels[i] = Math.floor(r() * out);
      y[i * out + (labels[i] as number)] = 1;
    }
  }
  return { weights, biases, x, labels, y };
}

/** The conv2d forward case: `[32, 16, 28, 28]` NCHW with `[16, 16, 3, 3]` weights, padding 1. */
export const CONV = { batch: 32, channels: 16, size: 28, outChannels: 16, kernel: 3 } as const;

/** Multiply–adds of one {@link CONV} forward (padding 1 keeps 28 x 28). */
export const CONV_MACS =
  CONV.batch * CONV.outChannels * CONV.size * CONV.size * CONV.channels * CONV.kernel ** 2;

/**
 * LeNet-5 as PyTorch tutorials write it, on 28 x 28 digits: conv 1→6 5x5 padding 2, ReLU, max-pool
 * 2; conv 6→16 5x5, ReLU, max-pool 2; flatten (16·5·5 = 400); dense 120, ReLU; 84, ReLU; 10;
 * softmax cross-entropy; SGD. Batch 64.
 */
export const LENET = { batch: 64, classes: 10, lr: 0.01 } as const;

/** Shared LeNet-5 parameters and one batch. Layouts are PyTorch's; peers convert. */
export interface LenetData {
  /** `[6, 1, 5, 5]`, `[16, 6, 5, 5]` (OIHW). */
  readonly conv1: Float32Array;
  readonly conv2: Float32Array;
  readonly conv1Bias: Float32Array;
  readonly conv2Bias: Float32Array;
  /** Dense weights `[in, out]` (400→120, 120→84, 84→10); fc1's input index is `c·25 + h·5 + w`. */
  readonly fc: Float32Array[];
  readonly fcBias: Float32Array[];
  /** `[64, 1, 28, 28]` (NCHW; with one channel also NHWC). */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  /** One-hot `[64, 10]`. */
  readonly y: Float32Array;
}

export const LENET_FC = [400, 120, 84, 10] as const;

export function lenetData(): LenetData {
  const he = (fanIn: number) => Math.sqrt(2 / fanIn);
  const fc: Float32Array[] = [];
  const fcBias: Float32Array[] = [];
  for (let l = 0; l + 1 < LENET_FC.length; l++) {
    const fanIn = LENET_FC[l] as number;
    fc.push(normals(200 + l, fanIn * (LENET_FC[l + 1] as number), he(fanIn)));
    fcBias.push(new Float32Array(LENET_FC[l + 1] as number));
  }
  const r = seeded(17);
  const labels = new Int32Array(LENET.batch);
  const y = new Float32Array(LENET.batch * LENET.classes);
  for (let i = 0; i < LENET.batch; i++) {
    labels[i] = Math.floor(r() * LENET.classes);
    y[i * LENET.classes + (labels[i] as number)] = 1;
  }
  return {
    conv1: normals(210, 6 * 25, he(25)),
    conv2: normals(211, 16 * 6 * 25, he(150)),
    conv1Bias: new Float32Array(6),
    conv2Bias: new Float32Array(16),
    fc,
    fcBias,
    x: normals(19, LENET.batch * 28 * 28),
    labels,
    y,
  };
}
