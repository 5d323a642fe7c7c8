// madge 8 ships no types; the part architecture.test.ts calls.
declare module 'madge' {
  interface MadgeResult {
    /** Each import cycle as the paths on it, relative to the scanned directory. */
    circular(): string[][];
  }
  interface MadgeOptions {
    fileExtensions?: string[];
    detectiveOptions?: Record<string, Record<string, unknown>>;
  }
  export default function madge(path: string, options?: MadgeOptions): Promise<MadgeResult>;
}
