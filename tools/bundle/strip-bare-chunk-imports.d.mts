/** The relative `.js` files a module imports: with bindings (`named`) and bare. */
export function relativeImports(text: string): { named: string[]; bare: string[] };

/** What {@link stripBareChunkImports} did to one entry. */
export interface StripReport {
  readonly file: string;
  /** Chunks whose bare import was removed (reached through the entry's named imports). */
  readonly removed: readonly string[];
  /** Chunks whose bare import stays (nothing else reaches them). */
  readonly kept: readonly string[];
}

/**
 * Removes, from the ESM entry files `entries` in `dir`, each bare `import "./chunk.js"` whose chunk
 * the entry's named imports reach anyway (an empty line in its place).
 */
export function stripBareChunkImports(dir: string, entries: readonly string[]): StripReport[];

/** The ESM entry files (`name.js`) of a tsup `entry` object. */
export function esmEntries(entry: Readonly<Record<string, string>>): string[];
