import { describe, expect, it } from 'vitest';
import { buildProgram, type RawOptions, resolveOptions } from './cli-options.js';
import { DEFAULTS, QUICK } from './defaults.js';

/** What commander gives for `args` (the real parser, the real defaults). */
function raw(...args: string[]): RawOptions {
  return buildProgram().exitOverride().parse(args, { from: 'user' }).opts<RawOptions>();
}

describe('resolveOptions', () => {
  it('fills in the defaults of the dataset', () => {
    const m = resolveOptions(raw());
    expect(m).toMatchObject({
      dataset: 'mnist',
      epochs: DEFAULTS.mnist.epochs,
      batchSize: 64,
      optimizer: 'adam',
      lr: 1e-3,
      schedule: 'cosine',
      seed: 1,
      shift: 2,
      trainSize: null,
      testSize: 2000,
      out: 'out/mnist',
      quick: false,
      progress: true,
    });
    const f = resolveOptions(raw('--dataset', 'fashion'));
    expect(f).toMatchObject({
      dataset: 'fashion',
      epochs: DEFAULTS.fashion.epochs,
      testSize: 10_000,
    });
    expect(f.widths).toEqual(DEFAULTS.fashion.widths);
  });

  it('--quick takes the quick settings, except for options typed explicitly', () => {
    expect(resolveOptions(raw('--quick'))).toMatchObject({ quick: true, ...QUICK.mnist });
    expect(resolveOptions(raw('-q', '-e', '3', '--train-size', '500'))).toMatchObject({
      epochs: 3,
      trainSize: 500,
      testSize: QUICK.mnist.testSize,
    });
  });

  it('reads every option', () => {
    const o = resolveOptions(
      raw(
        ...['-d', 'fashion', '-e', '4', '-b', '128', '--optimizer', 'sgd', '--lr', '0.05'],
        ...['--schedule', 'constant', '-s', '7', '--shift', '1', '--channels', '16, 32'],
        ...['--dropout', '0.25', '--train-size', '1000', '--test-size', '500'],
        ...['--fashion-dir', '/tmp/f', '-o', '/tmp/o', '--json'],
      ),
    );
    expect(o).toEqual({
      dataset: 'fashion',
      epochs: 4,
      batchSize: 128,
      optimizer: 'sgd',
      lr: 0.05,
      schedule: 'constant',
      seed: 7,
      shift: 1,
      widths: { ...DEFAULTS.fashion.widths, conv1: 16, conv2: 32 },
      dropout: 0.25,
      trainSize: 1000,
      testSize: 500,
      fashionDir: '/tmp/f',
      quick: false,
      out: '/tmp/o',
      json: true,
      progress: false,
    });
    expect(resolveOptions(raw('--no-augment', '--shift', '3')).shift).toBe(0);
  });

  it.each([
    [['--epochs', 'ten'], /--epochs: expected an integer in \[1, 1000\], got 'ten'/],
    [['--epochs', '0'], /--epochs: expected an integer in \[1, 1000\], got '0'/],
    [['--batch-size', '2.5'], /--batch-size: expected an integer in \[1, 8192\], got '2.5'/],
    [['--lr', '-1'], /--lr: expected a number in \(0, 10\], got '-1'/],
    [['--lr', ''], /--lr: expected a number in \(0, 10\], got ''/],
    [['--dropout', '1'], /--dropout: expected a probability in \[0, 1\), got '1'/],
    [['--channels', '6'], /--channels: expected two integers 'c1,c2' such as '6,16', got '6'/],
    [['--channels', '6,x'], /--channels: expected an integer in \[1, 512\], got 'x'/],
    [['--dataset', 'mnsit'], /unknown dataset 'mnsit'; did you mean 'mnist'/],
    [['--optimizer', 'Adam'], /unknown optimizer 'Adam'; did you mean 'adam'/],
    [['--schedule', 'cos'], /unknown schedule 'cos'/],
    [['--seed', '-1'], /--seed: expected an integer in \[0, 2147483647\], got '-1'/],
    [['--shift', '9'], /--shift: expected an integer in \[0, 8\], got '9'/],
    [['--test-size', '10000'], /--test-size: expected an integer in \[1, 9999\], got '10000'/],
    [
      ['--train-size', '9000'],
      /--train-size: the mnist package has 10,000 digits; 9000 for training and 2000 for testing make 11000/,
    ],
    [['--out', ' '], /--out: expected a folder, got ''/],
  ])('refuses %j', (args, message) => {
    expect(() => resolveOptions(raw(...(args as string[])))).toThrow(message);
  });
});
