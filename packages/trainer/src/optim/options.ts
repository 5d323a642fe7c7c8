import { ArgumentError, describe } from '@gradscope/core';

/** Throws an ArgumentError unless `v` is a boolean; returns it. */
export function checkFlag(where: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean')
    throw new ArgumentError(`${where}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

/**
 * Throws an ArgumentError unless `o` is an options object (not null, not an array); returns it.
 * Constructors call it before reading any option, so `new Adam(params, null)` fails clearly.
 */
export function checkOptions<T>(where: string, o: T): T {
  if (o === null || typeof o !== 'object' || Array.isArray(o))
    throw new ArgumentError(`${where}: expected an options object, got ${describe(o)}`);
  return o;
}
