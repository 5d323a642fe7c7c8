/**
 * Node-only helpers of @gradscope/trainer (`import ... from '@gradscope/trainer/node'`): write and
 * read safetensors and checkpoint files, log epochs to JSON-lines or CSV files, read IDX files
 * (gzipped or not) and load Fashion-MNIST from disk. The main entry stays free of Node built-ins
 * so that it runs in browsers.
 *
 * @packageDocumentation
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { describe, NotFoundError, type Tensor } from '@gradscope/core';
import {
  checkFashionMnistOptions,
  FASHION_MNIST_FILES,
  type FashionMnistOptions,
  fashionMnistFromArrays,
} from './data/fashion-mnist.js';
import {
  checkIdxMaxBytes,
  decodeIdx,
  type IdxArray,
  IdxError,
  isGzip,
  readIdxHeader,
} from './data/idx.js';
import type { ImageSplit } from './data/images.js';
import { type CheckpointParts, loadCheckpoint, saveCheckpoint } from './io/checkpoint.js';
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsContents,
  SafetensorsError,
} from './io/safetensors.js';
import { Module } from './modules/module.js';
import { EpochLogger } from './train/logging.js';

function ensureDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}

function readBytes(path: string, where: string): Uint8Array {
  const st = statSync(path);
  if (!st.isFile()) throw new SafetensorsError(`${where}: '${path}' is not a file`);
  return new Uint8Array(readFileSync(path));
}

/** Writes a model's state dict (or named tensors) to a `.safetensors` file. */
export function saveSafetensors(
  path: string,
  source: Module | Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): void {
  const tensors = source instanceof Module ? source.stateDict() : source;
  ensureDir(path);
  writeFileSync(path, encodeSafetensors(tensors, metadata));
}

/** Reads a `.safetensors` file (F32, F64, and integer tensors as float64); malformed files throw SafetensorsError. */
export function loadSafetensors(path: string): SafetensorsContents {
  return decodeSafetensors(readBytes(path, 'loadSafetensors'));
}

/** Writes a full checkpoint (model, optimiser, schedule, epoch, generators) to a file. */
export function saveCheckpointFile(path: string, parts: CheckpointParts): void {
  ensureDir(path);
  writeFileSync(path, saveCheckpoint(parts));
}

/** Restores a checkpoint file into the given objects; returns the epoch and extra data. */
export function loadCheckpointFile(
  path: string,
  parts: CheckpointParts,
): {
  /** The epoch the checkpoint was written after. */
  epoch: number;
  /** The JSON-able `extra` saved with it (undefined when none). */
  extra: unknown;
} {
  return loadCheckpoint(readBytes(path, 'loadCheckpointFile'), parts);
}

/**
 * A fit callback that writes one line per epoch to `path` (truncated first): JSON lines
 * (`format: 'json'`, default) or CSV with a header.
 */
export function fileLogger(path: string, options: { format?: 'json' | 'csv' } = {}): EpochLogger {
  ensureDir(path);
  writeFileSync(path, '');
  return new EpochLogger((line) => appendFileSync(path, line), options);
}

/**
 * Inflates just enough of a gzip stream to read the IDX header (a few hundred bytes at most) and
 * returns the size of the whole file it announces; or, when the stream is shorter than a header,
 * everything it inflates to.
 */
function peekIdxSize(gz: Uint8Array, maxBytes: number): number | Uint8Array {
  for (const p of [256, 1024, 4096, 16384]) {
    const prefix = gz.subarray(0, Math.min(p, gz.length));
    let head: Uint8Array;
    try {
      // Z_SYNC_FLUSH returns what a truncated stream decodes to; p compressed bytes inflate to
      // at most ~1032 p, so the limit never trips on valid data.
      head = gunzipSync(prefix, {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: 1100 * p + 1024,
      });
    } catch (e) {
      throw new IdxError(`readIdx: the gzip data is corrupt: ${(e as Error).message}`);
    }
    if (head.length >= 4 && head.length >= 4 + 4 * (head[3] as number)) {
      const h = readIdxHeader(head, { maxBytes });
      return h.headerBytes + h.dataBytes;
    }
    if (prefix.length === gz.length) return head;
  }
  throw new IdxError(
    'readIdx: no IDX header in the first 16 KiB of the gzip stream; the file is damaged or not an IDX file',
  );
}

