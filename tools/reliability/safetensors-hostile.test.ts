/**
 * Hostile safetensors files (issue 9): the reader must refuse malformed input with its
 * documented error class ({@link SafetensorsError}), without large allocations, without
 * prototype pollution, and a long seeded fuzz run of mutated valid files must produce no other
 * exception and no hang.
 */
import { createRng, GradscopeError, type Rng, randn, type Tensor, tensor } from '@gradscope/core';
import {
  Adam,
  decodeSafetensors,
  encodeSafetensors,
  loadCheckpoint,
  mlp,
  SafetensorsError,
  StepLR,
  saveCheckpoint,
} from '@gradscope/trainer';
import { afterEach, describe, expect, it } from 'vitest';

/** Builds a file from a header object (or raw header text) and a data buffer. */
function fileOf(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const text = typeof header === 'string' ? header : JSON.stringify(header);
  const json = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (n: number) => new Uint8Array(4 * n);

function valid(): Uint8Array {
  return encodeSafetensors(
    {
      'layer.0.weight': tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      'layer.0.bias': tensor([0.5, -0.5], { dtype: 'float64' }),
      scalar: tensor(3),
    },
    { format: 'pt' },
  );
}

function expectRefused(bytes: Uint8Array, ...facts: string[]): SafetensorsError {
  let caught: unknown;
  try {
    decodeSafetensors(bytes);
  } catch (e) {
    caught = e;
  }
  expect(caught, 'the file was accepted').toBeInstanceOf(SafetensorsError);
  const err = caught as SafetensorsError;
  for (const f of facts) expect(err.message).toContain(f);
  return err;
}

afterEach(() => {
  // No prototype pollution, whatever a test fed the reader.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  expect(Object.keys(Object.prototype)).toEqual([]);
});

describe('the safetensors reader refuses hostile files', () => {
  it('accepts the valid file used as the fuzz seed (the reader is not refusing everything)', () => {
    const { tensors, metadata } = decodeSafetensors(valid());
    expect(Object.keys(tensors).sort()).toEqual(['layer.0.bias', 'layer.0.weight', 'scalar']);
    expect(tensors['layer.0.weight']?.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(tensors['layer.0.bias']?.dtype).toBe('float64');
    expect(metadata).toEqual({ format: 'pt' });
  });

  it('truncated files: every prefix of a valid file is refused', () => {
    const v = valid();
    for (let n = 0; n < v.length; n++) expectRefused(v.subarray(0, n));
  });

  it('a header length larger than the file', () => {
    const v = valid();
    new DataView(v.buffer).setBigUint64(0, BigInt(v.length), true);
    expectRefused(v, 'header length', 'exceeds');
  });

  it('a header length of 2**64 - 1 (no allocation of that size)', () => {
    const v = valid();
    new DataView(v.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
    expectRefused(v, 'header length', 'exceeds');
  });

  it('a header that is not JSON, or not UTF-8, or not an object', () => {
    expectRefused(fileOf('{"a": '), 'not valid UTF-8 JSON');
    expectRefused(fileOf('[1, 2, 3]'), 'must be a JSON object');
    expectRefused(fileOf('null'), 'must be a JSON object');
    expectRefused(fileOf('"str"'), 'must be a JSON object');
    const bad = fileOf('{"\u00e9":1}');
    bad[10] = 0xff; // an invalid UTF-8 byte inside the key
    expectRefused(bad, 'UTF-8');
  });

  it('duplicate keys at the top level', () => {
    const h =
      '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    expectRefused(fileOf(h, f32(2)), 'duplicate', "'w'");
  });

  it('duplicate keys inside an entry', () => {
    const h = '{"w":{"dtype":"F32","dtype":"F64","shape":[1],"data_offsets":[0,4]}}';
    expectRefused(fileOf(h, f32(1)), 'duplicate', "'dtype'");
  });

  it('duplicate keys inside __metadata__', () => {
    const h = '{"__metadata__":{"a":"1","a":"2"}}';
    expectRefused(fileOf(h), 'duplicate', "'a'");
  });

  it('a "__proto__" entry is refused and pollutes nothing', () => {
    const h = '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    expectRefused(fileOf(h, f32(1)), '__proto__');
  });

  it('a "__proto__" key inside an entry or the metadata is refused', () => {
    expectRefused(
      fileOf(
        '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"__proto__":{"polluted":1}}}',
        f32(1),
      ),
      '__proto__',
    );
    expectRefused(fileOf('{"__metadata__":{"__proto__":"x"}}'), '__proto__');
  });

  it('"constructor" and "prototype" entries are refused', () => {
    for (const name of ['constructor', 'prototype']) {
      const h = `{"${name}":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`;
      expectRefused(fileOf(h, f32(1)), name);
    }
  });

  it('offsets out of range', () => {
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1)),
      "'w'",
      'outside',
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, f32(1)),
      "'w'",
      'outside',
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [-4, 0] } }, f32(1)),
      "'w'",
      'data_offsets',
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 2 ** 60] } }, f32(1)),
      "'w'",
    );
    expectRefused(fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, f32(1)), "'w'");
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [0.5, 4.5] } }, f32(2)),
      "'w'",
    );
  });

  it('overlapping tensors', () => {
    expectRefused(
      fileOf(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        f32(3),
      ),
      'overlaps',
    );
    // Aliasing: two names for the same bytes.
    expectRefused(
      fileOf(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        },
        f32(2),
      ),
      'overlaps',
    );
  });

  it('gaps and trailing bytes in the data buffer', () => {
    expectRefused(fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), 'gap');
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)),
      '8 bytes',
    );
  });

  it('sizes that disagree with shape and dtype', () => {
    expectRefused(
      fileOf({ w: { dtype: 'F64', shape: [2], data_offsets: [0, 8] } }, f32(2)),
      "'w'",
      'needs 16 bytes',
      'span 8',
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [3, 0], data_offsets: [0, 4] } }, f32(1)),
      'needs 0 bytes',
    );
  });

  it('unknown and unsupported dtypes', () => {
    expectRefused(
      fileOf({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, f32(4)),
      "unknown dtype 'F128'",
    );
    expectRefused(
      fileOf({ w: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }, f32(1)),
      'BF16 is not supported',
    );
    expectRefused(fileOf({ w: { dtype: 4, shape: [1], data_offsets: [0, 4] } }, f32(1)), 'dtype');
    expectRefused(
      fileOf({ w: { dtype: 'toString', shape: [1], data_offsets: [0, 4] } }, f32(1)),
      "unknown dtype 'toString'",
    );
  });

  it('absurd shapes are refused without allocating', () => {
    const before = process.memoryUsage().arrayBuffers;
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 4] } }, f32(1)),
      "'w'",
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [2 ** 53, 2], data_offsets: [0, 4] } }, f32(1)),
      "'w'",
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [-1, -4], data_offsets: [0, 16] } }, f32(4)),
      'shape',
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, f32(1)),
      'shape',
    );
    expectRefused(
      fileOf({ w: { dtype: 'F32', shape: '4', data_offsets: [0, 16] } }, f32(4)),
      'shape',
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('entries and metadata of the wrong kind', () => {
    expectRefused(fileOf({ w: [1, 2] }), "'w'", 'object');
    expectRefused(fileOf({ w: null }), "'w'", 'object');
    expectRefused(fileOf({ __metadata__: { a: 1 } }), '__metadata__', 'string');
    expectRefused(fileOf({ __metadata__: ['a'] }), '__metadata__');
  });

  it('input that is not a byte array', () => {
    for (const x of [null, undefined, 'abc', [1, 2, 3], new ArrayBuffer(16)]) {
      let caught: unknown;
      try {
        decodeSafetensors(x as unknown as Uint8Array);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(SafetensorsError);
    }
  });
});

