import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they test; integration tests (real PostgreSQL, Redis, protocol peers) live in test/.
export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    include: ['{bots,core,workers,prompts}/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
