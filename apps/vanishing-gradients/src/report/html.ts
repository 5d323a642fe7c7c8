/**
 * report.html: one self-contained file that works offline — inline CSS, every chart an inline
 * `<svg>` rendered at run time by Vega (no scripts, no network).
 */
import { vegaLiteToSvg } from '../vega-svg.js';
import type { Report, Section, Table } from './model.js';

/** Escapes text for HTML content and attributes. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function inline(s: string): string {
  return escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function table(t: Table): string {
  const head = t.columns.map((c) => `<th>${inline(c)}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${inline(String(c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${inline(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

async function section(s: Section): Promise<string> {
  const parts: string[] = [`<section id="${escapeHtml(s.id)}">`, `<h2>${inline(s.title)}</h2>`];
  for (const p of s.paragraphs) parts.push(`<p>${inline(p)}</p>`);
  for (const c of s.charts ?? []) {
    const svg = await vegaLiteToSvg(c.spec);
    parts.push(
      `<figure class="chart" data-chart="${escapeHtml(c.id)}">${svg}<figcaption>${inline(c.caption)}</figcaption></figure>`,
    );
  }
  for (const f of s.figures ?? []) {
    parts.push(
      `<figure class="chart graph" data-chart="${escapeHtml(f.id)}">${f.svg}<figcaption>${inline(f.caption)}</figcaption></figure>`,
    );
  }
  for (const t of s.tables ?? []) parts.push(table(t));
  parts.push('</section>');
  return parts.join('\n');
}

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:0}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}
.subtitle{color:#555;margin-top:.3em}
figure{margin:1em 0;overflow-x:auto}figure.graph svg{max-width:100%;height:auto}figcaption{color:#555;font-size:13px}
table{border-collapse:collapse;margin:1em 0;font-size:13px}caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #ddd;padding:2px 8px}td.num{text-align:right;font-variant-numeric:tabular-nums}
code{background:#f4f4f4;padding:0 3px;border-radius:3px}nav a{margin-right:1em}
`;

/** Renders the whole report to an HTML string. */
export async function renderHtml(r: Report): Promise<string> {
  const nav = r.sections
    .map((s) => `<a href="#${escapeHtml(s.id)}">${inline(s.title)}</a>`)
    .join(' ');
  const body: string[] = [];
  for (const s of r.sections) body.push(await section(s));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title><style>${CSS}</style></head>
<body><h1>${inline(r.title)}</h1><p class="subtitle">${inline(r.subtitle)}</p>
<nav>${nav}</nav>
${body.join('\n')}
</body></html>
`;
}