// --- fuzzing ---------------------------------------------------------------------------------

/** One random mutation of `v`: bit flips, byte writes, truncation, splices, header edits. */
function mutate(v: Uint8Array, rng: Rng): Uint8Array {
  const pick = (n: number) => Math.floor(rng.random() * n);
  // The declared header length, clamped to the bytes present (inputs may be mutated already).
  const headerLen =
    v.length < 8
      ? 0
      : Math.min(Number(new DataView(v.buffer, v.byteOffset).getBigUint64(0, true)), v.length - 8);
  const kind = pick(8);
  let out: Uint8Array = v.slice();
  switch (kind) {
    case 0: {
      // 1-8 random bit flips anywhere.
      for (let k = 1 + pick(8); k > 0; k--) {
        const i = pick(out.length);
        out[i] = (out[i] as number) ^ (1 << pick(8));
      }
      break;
    }
    case 1: {
      // Bit flips inside the JSON header only.
      for (let k = 1 + pick(4); k > 0; k--) {
        const i = 8 + pick(headerLen);
        out[i] = (out[i] as number) ^ (1 << pick(8));
      }
      break;
    }
    case 2:
      out = out.slice(0, pick(out.length));
      break;
    case 3: {
      // A random header length.
      if (out.length < 8) break;
      const choices = [0n, 1n, 2n, BigInt(headerLen - 1), BigInt(headerLen + 1), 2n ** 63n];
      const value =
        rng.random() < 0.5 ? (choices[pick(choices.length)] as bigint) : BigInt(pick(2 ** 31));
      new DataView(out.buffer).setBigUint64(0, value, true);
      break;
    }
    case 4: {
      // Header edit: replace a digit run, a dtype or a key with a hostile token.
      const text = new TextDecoder().decode(out.subarray(8, 8 + headerLen));
      const tokens = [
        '-1',
        '1e308',
        '4294967296',
        '9007199254740993',
        '"__proto__"',
        '"constructor"',
        '"F16"',
        '"X"',
        'null',
        '[]',
        '{}',
        '0.5',
        '[1099511627776,1099511627776]',
      ];
      const spots = [...text.matchAll(/\d+|"[^"]*"|\[[^\]]*\]/g)];
      const s = spots[pick(spots.length)];
      const edited =
        s === undefined
          ? text
          : text.slice(0, s.index) +
            tokens[pick(tokens.length)] +
            text.slice((s.index ?? 0) + s[0].length);
      const data = out.subarray(8 + headerLen);
      out = fileOf(edited, data);
      break;
    }
    case 5: {
      // Append or insert random bytes.
      const extra = new Uint8Array(1 + pick(16)).map(() => pick(256));
      const at = pick(out.length + 1);
      const merged = new Uint8Array(out.length + extra.length);
      merged.set(out.subarray(0, at));
      merged.set(extra, at);
      merged.set(out.subarray(at), at + extra.length);
      out = merged;
      break;
    }
    case 6: {
      // Overwrite a random byte with a JSON structural character.
      const i = 8 + pick(headerLen);
      out[i] = '{}[]",:\\0'.charCodeAt(pick(10));
      break;
    }
    default: {
      // Two mutations in a row.
      out = mutate(mutate(v, rng), rng);
    }
  }
  return out;
}

describe('fuzzing the reader with mutated valid files', () => {
  it('10,000 seeded mutations: only SafetensorsError, accepted files are self-consistent', () => {
    const rng = createRng(20261127);
    const seed = valid();
    let refused = 0;
    let accepted = 0;
    const others: string[] = [];
    const start = performance.now();
    let peakBuffers = 0;
    const buffers0 = process.memoryUsage().arrayBuffers;
    for (let it = 0; it < 10_000; it++) {
      if (it % 500 === 0)
        peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers - buffers0);
      const m = mutate(seed, rng);
      try {
        const { tensors, metadata } = decodeSafetensors(m);
        accepted++;
        // What the reader accepts must be well formed: tensors with data matching their shape.
        for (const [k, t] of Object.entries(tensors)) {
          expect(typeof k).toBe('string');
          expect(t.size).toBe(t.shape.reduce((a, b) => a * b, 1));
        }
        for (const v of Object.values(metadata)) expect(typeof v).toBe('string');
      } catch (e) {
        if (e instanceof SafetensorsError) refused++;
        else if (others.length < 5) others.push(`${(e as Error).name}: ${(e as Error).message}`);
        else others.push('');
      }
    }
    const seconds = (performance.now() - start) / 1000;
    expect(others.filter((x) => x !== '').slice(0, 5)).toEqual([]);
    expect(others.length).toBe(0);
    // The mutations are mostly fatal; a fuzz run that never reached the reader's checks would
    // accept everything or refuse at the first byte.
    expect(refused).toBeGreaterThan(5000);
    expect(refused + accepted).toBe(10_000);
    // "No hang": a generous ceiling (the loop takes well under a second here), not a benchmark.
    expect(seconds).toBeLessThan(20);
    // No mutated header made the reader allocate for a size it claimed (samples every 500).
    expect(peakBuffers).toBeLessThan(64 * 1024 * 1024);
  });
});

