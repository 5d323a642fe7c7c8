/**
 * The ownership rules on their own (grad-ownership.test.ts checks them through backward passes):
 * which tensors the engine may reuse, and when it must stop.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from './create.js';
import {
  beginOwningRule,
  disown,
  endOwningRule,
  isOwned,
  keepOrCopy,
  noteOpOutput,
  opMark,
  overlaps,
  own,
  settleRuleResults,
} from './ownership.js';
import { Tensor } from './tensor.js';

describe('overlaps', () => {
  it('is true only for arrays that share bytes', () => {
    const buf = new Float32Array(8);
    expect(overlaps(buf.subarray(0, 4), buf.subarray(3, 6))).toBe(true);
    expect(overlaps(buf.subarray(0, 4), buf.subarray(4, 8))).toBe(false);
    expect(overlaps(buf, new Float32Array(8))).toBe(false);
    expect(overlaps(buf, buf)).toBe(true);
  });
});

describe('noteOpOutput', () => {
  const x = () => tensor([1, 2, 3]);

  it('owns nothing outside a backward rule', () => {
    const out = x().mul(2);
    expect(opMark()).toBe(-1);
    expect(isOwned(out)).toBe(false);
  });

  it('inside an unrecorded rule, owns a fresh output but not a view of an input', () => {
    const input = x();
    beginOwningRule();
    try {
      const fresh = input.mul(2);
      expect(isOwned(fresh)).toBe(true);
      const view = Tensor._make(input.data, [3]);
      noteOpOutput(view, [input], opMark());
      expect(isOwned(view)).toBe(false);
      expect(isOwned(input.reshape([1, 3]))).toBe(false);
    } finally {
      endOwningRule();
    }
  });
});

describe('settleRuleResults', () => {
  it('keeps fresh results, and the lent gradient a rule wrote into', () => {
    const g = tensor([1, 2]);
    const fresh = tensor([3, 4]);
    own(fresh);
    settleRuleResults([g, fresh], g, true, false);
    expect(isOwned(g)).toBe(true);
    expect(isOwned(fresh)).toBe(true);
  });

  it('gives up the gradient when it was not lent, and results an observer sees', () => {
    const g = tensor([1, 2]);
    settleRuleResults([g], g, false, false);
    expect(isOwned(g)).toBe(false);
    const fresh = tensor([3, 4]);
    own(fresh);
    settleRuleResults([fresh], g, false, true);
    expect(isOwned(fresh)).toBe(false);
  });

  it('gives up results that share memory with each other', () => {
    const a = tensor([1, 2, 3, 4]);
    own(a);
    const b = Tensor._make(a.data.subarray(2), [2]);
    own(b);
    settleRuleResults([a, null, b], tensor([0]), false, false);
    expect(isOwned(a)).toBe(false);
    expect(isOwned(b)).toBe(false);
  });
});

describe('keepOrCopy', () => {
  it('keeps an owned gradient (once) and copies any other', () => {
    const g = tensor([1, 2]);
    own(g);
    expect(keepOrCopy(g)).toBe(g);
    expect(isOwned(g)).toBe(false);
    const c = keepOrCopy(g);
    expect(c).not.toBe(g);
    expect(c.data).not.toBe(g.data);
    expect(Array.from(c.data)).toEqual([1, 2]);
    disown(c);
  });
});
