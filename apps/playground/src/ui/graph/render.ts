/**
 * DOT → SVG text through the Graphviz worker (`viz.worker.ts`), started on the first call. Only
 * the newest request of a caller matters to the inspector, but every request is answered.
 */
let worker: Worker | null = null;
let next = 0;
const waiting = new Map<number, { ok: (svg: string) => void; fail: (e: Error) => void }>();

function start(): Worker {
  const w = new Worker(new URL('./viz.worker.ts', import.meta.url), { type: 'module' });
  w.onmessage = (e: MessageEvent<{ id: number; svg?: string; error?: string }>) => {
    const p = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    if (e.data.svg !== undefined) p?.ok(e.data.svg);
    else p?.fail(new Error(`Graphviz could not lay out the graph: ${e.data.error}`));
  };
  w.onerror = (e) => {
    for (const p of waiting.values()) p.fail(new Error(`the Graphviz worker failed: ${e.message}`));
    waiting.clear();
  };
  return w;
}

/** The SVG Graphviz draws for `dot`. */
export function renderDot(dot: string): Promise<string> {
  worker ??= start();
  const id = ++next;
  const w = worker;
  return new Promise((ok, fail) => {
    waiting.set(id, { ok, fail });
    w.postMessage({ id, dot });
  });
}
