/**
 * The packages as a minifying bundler ships them: Vite's and esbuild's production builds rename
 * classes, so `Linear.name` becomes something like `yd`. Names that users see or save (error
 * names, `toString`, graph scopes, an optimiser's saved `type`) must be the source's names all
 * the same (core's `className` and each class's static `typeName`). The same program is bundled
 * from the built packages (`dist`, as a user imports them) by esbuild twice, minified and not,
 * and run in Node: everything it prints must agree, and the minified bundle must really have
 * renamed the classes (else this test could not fail).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'gs-minified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const program = `
import { ArgumentError, className, matmul, ShapeError, tensor, toDot, traceGraph } from '@gradscope/core';
import { Adam, crossEntropy, Linear, mlp, StepLR } from '@gradscope/trainer';
import { fromONNX } from '@gradscope/onnx';
const out = {};
out.linearClassName = Linear.name;
try { matmul(tensor([[1, 2, 3]]), tensor([[1, 2]])); } catch (e) {
  out.matmulError = [e.name, e instanceof ShapeError, String(e).split(':')[0]];
}
out.argumentError = new ArgumentError('x').name;
try { fromONNX(new Uint8Array([1, 2, 3])); } catch (e) { out.onnxError = e.name; }
const model = mlp({ inputSize: 2, hidden: [3], outputSize: 2, activation: 'tanh', seed: 1 });
out.repr = String(model);
const loss = crossEntropy(model.call(tensor([[0.5, -1]])), tensor([1]));
out.scopes = [...new Set(toDot(traceGraph(loss)).match(/\\d+:[A-Za-z]+/g))].sort();
loss.backward();
const opt = new Adam(model.parameters(), { lr: 0.1 });
opt.step();
out.optimizerType = opt.stateDict().type;
try { new StepLR(opt, { stepSize: -1 }); } catch (e) { out.scheduleError = String(e.message).split(':')[0]; }
try { opt.loadStateDict({ ...opt.stateDict(), type: 'SGD' }); } catch (e) { out.loadError = [e.name, e.message]; }
class Mine extends Linear {}
out.subclass = className(Mine) === Mine.name;
console.log(JSON.stringify(out));
`;

function bundleAndRun(minify: boolean): Record<string, unknown> {
  const file = join(dir, minify ? 'min.mjs' : 'plain.mjs');
  buildSync({
    stdin: { contents: program, resolveDir: join(root, 'packages/onnx'), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    minify,
    outfile: file,
    logLevel: 'error',
  });
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
}

describe('the packages minified by a bundler', () => {
  it('keep their class names in errors, toString, graph scopes and saved optimiser state', () => {
    writeFileSync(join(dir, '.keep'), '');
    const plain = bundleAndRun(false);
    const min = bundleAndRun(true);
    expect(plain.linearClassName).toBe('Linear');
    // esbuild did rename the classes: without typeName these names would be the minified ones.
    expect(min.linearClassName).not.toBe('Linear');
    expect(min.matmulError).toEqual(['ShapeError', true, 'ShapeError']);
    expect(min.argumentError).toBe('ArgumentError');
    expect(min.onnxError).toBe('OnnxError');
    expect(min.repr).toContain('Sequential(');
    expect(min.repr).toContain('Linear(inFeatures=2, outFeatures=3, bias=true)');
    expect(min.scopes).toEqual(expect.arrayContaining(['0:Linear', '1:tanh', '2:Linear']));
    expect(min.optimizerType).toBe('Adam');
    expect(min.scheduleError).toBe('StepLR');
    expect(min.loadError).toEqual(plain.loadError);
    expect(String((min.loadError as string[])[1])).toMatch(/Adam/);
    expect(min.subclass).toBe(true);
    const { linearClassName: _a, ...restMin } = min;
    const { linearClassName: _b, ...restPlain } = plain;
    expect(restMin).toEqual(restPlain);
  });
});
