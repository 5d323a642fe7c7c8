#!/usr/bin/env node
/**
 * `pnpm release:check`: proves publishing end to end. In a scratch copy of the repository it
 * installs, builds every public package, versions a throwaway changeset, and publishes with
 * `pnpm -r publish` to a throwaway verdaccio registry on 127.0.0.1; then fresh projects outside
 * the workspace install from that registry only and use the packages (ESM, CJS, TypeScript under
 * NodeNext and Bundler). Prints packed / unpacked / installed sizes, stops the registry, removes
 * the temporary folder (unless RELEASE_CHECK_KEEP=1), and ends with `N passed, N failed`.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCoreConsumer, writeOnnxConsumer, writeTrainerConsumer } from './consumers.mjs';
import { startRegistry } from './registry.mjs';
import { run } from './run.mjs';
import { dirSize, formatBytes, tarContents } from './sizes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(join(tmpdir(), 'gradscope-release-'));
const scratch = join(work, 'repo');
const env = {
  ...process.env,
  CI: 'true',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
  TURBO_TELEMETRY_DISABLED: '1',
};
const npmCache = join(work, 'npm-cache');
const results = [];
let registry = null;

function log(msg) {
  process.stdout.write(`${msg}\n`);
}

/** Runs one check; records and prints pass/fail with the reason. Returns its value or undefined. */
async function check(name, fn) {
  const t0 = Date.now();
  try {
    const value = await fn();
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    results.push({ name, ok: true });
    log(`ok   ${name} (${secs} s)${typeof value === 'string' ? ` — ${value}` : ''}`);
    return value ?? true;
  } catch (e) {
    results.push({ name, ok: false });
    log(`FAIL ${name}\n${String(e instanceof Error ? e.message : e).replace(/^/gm, '     ')}`);
    return undefined;
  }
}

function skip(name, why) {
  results.push({ name, ok: false });
  log(`FAIL ${name} — not run: ${why}`);
}

function readJson(p) {
  return JSON.parse(readFileSync(p, 'utf8'));
}

/** Copies the files git would see (tracked + untracked, not ignored) into `dest`. */
function copyRepo(dest) {
  const list = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    },
  )
    .toString('utf8')
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(root, f)));
  for (const f of list) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(root, f), join(dest, f));
  }
  return list.length;
}

/** Public workspace packages under packages/, dependencies first. */
function publicPackages(dir) {
  const pkgs = readdirSync(join(dir, 'packages'))
    .map((d) => join(dir, 'packages', d))
    .filter((d) => existsSync(join(d, 'package.json')))
    .map((d) => ({ dir: d, json: readJson(join(d, 'package.json')) }))
    .filter((p) => p.json.private !== true);
  const names = new Set(pkgs.map((p) => p.json.name));
  const ordered = [];
  const visit = (p, stack) => {
    if (ordered.includes(p)) return;
    if (stack.includes(p))
      throw new Error(`dependency cycle: ${[...stack, p].map((q) => q.json.name).join(' -> ')}`);
    for (const dep of Object.keys(p.json.dependencies ?? {})) {
      if (names.has(dep))
        visit(
          pkgs.find((q) => q.json.name === dep),
          [...stack, p],
        );
    }
    ordered.push(p);
  };
  for (const p of pkgs) visit(p, []);
  return ordered;
}

async function npmInstall(dir, spec) {
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--cache', npmCache, '--registry', registry.url, spec],
    {
      cwd: dir,
      env: { ...env, npm_config_registry: registry.url },
    },
  );
}

function installedVersion(dir, name) {
  const p = join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(p)) throw new Error(`${name} is not installed in ${dir}/node_modules`);
  return readJson(p).version;
}

/** Top-level entries of node_modules (scoped ones as @scope/name). */
function topLevelPackages(dir) {
  const nm = join(dir, 'node_modules');
  const out = [];
  for (const e of readdirSync(nm)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) for (const s of readdirSync(join(nm, e))) out.push(`${e}/${s}`);
    else out.push(e);
  }
  return out.sort();
}

