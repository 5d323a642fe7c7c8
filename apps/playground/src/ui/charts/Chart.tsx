/**
 * A uPlot chart as a component: built once per `spec` key, fed new data with `setData` (cheap,
 * canvas only), resized with its container. uPlot draws on canvas, so live updates at animation
 * rate cost a redraw, not a DOM rebuild.
 */
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

/** What a chart needs besides its width. */
export interface ChartSpec {
  /** Changes of this key rebuild the chart (series, scales); data changes do not. */
  readonly key: string;
  readonly height: number;
  readonly options: (width: number) => Omit<uPlot.Options, 'width' | 'height'>;
}

export function Chart(p: { spec: ChartSpec; data: uPlot.AlignedData; label: string; id?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = useRef(p.data);
  data.current = p.data;

  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const width = Math.max(200, el.clientWidth);
    const u = new uPlot(
      { ...p.spec.options(width), width, height: p.spec.height },
      data.current,
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (Math.abs(w - u.width) > 1) u.setSize({ width: w, height: p.spec.height });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [p.spec.key]);

  useEffect(() => {
    plot.current?.setData(p.data);
  }, [p.data]);

  return <div class="chart" id={p.id} ref={box} role="img" aria-label={p.label} />;
}
