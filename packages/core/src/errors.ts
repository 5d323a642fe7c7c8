/**
 * Error classes thrown by gradscope. Every message names the operation, what was expected and
 * what came, e.g. `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 */

/** Base class of every error gradscope throws on purpose. */
export class GradscopeError extends Error {
  /** The class name, kept through minification (see `className`). */
  static readonly typeName: string = 'GradscopeError';
  constructor(message: string) {
    super(message);
    // Not className(new.target): class-name.ts imports this file. The same rule, inline.
    const t = new.target as unknown as { typeName?: unknown; name: string };
    this.name =
      Object.hasOwn(t, 'typeName') && typeof t.typeName === 'string' ? t.typeName : t.name;
  }
}

/** Shapes that are invalid or do not fit together (broadcasting, matmul, reshape, axes). */
export class ShapeError extends GradscopeError {
  static override readonly typeName: string = 'ShapeError';
}

/** A dtype that is unknown or does not match another operand's. */
export class DTypeError extends GradscopeError {
  static override readonly typeName: string = 'DTypeError';
}

/** An argument of the wrong kind or out of range (not a shape or dtype problem). */
export class ArgumentError extends GradscopeError {
  static override readonly typeName: string = 'ArgumentError';
}

/** Misuse of the autograd graph: backward through a released graph, no gradient to start from. */
export class GraphError extends GradscopeError {
  static override readonly typeName: string = 'GraphError';
}

/** A name that is not registered (op, activation, initialiser, optimiser). */
export class NotFoundError extends GradscopeError {
  static override readonly typeName: string = 'NotFoundError';
  /** The closest registered names, best first. */
  readonly suggestions: readonly string[];
  constructor(message: string, suggestions: readonly string[] = []) {
    super(message);
    this.suggestions = suggestions;
  }
}

/** gradcheck found an analytic gradient that disagrees with finite differences. */
export class GradcheckError extends GradscopeError {
  static override readonly typeName: string = 'GradcheckError';
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n] as number;
}

/**
 * The known names closest to `name` (case-insensitive edit distance, then prefix matches),
 * at most `limit` of them. Used to build "unknown name" errors.
 */
export function closestNames(name: string, known: readonly string[], limit = 3): string[] {
  if (!Array.isArray(known))
    throw new ArgumentError(`closestNames: expected an array of known names, got ${typeof known}`);
  const q = String(name).toLowerCase();
  return known
    .map((k) => {
      const kl = k.toLowerCase();
      let d = editDistance(q, kl);
      if (kl.startsWith(q) || q.startsWith(kl)) d = Math.min(d, 1);
      return { k, d };
    })
    .filter(({ k, d }) => d <= Math.max(2, Math.ceil(k.length / 2)))
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, limit)
    .map(({ k }) => k);
}

/** Builds a {@link NotFoundError} for `kind` (e.g. "activation") with suggestions. */
export function unknownName(kind: string, name: string, known: readonly string[]): NotFoundError {
  const s = closestNames(String(name), known);
  const hint = s.length > 0 ? `; did you mean ${s.map((x) => `'${x}'`).join(', ')}?` : '';
  return new NotFoundError(
    `unknown ${kind} '${String(name)}'${hint} (known: ${known.join(', ')})`,
    s,
  );
}
