/** A .wat file's name and text. */
export interface WatFragment {
  readonly name: string;
  readonly text: string;
}

/** The .wasm bytes of one module made of `fragments`, compiled by the wabt of `packageDir`. */
export function compileWat(
  fragments: readonly WatFragment[],
  packageDir?: string,
): Promise<Uint8Array>;

/** The TypeScript module that carries `bytes`, generated from the .wat files named `names`. */
export function toTypeScript(bytes: Uint8Array, names: readonly string[]): string;

/** Reads .wat files into fragments. */
export function readFragments(paths: readonly string[]): WatFragment[];

/**
 * The output path and the .wat paths (absolute, in order) of the package's build script (its
 * `index`-th run of wat2ts.mjs, from 0).
 */
export function buildArguments(packageDir: string, index?: number): { out: string; wats: string[] };

/** The generated TypeScript for the package at `packageDir` (its build script's `index`-th run). */
export function generatedFor(
  packageDir: string,
  index?: number,
): Promise<{ out: string; bytes: Uint8Array; text: string }>;
