import { defineConfig } from 'vitest/config'

// One runner for core, server and web (ARCHITECTURE.md). Server tests boot the real
// app on PGlite from a migrated template, or on PostgreSQL when TEST_DATABASE_URL is set.
export default defineConfig({
  test: {
    projects: ['packages/core', 'packages/server', 'packages/web'],
    maxWorkers: 2,
  },
})
