import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Both cores: many files wait on child processes (PyTorch, the Node thread pool) or I/O; tests assert no timings.
    maxWorkers: 2,
  },
});
