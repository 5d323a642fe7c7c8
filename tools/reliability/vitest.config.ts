import { defineProject } from 'vitest/config';
import { workspaceAlias } from '../../vitest.shared';

export default defineProject({
  resolve: { alias: workspaceAlias },
  test: { name: 'reliability', include: ['**/*.test.ts'], testTimeout: 60_000 },
});
