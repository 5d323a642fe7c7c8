import { NotFoundError } from '@gradscope/core';
import { describe, expect, it } from 'vitest';
import { buildProgram, type RawOptions, resolveOptions } from './cli-options.js';

const known = {
  activations: [
    'step',
    'sigmoid',
    'tanh',
    'relu',
    'leakyRelu',
    'elu',
    'selu',
    'gelu',
    'swish',
    'mish',
  ],
  inits: ['standard', 'xavierNormal', 'heNormal'],
  datasets: ['twoSpirals'],
};

function parse(args: string[]): { raw: RawOptions; explicit: Set<string> } {
  const p = buildProgram().exitOverride();
  p.parse(['node', 'cli', ...args]);
  const raw = p.opts<RawOptions>();
  return {
    raw,
    explicit: new Set(Object.keys(raw).filter((k) => p.getOptionValueSource(k) === 'cli')),
  };
}

describe('CLI options', () => {
  it('defaults: 2 seeds, width 256, the three initialisers', () => {
    const { raw, explicit } = parse(['-a', 'sigmoid,relu']);
    const o = resolveOptions(raw, known, explicit);
    expect(o.activations).toEqual(['sigmoid', 'relu']);
    expect(o.inits).toEqual(['standard', 'xavierNormal', 'heNormal']);
    expect(o.seeds).toEqual([0, 1]);
    expect(o.width).toBe(256);
    expect(o.out).toBe('out');
  });

  it('--quick shrinks what was not given explicitly; --seeds accepts a list', () => {
    const { raw, explicit } = parse(['--quick', '--width', '32', '--seeds', '3,7']);
    const o = resolveOptions(raw, known, explicit);
    expect(o.quick).toBe(true);
    expect(o.width).toBe(32);
    expect(o.depths).toEqual([4, 8]);
    expect(o.seeds).toEqual([3, 7]);
  });

  it('--train-activations all trains every activation of --activations', () => {
    const { raw, explicit } = parse(['-a', 'tanh,gelu', '--train-activations', 'all']);
    expect(resolveOptions(raw, known, explicit).trainActivations).toEqual(['tanh', 'gelu']);
  });

  it('an unknown activation is a NotFoundError naming the closest known names', () => {
    const { raw, explicit } = parse(['-a', 'sigmoid,relus']);
    let err: unknown;
    try {
      resolveOptions(raw, known, explicit);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toMatch(/unknown activation 'relus'; did you mean 'relu'/);
  });

  it('bad numbers and names say what was expected and what came', () => {
    const bad = (args: string[]) => {
      const { raw, explicit } = parse(args);
      return () => resolveOptions(raw, known, explicit);
    };
    expect(bad(['--width', '0'])).toThrow(/--width: expected integers in \[1, 4096\], got '0'/);
    expect(bad(['--depths', '4,x'])).toThrow(/--depths: .*got 'x'/);
    expect(bad(['--inits', 'heNormel'])).toThrow(/did you mean 'heNormal'/);
    expect(bad(['--experiments', 'flow,grpah'])).toThrow(
      /unknown experiment 'grpah'; did you mean 'graph'/,
    );
    expect(bad(['--dataset', 'moon'])).toThrow(/unknown dataset 'moon'/);
  });

  it('--help lists every option', () => {
    const help = buildProgram().helpInformation();
    for (const o of [
      '--activations',
      '--inits',
      '--depths',
      '--width',
      '--seeds',
      '--steps',
      '--dataset',
      '--out',
      '--quick',
      '--json',
    ])
      expect(help).toContain(o);
  });
});
