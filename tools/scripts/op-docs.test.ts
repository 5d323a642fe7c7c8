/**
 * Each op's doc is written once, as the doc comment of its function; `tools/docs/op-docs.mjs`
 * copies it into each package's `op-docs.generated.ts` for the registry. These tests keep the
 * copies fresh, keep every op documented, refuse a second doc, and keep Tensor's chained
 * methods pointing to the functions' docs instead of restating them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import '@gradscope/activations';
import { getOp, listOps } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { generateOpDocs, opDocsPath } from '../docs/op-docs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packages = ['core', 'activations'].map((p) => join(root, 'packages', p));

/** name → doc of a generated module's `opDocs`, read from its text. */
function entries(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^ {2}(\w+):\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"),$/gm)) {
    const literal = m[2] as string;
    const body = literal.slice(1, -1).replace(/\\(.)/g, '$1');
    out.set(m[1] as string, body);
  }
  return out;
}

describe('op docs', () => {
  for (const dir of packages) {
    it(`${dir.slice(root.length + 1)}/src/op-docs.generated.ts is up to date with the comments`, () => {
      expect(readFileSync(opDocsPath(dir), 'utf8')).toBe(generateOpDocs(dir));
    });
  }

  it('every registered op of core and activations has a doc, the public ones from their comment', () => {
    const generated = new Map(
      packages.flatMap((dir) => [...entries(readFileSync(opDocsPath(dir), 'utf8'))]),
    );
    expect(generated.get('tanh')).toMatch(/^tanh\(x\) = /);
    expect(generated.get('add')).toBe('a + b, broadcasting.');
    for (const name of listOps()) {
      const doc = getOp(name).doc;
      expect(doc, name).toMatch(/\S/);
      if (generated.has(name)) expect(doc, name).toBe(generated.get(name));
    }
    expect([...generated.keys()].filter((n) => !listOps().includes(n))).toEqual([]);
  });

  it('refuses an op whose definition has a doc string beside its function comment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'op-docs-'));
    try {
      mkdirSync(join(dir, 'src'));
      writeFileSync(
        join(dir, 'src', 'twice.ts'),
        [
          "const op = defineOp({ name: 'twice', arity: 1, doc: 'x twice' });",
          "const inner = defineOp({ name: 'innerGrad', arity: 1, doc: 'kept: no function' });",
          '/** Doubles `x` ({@link op}). */',
          'export function twice(x) { return op([x]); }',
        ].join('\n'),
      );
      expect(() => generateOpDocs(dir)).toThrow(/op 'twice' \(src\/twice\.ts:1\) has a doc string/);
      writeFileSync(
        join(dir, 'src', 'twice.ts'),
        [
          "const op = defineOp({ name: 'twice', arity: 1, doc: opDocs.twice });",
          '/** Doubles `x` ({@link op}). */',
          'export function twice(x) { return op([x]); }',
        ].join('\n'),
      );
      expect([...entries(generateOpDocs(dir))]).toEqual([['twice', 'Doubles x (op).']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Tensor's chained methods inherit the doc of the op function they call", () => {
    const text = readFileSync(join(root, 'packages/core/src/tensor.ts'), 'utf8');
    const methods = [
      ...text.matchAll(/ {2}\/\*\*([^\n]*)\*\/\n {2}(\w+)\([^\n]*\{\n {4}return m\.(\w+)\(this/g),
    ];
    expect(methods.length).toBeGreaterThan(35);
    for (const [, doc, method, fn] of methods) {
      // Reshapes with their own meaning (to [size], an axis of 1 added or removed): own docs.
      if (method === 'flatten' || method === 'unsqueeze' || method === 'squeeze') continue;
      expect(doc?.trim(), method).toBe(`{@inheritDoc "@gradscope/core"!${fn}}`);
    }
  });
});