async function main() {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  log(`release:check in ${work}`);

  const copied = await check(
    'copy the repository to a scratch folder',
    () => `${copyRepo(scratch)} files`,
  );
  if (!copied) return;
  const installed = await check('pnpm install --frozen-lockfile (scratch)', () =>
    run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: scratch, env }),
  );
  if (!installed) return;

  const pkgs = publicPackages(scratch);
  const before = Object.fromEntries(pkgs.map((p) => [p.json.name, p.json.version]));
  const privateBefore = Object.fromEntries(
    ['apps', 'tools']
      .flatMap((d) => readdirSync(join(scratch, d)).map((n) => join(scratch, d, n, 'package.json')))
      .filter((f) => existsSync(f))
      .map((f) => [f, readJson(f).version]),
  );
  const built = [];
  for (const p of pkgs) {
    const ok = await check(`build ${p.json.name}`, async () => {
      await run('pnpm', ['run', 'build'], { cwd: p.dir, env });
      for (const f of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
        if (!existsSync(join(p.dir, f))) throw new Error(`build produced no ${f}`);
      }
    });
    if (ok) built.push(p);
  }
  if (built.length === 0) return;

  const core = pkgs.find((p) => p.json.name === '@gradscope/core');
  const versioned = await check(
    'changeset version bumps the changed package and its dependents, not private ones',
    async () => {
      writeFileSync(
        join(scratch, '.changeset', 'release-check-throwaway.md'),
        "---\n'@gradscope/core': patch\n---\n\nThrowaway change made by release:check.\n",
      );
      await run('pnpm', ['exec', 'changeset', 'version'], { cwd: scratch, env });
      const lines = [];
      for (const p of pkgs) {
        p.json = readJson(join(p.dir, 'package.json'));
        const dependsOnCore = p === core || Object.keys(p.json.dependencies ?? {}).length > 0;
        if (dependsOnCore && p.json.version === before[p.json.name]) {
          throw new Error(`${p.json.name} stayed at ${p.json.version}; expected a bump`);
        }
        if (!existsSync(join(p.dir, 'CHANGELOG.md')))
          throw new Error(`${p.json.name}: no CHANGELOG.md written`);
        lines.push(`${p.json.name} ${before[p.json.name]} → ${p.json.version}`);
      }
      for (const [file, version] of Object.entries(privateBefore)) {
        const now = readJson(file).version;
        if (now !== version) throw new Error(`private ${file} was versioned: ${version} → ${now}`);
      }
      return lines.join(', ');
    },
  );
  if (!versioned) return;

  registry = await check('start verdaccio on 127.0.0.1', async () => {
    const uplink =
      execFileSync('npm', ['config', 'get', 'registry'], { env }).toString().trim() ||
      'https://registry.npmjs.org/';
    return await startRegistry(join(work, 'registry'), { uplink });
  });
  if (!registry) return;
  log(`     registry ${registry.url} (pid ${registry.pid})`);

  const published = await check('pnpm -r publish to the local registry', async () => {
    const host = registry.url.replace(/^http:/, '');
    writeFileSync(join(scratch, '.npmrc'), `${host}:_authToken=release-check-anonymous\n`);
    const filters = built.flatMap((p) => ['--filter', p.json.name]);
    await run(
      'pnpm',
      ['-r', ...filters, 'publish', '--registry', registry.url, '--no-git-checks'],
      {
        cwd: scratch,
        env,
      },
    );
    for (const p of built) {
      const r = await fetch(`${registry.url}${p.json.name.replace('/', '%2f')}`);
      const doc = r.ok ? await r.json() : null;
      if (!doc?.versions?.[p.json.version])
        throw new Error(`${p.json.name}@${p.json.version} is not in the registry`);
    }
    return built.map((p) => `${p.json.name}@${p.json.version}`).join(', ');
  });
  if (!published) return;

  const sizes = {};
  await check('packed sizes from the registry tarballs', async () => {
    for (const p of built) {
      const doc = await (await fetch(`${registry.url}${p.json.name.replace('/', '%2f')}`)).json();
      const tgz = Buffer.from(
        await (await fetch(doc.versions[p.json.version].dist.tarball)).arrayBuffer(),
      );
      const { bytes, files } = tarContents(tgz);
      const deps = Object.entries(doc.versions[p.json.version].dependencies ?? {});
      for (const [dep, range] of deps) {
        if (range.startsWith('workspace:'))
          throw new Error(`${p.json.name} was published with ${dep}@${range}`);
      }
      sizes[p.json.name] = { packed: tgz.length, unpacked: bytes, files };
    }
  });

  const coreDir = join(work, 'consumers', 'core');
  if (built.includes(core)) {
    writeCoreConsumer(coreDir, registry.url);
    const ok = await check(
      'install @gradscope/core alone from the registry: no other package',
      async () => {
        await npmInstall(coreDir, `@gradscope/core@${core.json.version}`);
        const top = topLevelPackages(coreDir);
        if (top.join() !== '@gradscope/core')
          throw new Error(`expected only @gradscope/core, got ${top.join(', ')}`);
        return `${top.join(', ')}@${installedVersion(coreDir, '@gradscope/core')}`;
      },
    );
    if (ok) {
      await check('core ESM consumer computes a gradient', async () =>
        (await run('node', ['grad.mjs'], { cwd: coreDir, env })).stdout.trim().replace(/\n/g, '; '),
      );
      await check('core CJS consumer computes a gradient', async () =>
        (await run('node', ['grad.cjs'], { cwd: coreDir, env })).stdout.trim().replace(/\n/g, '; '),
      );
      sizes['@gradscope/core'].installed = dirSize(
        join(coreDir, 'node_modules', '@gradscope', 'core'),
      );
    } else {
      skip('core ESM consumer computes a gradient', 'install failed');
      skip('core CJS consumer computes a gradient', 'install failed');
    }
  }

  const trainer = pkgs.find((p) => p.json.name === '@gradscope/trainer');
  const trainerDir = join(work, 'consumers', 'trainer');
  const consumerChecks = [
    'install @gradscope/trainer: core and activations at the published versions',
    'TypeScript consumer type-checks (moduleResolution NodeNext)',
    'TypeScript consumer type-checks (moduleResolution Bundler)',
    'TypeScript consumer trains a tiny MLP',
  ];
  if (!trainer || !built.includes(trainer)) {
    for (const name of consumerChecks) skip(name, '@gradscope/trainer was not built and published');
  } else {
    writeTrainerConsumer(trainerDir, registry.url);
    const ok = await check(consumerChecks[0], async () => {
      await npmInstall(trainerDir, `@gradscope/trainer@${trainer.json.version}`);
      const got = [];
      // The trainer's dependency closure (not every public package: @gradscope/onnx is separate).
      const closure = new Set([trainer.json.name]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const p of pkgs)
          if (closure.has(p.json.name))
            for (const d of Object.keys(p.json.dependencies ?? {}))
              if (pkgs.some((q) => q.json.name === d) && !closure.has(d)) {
                closure.add(d);
                grew = true;
              }
      }
      for (const p of pkgs.filter((q) => closure.has(q.json.name))) {
        const v = installedVersion(trainerDir, p.json.name);
        if (v !== p.json.version)
          throw new Error(`${p.json.name}: installed ${v}, published ${p.json.version}`);
        got.push(`${p.json.name}@${v}`);
        if (sizes[p.json.name])
          sizes[p.json.name].installed ??= dirSize(join(trainerDir, 'node_modules', p.json.name));
      }
      return got.join(', ');
    });
    if (ok) {
      await check(consumerChecks[1], () =>
        run('node', [tsc, '-p', 'tsconfig.nodenext.json'], { cwd: trainerDir, env }),
      );
      await check(consumerChecks[2], () =>
        run('node', [tsc, '-p', 'tsconfig.bundler.json'], { cwd: trainerDir, env }),
      );
      await check(consumerChecks[3], async () =>
        (await run('node', ['out/train.js'], { cwd: trainerDir, env })).stdout
          .trim()
          .replace(/\n/g, '; '),
      );
    } else {
      for (const name of consumerChecks.slice(1)) skip(name, 'install failed');
    }
  }

  const onnx = pkgs.find((p) => p.json.name === '@gradscope/onnx');
  const onnxDir = join(work, 'consumers', 'onnx');
  if (onnx && built.includes(onnx)) {
    writeOnnxConsumer(onnxDir, registry.url);
    const ok = await check('install @gradscope/onnx: core at the published version', async () => {
      await npmInstall(onnxDir, `@gradscope/onnx@${onnx.json.version}`);
      const v = installedVersion(onnxDir, '@gradscope/core');
      if (v !== core?.json.version)
        throw new Error(`@gradscope/core: installed ${v}, published ${core?.json.version}`);
      sizes['@gradscope/onnx'].installed ??= dirSize(
        join(onnxDir, 'node_modules', '@gradscope', 'onnx'),
      );
      return `@gradscope/onnx@${installedVersion(onnxDir, '@gradscope/onnx')}, @gradscope/core@${v}`;
    });
    for (const [name, file] of [
      ['onnx ESM consumer exports a model', 'export.mjs'],
      ['onnx CJS consumer exports a model', 'export.cjs'],
    ]) {
      if (ok)
        await check(name, async () =>
          (await run('node', [file], { cwd: onnxDir, env })).stdout.trim(),
        );
      else skip(name, 'install failed');
    }
  }

  log('\npackage                    version   packed     unpacked   files  installed');
  for (const [name, s] of Object.entries(sizes)) {
    const v = pkgs.find((p) => p.json.name === name)?.json.version ?? '';
    log(
      `${name.padEnd(26)} ${v.padEnd(9)} ${formatBytes(s.packed).padEnd(10)} ${formatBytes(s.unpacked).padEnd(10)} ${String(s.files).padEnd(6)} ${s.installed === undefined ? '-' : formatBytes(s.installed)}`,
    );
  }
  if (existsSync(join(coreDir, 'node_modules')))
    log(`core consumer node_modules: ${formatBytes(dirSize(join(coreDir, 'node_modules')))}`);
  if (existsSync(join(trainerDir, 'node_modules')))
    log(`trainer consumer node_modules: ${formatBytes(dirSize(join(trainerDir, 'node_modules')))}`);
}

async function cleanup() {
  if (registry) {
    const { url } = registry;
    await check('stop the registry (nothing left listening)', async () => {
      await registry.stop();
      registry = null;
      try {
        await fetch(`${url}-/ping`);
      } catch {
        return;
      }
      throw new Error(`${url} still answers after stop`);
    });
  }
  if (process.env.RELEASE_CHECK_KEEP === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await registry?.stop();
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}

try {
  await main();
} catch (e) {
  results.push({ name: 'release:check', ok: false });
  log(`FAIL release:check crashed: ${e instanceof Error ? e.stack : e}`);
}
await cleanup();
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
