/**
 * Bundles the two bench pages with esbuild, as an application would: `@gradscope/*` resolve
 * through node_modules to the packages' entry points (their built `dist`, after a turbo build of
 * this package's dependencies), tfjs to its browser builds. `source: true` bundles the packages'
 * TypeScript sources instead (no build; the working tree as the Node bench measures it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const benchRoot = path.resolve(here, '../..');
export const repoRoot = path.resolve(benchRoot, '../..');

export interface BundleOptions {
  /** Output directory (index of the server). */
  readonly outDir: string;
  /** Bundle the packages' sources instead of their built entry points. */
  readonly source?: boolean;
  /**
   * A second gradscope page, `variant.js`, bundled from the sources of the packages under
   * `<variant>/packages` (a scratch copy of the repository with a change to try): served to the
   * peer `gradscope-variant`, so a change can be timed against the working tree in one run.
   */
  readonly variant?: string;
  /** Skip the turbo build of the packages (their dist is already current). */
  readonly noBuild?: boolean;
  /** Minify whitespace and syntax (identifiers are kept, so profiles stay readable). */
  readonly minify?: boolean;
  readonly log?: (line: string) => void;
}

export interface BundleResult {
  /** Bytes of each page's bundle. */
  readonly sizes: Record<string, number>;
  /** Where `@gradscope/core` came from (its resolved file, relative to the repository). */
  readonly coreFrom: string;
  readonly coreVersion: string;
}

/** `@gradscope/<name>` to its TypeScript source under `root` (the `source` mode). */
function sourcePlugin(root: string): Plugin {
  return {
    name: 'gradscope-sources',
    setup(b) {
      b.onResolve({ filter: /^@gradscope\/(core|activations|trainer)$/ }, (args) => ({
        path: path.join(root, 'packages', args.path.slice('@gradscope/'.length), 'src/index.ts'),
      }));
    },
  };
}

export async function bundlePages(o: BundleOptions): Promise<BundleResult> {
  if (!o.source && !o.noBuild) {
    o.log?.('building @gradscope/core, activations, trainer (turbo; cached when unchanged)');
    execFileSync(
      'pnpm',
      [
        'exec',
        'turbo',
        'run',
        'build',
        '--filter=@gradscope/bench^...',
        '--output-logs=errors-only',
      ],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      },
    );
  }
  mkdirSync(o.outDir, { recursive: true });
  const coreVersion = (
    JSON.parse(readFileSync(path.join(repoRoot, 'packages/core/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  const minify = o.minify ?? true;
  const common = {
    outdir: o.outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    minifyWhitespace: minify,
    minifySyntax: minify,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // Not tools/bench's tsconfig: its `paths` point @gradscope/* at the sources.
    tsconfigRaw: { compilerOptions: { target: 'es2022' } },
    define: {
      'process.env.NODE_ENV': '"production"',
      __GRADSCOPE_VERSION__: JSON.stringify(coreVersion),
    },
  } as const;
  const result = await build({
    ...common,
    entryPoints: {
      gradscope: path.join(here, 'page-gradscope.ts'),
      tfjs: path.join(here, 'page-tfjs.ts'),
    },
    plugins: o.source ? [sourcePlugin(repoRoot)] : [],
    // The packages' `sideEffects: false` holds for their bundled dist, not for the sources,
    // whose index loads the op modules for their side effects.
    ignoreAnnotations: o.source === true,
  });
  if (o.variant !== undefined) {
    await build({
      ...common,
      metafile: false,
      entryPoints: { variant: path.join(here, 'page-gradscope.ts') },
      plugins: [sourcePlugin(path.resolve(o.variant))],
      ignoreAnnotations: true,
    });
  }
  const sizes: Record<string, number> = {};
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) sizes[path.basename(file, '.js')] = out.bytes;
  }
  const coreInput = Object.keys(result.metafile.inputs).find((f) =>
    /packages\/core\/(dist|src)\/index\.(js|ts)$/.test(path.resolve(benchRoot, f)),
  );
  writeFileSync(path.join(o.outDir, 'meta.json'), JSON.stringify(result.metafile));
  return {
    sizes,
    coreFrom: coreInput ? path.relative(repoRoot, path.resolve(process.cwd(), coreInput)) : '?',
    coreVersion,
  };
}
