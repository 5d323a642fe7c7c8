import { describe, expect, it } from 'vitest';
import { runPaddingControl } from '../cnn-flow-experiment.js';
import { runCnnGrid } from '../cnn-flow-grid.js';
import { CNN_VARIANTS } from '../defaults.js';
import { packageResolvers } from '../resolve.js';
import { cnnFlowSection } from './cnn-flow-section.js';
import { findingsSection } from './findings.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';

// A small network: the section's text and charts, not the physics (cnn-checks.test.ts).
const geometry = { depth: 4, channels: 4, kernel: 3, size: 8, batch: 2, margin: 2 };

describe('the cnn report section', async () => {
  const runs = await runCnnGrid(
    { ...geometry, activations: ['sigmoid', 'relu'], variants: CNN_VARIANTS, seeds: [0] },
    packageResolvers,
  );
  const control = runPaddingControl(packageResolvers, [0], geometry);
  const section = cnnFlowSection(runs, control);

  it('quotes the measured numbers and explains the fan-in, the border and the history', () => {
    const text = section.paragraphs.join('\n');
    const sig = runs.find(
      (r) => r.activation === 'sigmoid' && r.architecture === 'plain' && r.init === 'standard',
    );
    expect(text).toContain(`10^${sig?.log10Ratio.measured.mean.toFixed(1)}`);
    expect(text).toMatch(/fan-in k²C/);
    expect(text).toMatch(/sees 6 of the 9 taps and a corner 4/);
    expect(text).toMatch(/central 4 × 4 interior/);
    expect(text).toContain(`it measures ${control.log10Ratio.mean.toFixed(2)}`);
    expect(text).toMatch(/derivative is at most 1\/4/);
    expect(text).toMatch(/He's σ_w² = 2 gives that factor 2 back/);
    expect(text).toMatch(/\d+ of 8 configurations agree/);
    expect(section.tables?.[0]?.rows).toHaveLength(8);
    expect(section.paragraphs.every((p) => p.length > 0)).toBe(true);
  });

  it('renders three charts as SVG in report.html, and the tables in report.md', async () => {
    const report = {
      title: 't',
      subtitle: 's',
      sections: [findingsSection({ runs: [], cnn: runs }), section],
    };
    const html = await renderHtml(report);
    const charts = html.match(/<figure class="chart" data-chart="cnn-[^"]+"><svg/g) ?? [];
    expect(charts).toHaveLength(3);
    expect(html).toContain('8. Gradient flow through a deep CNN');
    const md = renderMarkdown(report);
    expect(md).toContain('| activation | variant | σ_w² | measured |');
    expect(md).toContain('- RMS of ∂L/∂h per conv layer');
    expect(md).toMatch(
      /Deep CNN \(4 conv layers, 3×3, 4 channels\): sigmoid with Conv2d's default/,
    );
  });
});
