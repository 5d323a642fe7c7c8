/** A histogram of the graph inspector as a small SVG bar chart (counts on a linear scale). */
import type { Summary } from '../../engine/inspect.js';
import { stat } from '../format.js';

const W = 240;
const H = 56;

export function Histogram({ summary, label, id }: { summary: Summary; label: string; id: string }) {
  const { counts, lo, hi } = summary.hist;
  const top = Math.max(1, ...counts);
  const bw = W / counts.length;
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <figure class="histogram" id={id}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`histogram of ${label}: ${counts.length} bins from ${stat(lo)} to ${stat(hi)}, ${total} finite elements`}
        data-counts={JSON.stringify(counts)}
      >
        {counts.map((c, i) => (
          <rect
            key={i}
            x={i * bw + 0.5}
            y={H - (c / top) * (H - 2)}
            width={Math.max(0.5, bw - 1)}
            height={(c / top) * (H - 2)}
          />
        ))}
      </svg>
      <figcaption>
        <span>{stat(lo)}</span>
        <span>{label}</span>
        <span>{stat(hi)}</span>
      </figcaption>
    </figure>
  );
}
