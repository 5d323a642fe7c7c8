/**
 * Class names that survive minification. Bundlers that minify (Vite's and esbuild's production
 * builds, terser) rename classes, so `constructor.name` reads `yd` where the source says
 * `Linear`; names that appear in error names, graph scopes, `toString` and saved state must not
 * depend on that. Each gradscope class states its name in a static `typeName`.
 */
import { ArgumentError } from './errors.js';
import { describe } from './shape.js';

/**
 * The name of class `ctor`: its own static `typeName` when it declares one (every gradscope
 * class does, so the name is the source's even in a minified bundle), else `ctor.name` (a
 * subclass of yours is named as your bundler leaves it).
 *
 * @example
 * className(Linear); // 'Linear', minified or not
 * className(Object.getPrototypeOf(model).constructor);
 */
export function className(ctor: object): string {
  if (typeof ctor !== 'function')
    throw new ArgumentError(`className: expected a class, got ${describe(ctor)}`);
  if (Object.hasOwn(ctor, 'typeName')) {
    const name = (ctor as unknown as { typeName: unknown }).typeName;
    if (typeof name === 'string') return name;
  }
  return (ctor as { name: string }).name;
}
