/** Shared vitest settings: tests import workspace packages from source, not from dist. */
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export const workspaceAlias = {
  '@gradscope/core': here('./packages/core/src/index.ts'),
  '@gradscope/activations': here('./packages/activations/src/index.ts'),
  // Subpath entries first: '@gradscope/trainer' would otherwise match '@gradscope/trainer/node'.
  '@gradscope/trainer/node': here('./packages/trainer/src/node.ts'),
  '@gradscope/trainer/web': here('./packages/trainer/src/web.ts'),
  '@gradscope/trainer': here('./packages/trainer/src/index.ts'),
  '@gradscope/onnx': here('./packages/onnx/src/index.ts'),
};
