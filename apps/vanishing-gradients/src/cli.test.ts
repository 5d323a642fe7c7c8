/**
 * The CLI as a user runs it: a real process (tsx, workspace packages from source through
 * tsconfig.dev.json), exit codes, stdout and the files it writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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
    timeout: 240_000,
  });
}

describe('vanishing-gradients CLI', () => {
  it('--help documents the options and exits 0', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--activations');
    expect(r.stdout).toContain('--quick');
  });

  it('an unknown activation exits 2 with the closest known names', () => {
    const r = cli(['--activations', 'sigmoid,reLu', '--quick']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown activation 'reLu'; did you mean 'relu'/);
  });

  it('a bad number exits 2 and says what was expected', () => {
    const r = cli(['--width', 'wide']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--width: expected integers in \[1, 4096\], got 'wide'/);
  });

  it('--quick --json runs (the non-flow experiments in a child process) and prints results.json', () => {
    const out = mkdtempSync(join(tmpdir(), 'vg-cli-'));
    const r = cli([
      '--quick',
      '--json',
      '--steps',
      '20',
      '--experiments',
      'flow,glorot,dying,catalogue,graph,cnn',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.schemaVersion).toBe(1);
    expect(j.gradientFlow.runs).toHaveLength(4 * 3 * 2);
    expect(Object.keys(j.timings)).toEqual([
      'flow',
      'glorot',
      'dying',
      'catalogue',
      'graph',
      'cnn',
    ]);
    // --quick: sigmoid, tanh, relu (step passes no gradient) × 4 variants, and the padding control
    expect(j.cnn.runs).toHaveLength(3 * 4);
    expect(j.cnn.paddingControl.activation).toBe('sigmoid');
    expect(j.dying.runs.length).toBeGreaterThan(0);
    expect(j.graph.graphs[0].dot).toMatch(/^digraph/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('7. The graph');
    expect(html).toContain('8. Gradient flow through a deep CNN');
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).options.quick).toBe(true);
  });
});
