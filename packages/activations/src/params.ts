/** Reading and checking the numeric parameters passed to `apply(x, params)`. */
import { ArgumentError, describe, unknownName } from '@gradscope/core';
import type { ActivationParam } from './meta.js';

/** Numeric parameters of an activation, by name. */
export type ActivationParams = Readonly<Record<string, number>>;

/**
 * Fills defaults and checks `params` against `specs`: unknown names throw a NotFoundError with
 * the closest parameter names, non-finite values an ArgumentError.
 */
export function resolveParams<K extends string>(
  activation: string,
  params: unknown,
  specs: readonly (ActivationParam & { readonly name: K })[],
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const s of specs) out[s.name] = s.default;
  if (params === undefined || params === null) return out;
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ArgumentError(
      `${activation}: expected params as an object of numbers, got ${describe(params)}`,
    );
  }
  const known: string[] = specs.map((s) => s.name);
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) {
    if (!known.includes(k)) {
      if (known.length === 0) {
        throw new ArgumentError(`${activation}: takes no parameters, got '${k}'`);
      }
      throw unknownName(`parameter of ${activation}`, k, known);
    }
    out[k as K] = checkFinite(activation, k, v);
  }
  return out;
}

/** A value for an error message; a string in single quotes, as this package's messages quote names. */
export function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : describe(v);
}

/** Checks that `v` is a finite number; returns it. */
export function checkFinite(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ArgumentError(`${where}: ${name} must be a finite number, got ${shown(v)}`);
  }
  return v;
}

/** Checks that `v` is a finite number > 0; returns it. */
export function checkPositive(where: string, name: string, v: unknown): number {
  const n = checkFinite(where, name, v);
  if (n <= 0) throw new ArgumentError(`${where}: ${name} must be > 0, got ${n}`);
  return n;
}
