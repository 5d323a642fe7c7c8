import { defineProject } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // engine.test.ts checks with global.gc() that a released graph's saved tensors are collected.
    execArgv: ['--expose-gc'],
    // Tests that import one module (say `./create.js`) still call chained methods such as
    // `t.add()`, which the op modules install when the package entry loads them.
    setupFiles: ['./src/index.ts'],
  },
});
