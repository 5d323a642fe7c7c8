/** Op kernels registered per backend: the active backend's, else any backend's, else none. */
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { fastKernels } from './fast.js';
import { getKernels, setKernels } from './index.js';
import { ANY_BACKEND, getKernel, registerKernel } from './op-kernels.js';
import { referenceKernels } from './reference.js';

const tag = (name: string) => Object.assign((_out: Float32Array) => {}, { tag: name });
const tagOf = (k: unknown) => (k as { tag?: string } | undefined)?.tag;

describe('registerKernel / getKernel', () => {
  it('picks the active backend, falls back to any backend, follows setKernels', () => {
    registerKernel('test.opk', ANY_BACKEND, tag('any'));
    registerKernel('test.opk', 'reference', tag('ref'));
    const prev = getKernels();
    try {
      setKernels(referenceKernels);
      expect(tagOf(getKernel('test.opk'))).toBe('ref');
      setKernels(fastKernels);
      expect(tagOf(getKernel('test.opk'))).toBe('any');
      registerKernel('test.opk', 'fast', tag('fast'));
      expect(tagOf(getKernel('test.opk'))).toBe('fast');
    } finally {
      setKernels(prev);
    }
    expect(getKernel('test.noKernel')).toBeUndefined();
  });

  it("a backend with a baseName runs that backend's kernels where it has none of its own", () => {
    registerKernel('test.base', ANY_BACKEND, tag('any'));
    registerKernel('test.base', 'test-simd', tag('simd'));
    registerKernel('test.own', 'test-simd', tag('simd'));
    registerKernel('test.own', 'test-fma', tag('fma'));
    const prev = getKernels();
    try {
      setKernels({ ...fastKernels, name: 'test-fma', baseName: 'test-simd' });
      expect(tagOf(getKernel('test.base'))).toBe('simd');
      expect(tagOf(getKernel('test.own'))).toBe('fma');
      setKernels({ ...fastKernels, name: 'test-fma' });
      expect(tagOf(getKernel('test.base'))).toBe('any');
    } finally {
      setKernels(prev);
    }
  });

  it('rejects bad arguments with what it expected', () => {
    expect(() => registerKernel('', 'x', tag('a'))).toThrow(ArgumentError);
    expect(() => registerKernel('op', '', tag('a'))).toThrow(/backend name/);
    expect(() => registerKernel('op', 'x', 3 as unknown as () => void)).toThrow(
      /expected a function, got 3/,
    );
  });
});
