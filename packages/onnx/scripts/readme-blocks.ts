/**
 * The README's journey sections and their code blocks, shared by the journeys runner
 * (`scripts/journeys.ts`, Python and TypeScript) and the README test (TypeScript only): which
 * sections they are, how their relative file names are made to point at a working folder, and
 * which files of the PyTorch journey are committed under `fixtures/readme/` for the test.
 */
import { join } from 'node:path';

/** A README section with runnable Python and TypeScript blocks. */
export interface JourneySection {
  /** Start of the section's heading. */
  readonly heading: string;
  /** Short name for reports. */
  readonly slug: string;
}

/** The two journeys that cross into PyTorch. */
export const JOURNEY_SECTIONS: readonly JourneySection[] = [
  { heading: '## PyTorch → gradscope', slug: 'pytorch-to-gradscope' },
  { heading: '## gradscope weights → `torch.nn.Sequential`', slug: 'gradscope-to-pytorch' },
];

/** The files the PyTorch journey's Python block writes, committed for the README test. */
export const READMEFIXTURES = {
  files: ['lenet.onnx', 'input.bin', 'output.bin', 'input-grad.bin'],
  dir: (pkg: string) => join(pkg, 'fixtures', 'readme'),
} as const;

/** The ```python and ```ts blocks of one section, in order. */
export function sectionBlocks(
  markdown: string,
  section: JourneySection,
): Array<{ lang: 'python' | 'ts'; code: string }> {
  const start = markdown.indexOf(section.heading);
  if (start < 0) throw new Error(`README: no section '${section.heading}'`);
  const next = markdown.indexOf('\n## ', start + 1);
  const text = markdown.slice(start, next < 0 ? undefined : next);
  const out: Array<{ lang: 'python' | 'ts'; code: string }> = [];
  for (const m of text.matchAll(/^```(python|ts)\n([\s\S]*?)^```$/gm))
    out.push({ lang: m[1] as 'python' | 'ts', code: m[2] as string });
  return out;
}

/** Points the block's relative file names ('lenet.onnx', 'mlp.safetensors', ...) into `dir`. */
export function localizePaths(code: string, dir: string): string {
  return code.replace(/'([\w.-]+\.(?:onnx|bin|safetensors))'/g, (_, f: string) =>
    JSON.stringify(join(dir, f)),
  );
}
