/**
 * Test fixture: renders DOT with real Graphviz (`@viz-js/viz`, Graphviz compiled to
 * WebAssembly) and reads the SVG's clusters, nodes and edges back. Not part of the public API.
 */
import { instance } from '@viz-js/viz';

/** One `<g class="node|cluster|edge">` of Graphviz's SVG. */
export interface SvgItem {
  readonly title: string;
  /** The `<text>` lines, in order. */
  readonly texts: string[];
  /** `fill` of the first polygon / ellipse / path. */
  readonly fill: string | null;
  /** Bounding box of the first polygon's points (clusters: the frame). */
  readonly box: { x0: number; y0: number; x1: number; y1: number } | null;
}

/** What a rendered graph contains. */
export interface Svg {
  readonly raw: string;
  readonly clusters: SvgItem[];
  readonly nodes: SvgItem[];
  readonly edges: SvgItem[];
}

function unescapeXml(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** Renders `dot` to SVG (throws with Graphviz's messages when it fails) and parses it. */
export async function renderSvg(dot: string): Promise<Svg> {
  const viz = await instance();
  const r = viz.render(dot, { format: 'svg' });
  if (r.status !== 'success' || r.output === undefined) {
    throw new Error(`Graphviz failed: ${r.errors.map((e) => e.message).join('; ')}`);
  }
  const warnings = r.errors.filter((e) => e.level !== undefined);
  if (warnings.length > 0)
    throw new Error(`Graphviz warned: ${warnings.map((e) => e.message).join('; ')}`);
  const svg = r.output;
  const items: Record<'node' | 'cluster' | 'edge', SvgItem[]> = { node: [], cluster: [], edge: [] };
  const re = /<g id="[^"]*" class="(node|cluster|edge)">([\s\S]*?)<\/g>/g;
  for (let m = re.exec(svg); m !== null; m = re.exec(svg)) {
    const body = m[2] as string;
    const title = unescapeXml(/<title>([\s\S]*?)<\/title>/.exec(body)?.[1] ?? '');
    const texts = [...body.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((t) =>
      unescapeXml(t[1] as string),
    );
    const fill = /<(?:polygon|ellipse|path)[^>]*fill="([^"]*)"/.exec(body)?.[1] ?? null;
    items[m[1] as 'node' | 'cluster' | 'edge'].push({ title, texts, fill, box: boxOf(body) });
  }
  return { raw: svg, clusters: items.cluster, nodes: items.node, edges: items.edge };
}

/** Bounding box of the first shape (polygon, path or ellipse) of an SVG group. */
function boxOf(body: string): SvgItem['box'] {
  const shape = /<(polygon|path|ellipse)\b([^>]*)>/.exec(body);
  if (shape === null) return null;
  const attrs = shape[2] as string;
  if (shape[1] === 'ellipse') {
    const num = (k: string) => Number(new RegExp(`${k}="([^"]*)"`).exec(attrs)?.[1]);
    const [cx, cy, rx, ry] = [num('cx'), num('cy'), num('rx'), num('ry')];
    return { x0: cx - rx, x1: cx + rx, y0: cy - ry, y1: cy + ry };
  }
  const data = /(?:points|d)="([^"]*)"/.exec(attrs)?.[1] ?? '';
  const xy = [...data.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map(
    (p) => [Number(p[1]), Number(p[2])] as const,
  );
  if (xy.length === 0) return null;
  return {
    x0: Math.min(...xy.map((p) => p[0])),
    x1: Math.max(...xy.map((p) => p[0])),
    y0: Math.min(...xy.map((p) => p[1])),
    y1: Math.max(...xy.map((p) => p[1])),
  };
}
