#!/usr/bin/env node
// Each op's doc is written once, as the doc comment of the function users call (`add`, `tanh`):
// editors and the API reference show that comment. The op registry needs the same text at run
// time (`getOp('add').doc`, graph and model exports), so this script copies it: it reads a
// package's sources with the TypeScript compiler, finds the ops it registers and the exported
// function of the same name, and writes their comments, flattened to one line, to
// `src/op-docs.generated.ts`. Run from the package directory (its `build` script does):
//   node ../../tools/docs/op-docs.mjs            writes src/op-docs.generated.ts
//   node ../../tools/docs/op-docs.mjs --check    exits 1 if it is stale
// An op that also gives a string `doc` in its definition is reported as written twice. An op
// with no exported function (a backward op such as `linearInputGrad`) keeps its `doc` string.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** Functions whose calls register an op; the op's name is their first argument or its `name`. */
const DEFINERS = new Set(['defineOp', 'defineElementwiseOp', 'unary', 'binary']);

/** The package's non-test, non-generated TypeScript sources under `dir`. */
function sources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/(?<!\.test|\.generated|\.d)\.ts$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** `{@link x}` and `{@link x | text}` to their text, code spans unquoted, one line. */
function plain(text) {
  return text
    .replace(/\{@link(?:code|plain)?\s+([^}|\s]+)\s*(?:\|\s*([^}]*))?\}/g, (_, ref, label) =>
      (label ?? ref).trim(),
    )
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The summary of a node's last doc comment (tags dropped), or undefined. */
function docOf(node, file) {
  const docs = (node.jsDoc ?? []).filter((d) => d.comment !== undefined);
  const last = docs.at(-1);
  if (last === undefined) return undefined;
  const text = typeof last.comment === 'string' ? last.comment : textOfParts(last.comment, file);
  return plain(text);
}

/** The source text of a comment made of parts (text and links). */
function textOfParts(parts, file) {
  return parts.map((p) => (p.kind === ts.SyntaxKind.JSDocText ? p.text : p.getText(file))).join('');
}

function isExported(node) {
  return (node.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** Ops registered in `file`: name, whether the definition has a string `doc`, and where. */
function definedOps(file) {
  const ops = [];
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      DEFINERS.has(node.expression.text)
    ) {
      const [first] = node.arguments;
      let name;
      let literalDoc = false;
      if (first !== undefined && ts.isStringLiteral(first)) name = first.text;
      else if (first !== undefined && ts.isObjectLiteralExpression(first)) {
        for (const p of first.properties) {
          if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
          if (p.name.text === 'name' && ts.isStringLiteral(p.initializer))
            name = p.initializer.text;
          if (p.name.text === 'doc' && ts.isStringLiteralLike(p.initializer)) literalDoc = true;
        }
      }
      if (name !== undefined) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        ops.push({ name, literalDoc, at: `${file.fileName}:${line + 1}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return ops;
}

/** Doc comments of the exported functions and constants of `file`, by name. */
function exportedDocs(file) {
  const docs = new Map();
  for (const statement of file.statements) {
    if (!isExported(statement)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      const doc = docOf(statement, file);
      if (doc !== undefined && !docs.has(statement.name.text)) docs.set(statement.name.text, doc);
    } else if (ts.isVariableStatement(statement)) {
      const doc = docOf(statement, file);
      for (const d of statement.declarationList.declarations) {
        if (doc !== undefined && ts.isIdentifier(d.name)) docs.set(d.name.text, doc);
      }
    }
  }
  return docs;
}

/** The generated module's text for the package at `packageDir`; throws on an op documented twice. */
export function generateOpDocs(packageDir = process.cwd()) {
  const srcDir = join(packageDir, 'src');
  const ops = [];
  const docs = new Map();
  for (const path of sources(srcDir)) {
    const file = ts.createSourceFile(
      relative(packageDir, path),
      readFileSync(path, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    ops.push(...definedOps(file));
    for (const [name, doc] of exportedDocs(file)) docs.set(name, doc);
  }
  const entries = [];
  for (const op of ops) {
    const doc = docs.get(op.name);
    if (doc === undefined) continue;
    if (op.literalDoc) {
      throw new Error(
        `op-docs: op '${op.name}' (${op.at}) has a doc string and the function ${op.name} has a doc comment: keep the comment only`,
      );
    }
    entries.push([op.name, doc]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Biome's style: single quotes unless the text holds one and no double quote.
  const quote = (s) =>
    s.includes("'") && !s.includes('"')
      ? JSON.stringify(s)
      : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  // As biome prints it: the value on its own line when the entry would pass 100 columns, unless
  // the key is shorter than 5 characters (too short for the break to gain anything).
  const entry = (name, value) =>
    `  ${name}: ${value},`.length > 100 && name.length >= 5
      ? `  ${name}:\n    ${value},`
      : `  ${name}: ${value},`;
  return `// Generated by tools/docs/op-docs.mjs from the doc comments in src: do not edit; edit the comment of the op's function and run \`pnpm build\`.
/** Each op's one-line doc, by op name: the doc comment of the exported function that applies it. */
export const opDocs = {
${entries.map(([name, doc]) => entry(name, quote(doc))).join('\n')}
} as const;
`;
}

/** Where the package at `packageDir` keeps its generated op docs. */
export function opDocsPath(packageDir = process.cwd()) {
  return join(packageDir, 'src', 'op-docs.generated.ts');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv[2] === '--check';
  const text = generateOpDocs();
  const out = opDocsPath();
  if (check) {
    const same = readFileSync(out, 'utf8') === text;
    if (!same) console.error(`${relative(process.cwd(), out)} is stale: run the build`);
    process.exit(same ? 0 : 1);
  }
  writeFileSync(out, text);
}
