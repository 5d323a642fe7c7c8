/** report.md: the same report as Markdown (prose and tables; charts are in report.html). */
import type { Report, Table } from './model.js';

function cell(c: string | number): string {
  return String(c).replace(/\|/g, '\\|');
}

function table(t: Table): string {
  return [
    `**${t.caption}**`,
    '',
    `| ${t.columns.map(cell).join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Renders the report to Markdown. */
export function renderMarkdown(r: Report): string {
  const out: string[] = [`# ${r.title}`, '', r.subtitle, ''];
  for (const s of r.sections) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) out.push(p, '');
    const figs = [...(s.charts ?? []), ...(s.figures ?? [])];
    if (figs.length > 0) {
      out.push('Charts (in report.html):', '');
      for (const c of figs) out.push(`- ${c.caption}`);
      out.push('');
    }
    for (const t of s.tables ?? []) out.push(table(t), '');
  }
  return out.join('\n');
}