/**
 * Decodes an IDX file (MNIST's format: magic number `0x00 0x00 <dtype> <ndim>`, big-endian
 * uint32 sizes, big-endian values) held in memory, gzip-compressed (as distributed, `.gz`) or
 * not. Hostile input throws {@link IdxError} before any large allocation: a wrong magic number or
 * dtype code, sizes that describe more than `maxBytes` (default 1 GiB), data shorter or longer
 * than the sizes say. A gzip file is inflated in two steps: its first bytes, for the header, then
 * the whole stream with an output limit of exactly the size the header announces, so a
 * decompression bomb stops there.
 */
export function readIdx(bytes: Uint8Array, options: { maxBytes?: number } = {}): IdxArray {
  if (!(bytes instanceof Uint8Array))
    throw new IdxError(
      `readIdx: expected the file's bytes as a Uint8Array, got ${describe(bytes)}`,
    );
  if (options === null || typeof options !== 'object')
    throw new IdxError(`readIdx: expected an options object, got ${describe(options)}`);
  const maxBytes = checkIdxMaxBytes('readIdx', options.maxBytes);
  if (!isGzip(bytes)) return decodeIdx(bytes, { maxBytes });
  const size = peekIdxSize(bytes, maxBytes);
  if (size instanceof Uint8Array) return decodeIdx(size, { maxBytes });
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes, { maxOutputLength: Math.max(1, size) });
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === 'ERR_BUFFER_TOO_LARGE')
      throw new IdxError(
        `readIdx: the gzip data inflates to more than the ${size} bytes its IDX header describes`,
      );
    throw new IdxError(`readIdx: the gzip data is corrupt or truncated: ${err.message}`);
  }
  return decodeIdx(raw, { maxBytes });
}

/** Reads an IDX file (`.gz` or not) from disk with {@link readIdx}. */
export function readIdxFile(path: string, options: { maxBytes?: number } = {}): IdxArray {
  if (typeof path !== 'string' || path === '')
    throw new IdxError(`readIdxFile: expected a file path, got ${describe(path)}`);
  return readIdx(readBytes(path, 'readIdxFile'), options);
}

/** The command that installs the files, for the missing-files error. */
const INSTALL_HINT =
  'install them with `apt-get install dataset-fashion-mnist` (Debian, Ubuntu), or download the four files from https://github.com/zalandoresearch/fashion-mnist and pass { dir }';

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) from its four IDX files: by default those of
 * Debian's package `dataset-fashion-mnist` in `/usr/share/datasets/fashion-mnist`
 * (`apt-get install dataset-fashion-mnist`), else `dir`; each file may be gzipped (`name.gz`, as
 * distributed) or not (`name`). The official split: 60,000 training and 10,000 test images,
 * float32 `[N, 1, 28, 28]`, in [0, 1] or standardised with the training images' statistics
 * (`normalize: 'standard'`), labels float32 `[N]`, class names in `classNames` (0 T-shirt/top …
 * 9 Ankle boot). Missing files throw a NotFoundError that says where it looked and how to install
 * them; malformed ones an {@link IdxError}.
 */
export function fashionMnist(options: FashionMnistOptions = {}): ImageSplit {
  const { dir } = checkFashionMnistOptions(options);
  const found: Partial<Record<keyof typeof FASHION_MNIST_FILES, string>> = {};
  const missing: string[] = [];
  for (const [key, name] of Object.entries(FASHION_MNIST_FILES) as Array<
    [keyof typeof FASHION_MNIST_FILES, string]
  >) {
    const path = [join(dir, `${name}.gz`), join(dir, name)].find((p) => existsSync(p));
    if (path === undefined) missing.push(`${name}.gz`);
    else found[key] = path;
  }
  if (missing.length > 0)
    throw new NotFoundError(
      `fashionMnist: Fashion-MNIST is not in ${dir}: missing ${missing.join(', ')} (also looked for them without .gz). To get it, ${INSTALL_HINT}.`,
    );
  const read = (key: keyof typeof FASHION_MNIST_FILES) => readIdxFile(found[key] as string);
  return fashionMnistFromArrays(
    {
      trainImages: read('trainImages'),
      trainLabels: read('trainLabels'),
      testImages: read('testImages'),
      testLabels: read('testLabels'),
    },
    options,
  );
}

export {
  createWorkerPool,
  fitWithWorkers,
  parallelConv2d,
  parallelMatmul,
  type SplitPool,
  WorkerPool,
  type WorkerPoolOptions,
} from './parallel/node-pool.js';
