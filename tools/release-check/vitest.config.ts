import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'release-check', include: ['src/**/*.test.{ts,mjs}'] },
});