// --- hostile checkpoints -------------------------------------------------------------------------

describe('checkpoints with hostile metadata', () => {
  /** A trained-a-little model, optimiser and schedule, and a checkpoint of them. */
  function setup() {
    const model = mlp({ inputSize: 2, hidden: [4], outputSize: 2, seed: 1, dropout: 0.1 });
    const optimizer = new Adam(model.parameters(), { lr: 0.01 });
    for (const p of model.parameters()) p.grad = randn(p.shape.slice(), { rng: createRng(2) });
    optimizer.step();
    const schedule = new StepLR(optimizer, { stepSize: 2 });
    const bytes = saveCheckpoint({ model, optimizer, schedule, epoch: 3 });
    return { model, optimizer, schedule, bytes };
  }
  const META = 'gradscope.checkpoint';
  /** Rewrites the checkpoint's metadata record with `edit`. */
  function withRecord(bytes: Uint8Array, edit: (rec: Record<string, unknown>) => void): Uint8Array {
    const { tensors, metadata } = decodeSafetensors(bytes);
    const rec = JSON.parse(metadata[META] as string) as Record<string, unknown>;
    edit(rec);
    return encodeSafetensors(tensors, { ...metadata, [META]: JSON.stringify(rec) });
  }
  const state = (m: { parameters(): Tensor[] }, o: Adam) =>
    JSON.stringify([m.parameters().map((p) => Array.from(p.data)), o.stateDict(), o.lr], (_k, v) =>
      v instanceof Float64Array ? Array.from(v) : v,
    );

  const HOSTILE: Array<[string, (rec: Record<string, unknown>) => void]> = [
    [
      'version 2',
      (r) => {
        r.version = 2;
      },
    ],
    [
      'optimizer is a number',
      (r) => {
        r.optimizer = 5;
      },
    ],
    [
      'optimizer.keys is a number',
      (r) => {
        (r.optimizer as Record<string, unknown>).keys = 5;
      },
    ],
    [
      'optimizer.keys holds numbers',
      (r) => {
        (r.optimizer as Record<string, unknown>).keys = [[1], [2]];
      },
    ],
    [
      'optimizer.hyper is null',
      (r) => {
        (r.optimizer as Record<string, unknown>).hyper = null;
      },
    ],
    [
      'optimizer.hyper.lr is negative',
      (r) => {
        ((r.optimizer as Record<string, unknown>).hyper as Record<string, unknown>).lr = -1;
      },
    ],
    [
      'optimizer.type is another optimiser',
      (r) => {
        (r.optimizer as Record<string, unknown>).type = 'SGD';
      },
    ],
    [
      'schedule is a string',
      (r) => {
        r.schedule = 'x';
      },
    ],
    [
      'schedule is null',
      (r) => {
        r.schedule = null;
      },
    ],
    [
      'modelRngs is null',
      (r) => {
        r.modelRngs = null;
      },
    ],
    [
      'modelRngs names an unknown generator',
      (r) => {
        r.modelRngs = { nope: [1, 2, 3, 4] };
      },
    ],
    [
      'modelRngs state is a string',
      (r) => {
        const k = Object.keys(r.modelRngs as object)[0] as string;
        (r.modelRngs as Record<string, unknown>)[k] = 'x';
      },
    ],
    [
      'modelRngs state has the wrong length',
      (r) => {
        const k = Object.keys(r.modelRngs as object)[0] as string;
        (r.modelRngs as Record<string, unknown>)[k] = [1, 2];
      },
    ],
    [
      'rngs is a number',
      (r) => {
        r.rngs = 7;
      },
    ],
    [
      'epoch is a string',
      (r) => {
        r.epoch = 'three';
      },
    ],
    [
      'record is emptied',
      (r) => {
        for (const k of Object.keys(r)) delete r[k];
      },
    ],
  ];

  for (const [name, edit] of HOSTILE) {
    it(`${name}: refused with a gradscope error, nothing restored`, () => {
      const { bytes } = setup();
      const bad = withRecord(bytes, edit);
      const target = setup();
      // Change the target so that "restored" and "untouched" differ.
      for (const p of target.model.parameters()) (p.data as Float32Array).fill(0.25);
      const before = state(target.model, target.optimizer);
      let caught: unknown;
      try {
        loadCheckpoint(bad, {
          model: target.model,
          optimizer: target.optimizer,
          schedule: target.schedule,
        });
      } catch (e) {
        caught = e;
      }
      expect(caught, 'the hostile checkpoint was accepted').toBeDefined();
      expect(caught, `${(caught as Error).name}: ${(caught as Error).message}`).toBeInstanceOf(
        GradscopeError,
      );
      expect(state(target.model, target.optimizer)).toBe(before);
    });
  }
});
