/**
 * Vega-Lite spec → standalone SVG string, headless (as apps/vanishing-gradients draws its charts):
 * vega-lite compiles to Vega, a Vega `View` with renderer 'none' renders the scenegraph to SVG
 * markup (`View.toSVG()`), no canvas or DOM.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec };

/** Renders a Vega-Lite spec to an `<svg>` string (fonts: the page's sans-serif). */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const vg = compile({
    config: {
      font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      view: { stroke: '#ddd' },
    },
    ...spec,
  } as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none', logLevel: 0 });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
