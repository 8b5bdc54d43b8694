import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Booting PostgreSQL-in-WASM with PostGIS takes seconds; never a timing assertion.
    hookTimeout: 120_000,
    testTimeout: 60_000,
    pool: 'forks',
  },
})
