/**
 * js-pytorch 0.7 (PyTorch-like API over nested JS arrays, CPU path). MLP built from torch.matmul /
 * torch.add, ReLU module, tanh as (exp(2z) - 1) / (exp(2z) + 1) (js-pytorch has no tanh), its
 * CrossEntropyLoss / MSELoss, and a manual SGD update (it ships only Adam).
 */
import { torch } from 'js-pytorch';
import { type MlpConfig, mlpData, normals } from '../data.js';
import type { Peer } from './peer.js';

type T = InstanceType<typeof torch.Tensor>;

function nested(data: Float32Array | Int32Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  return out;
}

export function jsPytorchPeer(version: string): Peer {
  return {
    name: 'js-pytorch',
    version: `js-pytorch ${version}`,
    async activate() {},
    cleanup() {},
    matmul(n) {
      if (n > 256) return null;
      const a = torch.tensor(nested(normals(1, n * n), n, n));
      const b = torch.tensor(nested(normals(2, n * n), n, n));
      return () => {
        torch.matmul(a, b);
      };
    },
    add16(recording) {
      const a = torch.tensor(Array.from(normals(3, 16)), recording);
      const b = torch.tensor(Array.from(normals(4, 16)), recording);
      return {
        run: () => {
          torch.add(a, b);
        },
        ops: 1,
      };
    },
    mlpStep(cfg: MlpConfig) {
      const d = mlpData(cfg);
      const s = cfg.sizes;
      const W = d.weights.map((w, l) =>
        torch.tensor(nested(w, s[l] as number, s[l + 1] as number), true),
      );
      const B = d.biases.map((b) => torch.tensor(Array.from(b), true));
      const x = torch.tensor(nested(d.x, cfg.batch, s[0] as number));
      const out = s[s.length - 1] as number;
      const target =
        cfg.loss === 'mse'
          ? torch.tensor(nested(d.y, cfg.batch, out))
          : torch.tensor(Array.from(d.labels));
      const relu = new torch.nn.ReLU();
      const lossFn = cfg.loss === 'mse' ? new torch.nn.MSELoss() : new torch.nn.CrossEntropyLoss();
      const params: T[] = [...W, ...B];
      let last = Number.NaN;
      const step = () => {
        let h: T = x;
        for (let l = 0; l < W.length; l++) {
          const z = torch.add(torch.matmul(h, W[l] as T), B[l] as T);
          if (l + 1 === W.length) h = z;
          else if (cfg.activation === 'relu') h = relu.forward(z);
          else {
            // js-pytorch's pow(-1) returns its input unchanged, so divide explicitly.
            const e = torch.exp(z.mul(2));
            h = torch.div(e.sub(1), e.add(1));
          }
        }
        const loss = lossFn.forward(h, target);
        loss.backward();
        for (const p of params) {
          const g = (p as unknown as { _grad: T })._grad;
          (p as unknown as { _data: unknown })._data = (
            p.add(g.mul(-cfg.lr)) as unknown as { _data: unknown }
          )._data;
        }
        loss.zero_grad_graph();
        const v = loss.data as unknown;
        last = typeof v === 'number' ? v : Number((v as number[])[0]);
      };
      return { step, loss: () => last };
    },
    // js-pytorch 0.7 has no convolution or pooling.
    conv2d: () => null,
    lenet: () => null,
  };
}
