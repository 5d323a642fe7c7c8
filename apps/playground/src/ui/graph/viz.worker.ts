/**
 * Graphviz (`@viz-js/viz`, WebAssembly) in its own Web Worker, so that laying out a graph never
 * blocks the page: `{ id, dot }` in, `{ id, svg }` or `{ id, error }` out. The page starts this
 * worker the first time it draws a graph (`render.ts`), so the first page load does not fetch
 * Graphviz at all.
 */
import { instance } from '@viz-js/viz';

const scope = self as unknown as {
  postMessage(m: unknown): void;
  onmessage: ((e: MessageEvent<{ id: number; dot: string }>) => void) | null;
};
const viz = instance();

scope.onmessage = async (e) => {
  const { id, dot } = e.data;
  try {
    const svg = (await viz).renderString(dot, { format: 'svg', engine: 'dot' });
    scope.postMessage({ id, svg });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
