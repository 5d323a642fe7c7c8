/**
 * The CLI as a user runs it: a real process (tsx, workspace packages from source through
 * tsconfig.dev.json), exit codes, stdout, stderr and the files it writes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const app = fileURLToPath(new URL('..', import.meta.url));

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: app,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(app, 'tsconfig.dev.json'), NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('digits CLI', () => {
  it('--help documents every option and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    for (const o of ['--dataset', '--epochs', '--batch-size', '--optimizer', '--lr', '--seed'])
      expect(r.stdout).toContain(o);
    for (const o of ['--no-augment', '--shift', '--channels', '--out', '--quick', '--json'])
      expect(r.stdout).toContain(o);
  });

  it('a bad number exits 2, says what was expected, and trains nothing', () => {
    const r = cli(['--epochs', 'many']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("digits: --epochs: expected an integer in [1, 1000], got 'many'");
    expect(r.stderr).toContain('(run with --help for usage)');
    expect(r.stdout).toBe('');
  });

  it('an unknown dataset exits 2 with the known names', () => {
    const r = cli(['--dataset', 'cifar']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown dataset 'cifar'.*mnist.*fashion/);
  });

  it('an unknown flag is refused by the parser (exit 1, its name in the message)', () => {
    const r = cli(['--epoch', '3']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown option '--epoch'/);
  });

  it('Fashion-MNIST missing: exit 3 and a message naming the Debian package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'digits-nofashion-'));
    const r = cli([
      '--dataset',
      'fashion',
      '--quick',
      '--fashion-dir',
      dir,
      '--out',
      join(dir, 'out'),
    ]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('Fashion-MNIST is not installed');
    expect(r.stderr).toContain('apt-get install dataset-fashion-mnist');
    expect(r.stderr).toContain(dir);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--quick --json trains on a subset and prints results.json, the same as the file it writes', () => {
    const out = mkdtempSync(join(tmpdir(), 'digits-cli-'));
    const r = cli([
      '--quick',
      '--json',
      '--epochs',
      '1',
      '--train-size',
      '500',
      '--test-size',
      '200',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.options).toMatchObject({
      dataset: 'mnist',
      epochs: 1,
      trainSize: 500,
      testSize: 200,
      quick: true,
    });
    expect(j.history).toHaveLength(1);
    expect(j.test.total).toBe(200);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(j);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(existsSync(join(out, 'weights.safetensors'))).toBe(true);
  });
});
