/**
 * A static server on 127.0.0.1 for the bench pages: the bundles, the page (`/?peer=<name>`) and
 * tfjs-wasm's `.wasm` files under `/tfjs-wasm/`. With `isolate` (the default) every response
 * carries `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy:
 * require-corp`, which make the page cross-origin isolated: SharedArrayBuffer, and so
 * tfjs-wasm's threads, need it.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const require = createRequire(import.meta.url);
const tfjsWasmDir = path.join(
  path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
  'dist',
);

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

/**
 * The page of a peer: tfjs peers load the tfjs bundle, gradscope the gradscope one; `?page=`
 * names another bundle (the playground group's `playground`).
 */
function pageHtml(peer: string, page: string | null): string {
  const entry =
    page !== null && /^[a-z-]+$/.test(page)
      ? page
      : peer.startsWith('tfjs-')
        ? 'tfjs'
        : peer === 'gradscope-variant'
          ? 'variant'
          : 'gradscope';
  return `<!doctype html><meta charset="utf-8"><title>bench ${peer}</title><script type="module" src="/${entry}.js"></script>`;
}

export interface BenchServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveBench(outDir: string, isolate = true): Promise<BenchServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
      if (isolate) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
        headers['Cross-Origin-Resource-Policy'] = 'same-origin';
      }
      let body: Buffer | string;
      let file: string;
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204, headers).end();
        return;
      }
      if (url.pathname === '/' || url.pathname === '/index.html') {
        file = 'index.html';
        body = pageHtml(url.searchParams.get('peer') ?? '', url.searchParams.get('page'));
      } else {
        const name = path.basename(url.pathname);
        file = url.pathname.startsWith('/tfjs-wasm/')
          ? path.join(tfjsWasmDir, name)
          : path.join(outDir, name);
        if (url.pathname.startsWith('/tfjs-wasm/') && !name.endsWith('.wasm')) file = '';
        try {
          body = await readFile(file);
        } catch {
          res.writeHead(404, headers).end(`not found: ${url.pathname}`);
          return;
        }
      }
      headers['Content-Type'] = TYPES[path.extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, headers).end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
