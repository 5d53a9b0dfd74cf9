import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // RuleTester suites are many small tests; the robustness and e2e suites set their own timeouts.
    pool: 'forks',
  },
});
