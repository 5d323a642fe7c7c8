// Removes the redundant side-effect imports (`import "./chunk-X.js";`) that tsup's code splitting
// (esbuild's) writes into a package's ESM entry files, run by a package's tsup `onSuccess`.
//
// esbuild lists, in each entry, every shared chunk the entry's modules live in, so that they are
// evaluated in order; the chunks whose bindings the entry uses come with names, the others bare.
// A package that says `"sideEffects": false` then makes every user who bundles it with esbuild
// see one `[ignored-bare-import]` warning per bare import ("Ignoring this import because ...
// was marked as having no side effects"), and bundlers drop those imports anyway.
//
// A bare import is removed only when the chunk it names is also reached through the entry's
// named imports (directly or through other chunks), so it is evaluated all the same; a chunk
// that only a bare import reaches keeps it (and its warning says so). Each removed statement
// leaves an empty line behind: the source map's lines stay where they were.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `import { a, b } from "./x.js";` or `export { a } from "./x.js";` (possibly over several lines;
 * group 1 holds the bindings), or `import "./x.js";` (no group 1). A form it misses only makes a
 * chunk look unreached, and so kept.
 */
const IMPORT = /^(?:import|export)\s*(\{[^}]*\}\s*from\s*)?"(\.\/[^"]+\.js)";?$/gm;

/** The relative `.js` files `text` imports: `named` (with bindings) and `bare`. */
export function relativeImports(text) {
  const named = [];
  const bare = [];
  for (const m of text.matchAll(IMPORT)) (m[1] === undefined ? bare : named).push(m[2].slice(2));
  return { named, bare };
}

/**
 * Strips the redundant bare chunk imports from the ESM entries `entries` (file names in `dir`,
 * for example `['index.js', 'web.js']`); returns `{ file, removed, kept }` for each entry that
 * had any. Throws when an entry or an imported chunk is missing.
 */
export function stripBareChunkImports(dir, entries) {
  const texts = new Map();
  const read = (file) => {
    if (!texts.has(file)) texts.set(file, readFileSync(join(dir, file), 'utf8'));
    return texts.get(file);
  };
  /** Every file reached from `starts` through any relative import. */
  const reach = (starts) => {
    const seen = new Set();
    const todo = [...starts];
    while (todo.length > 0) {
      const f = todo.pop();
      if (seen.has(f)) continue;
      seen.add(f);
      const { named, bare } = relativeImports(read(f));
      todo.push(...named, ...bare);
    }
    return seen;
  };
  const report = [];
  for (const entry of entries) {
    const text = read(entry);
    const { named, bare } = relativeImports(text);
    if (bare.length === 0) continue;
    const reached = reach(named);
    const removed = bare.filter((f) => reached.has(f));
    const kept = bare.filter((f) => !reached.has(f));
    if (removed.length > 0)
      writeFileSync(
        join(dir, entry),
        text.replace(IMPORT, (line, names, spec) =>
          names === undefined && removed.includes(spec.slice(2)) ? '' : line,
        ),
      );
    report.push({ file: entry, removed, kept });
  }
  return report;
}

/** The ESM entry files of a tsup `entry` object (`{ name: source }`): `name.js` each. */
export function esmEntries(entry) {
  return Object.keys(entry).map((name) => `${name}.js`);
}
