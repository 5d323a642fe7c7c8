/**
 * Node-only helpers of @gradscope/trainer (`import ... from '@gradscope/trainer/node'`): write and
 * read safetensors and checkpoint files, and log epochs to JSON-lines or CSV files. The main
 * entry stays free of Node built-ins so that it runs in browsers.
 *
 * @packageDocumentation
 */
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Tensor } from '@gradscope/core';
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

/** Reads a `.safetensors` file (F32 / F64 tensors); malformed files throw SafetensorsError. */
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
): { epoch: number; extra: unknown } {
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
