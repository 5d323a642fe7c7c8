/**
 * Golden tests: the exports of the fixture MLP must match reviewed snapshots in `golden/`.
 * Regenerate with `UPDATE_GOLDEN=1 pnpm exec vitest run --project core golden`, then read the
 * diff before committing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { retainAllGrads, traceGraph } from '../graph.js';
import { summary } from '../summary.js';
import { toDot } from './dot.js';
import { toJSON } from './json.js';
import { toMermaid } from './mermaid.js';
import { buildMlp } from './mlp.fixture.js';
import { formatGraph } from './text.js';

function golden(file: string, actual: string): void {
  const path = fileURLToPath(new URL(`./golden/${file}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** The fixture's graph before backward (no gradients) and after (gradients on every node). */
function graphs() {
  const plain = traceGraph(buildMlp().loss);
  const m = buildMlp();
  retainAllGrads(m.loss);
  m.loss.backward(undefined, { retainGraph: true });
  return { plain, withGrads: traceGraph(m.loss) };
}

describe('golden exports of the two-layer MLP', () => {
  const { plain, withGrads } = graphs();

  test('DOT', () => golden('mlp.dot', toDot(plain)));
  test('DOT with gradient norms and gradient colours', () =>
    golden('mlp.gradients.dot', toDot(withGrads, { colorBy: 'gradient' })));
  test('DOT with scopes collapsed', () =>
    golden('mlp.collapsed.dot', toDot(withGrads, { collapseScopes: true, rankdir: 'LR' })));
  test('Mermaid', () => golden('mlp.mmd', toMermaid(plain)));
  test('JSON', () => golden('mlp.json', `${JSON.stringify(toJSON(withGrads), null, 2)}\n`));
  test('text tree', () => golden('mlp.txt', formatGraph(withGrads)));
  test('summary table', () => golden('mlp.summary.txt', summary(plain).text));
});
