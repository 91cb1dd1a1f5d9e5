import { defineConfig } from 'vitest/config'
import { libAliases } from '../../vitest.shared.js'

export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // PGlite needs a few seconds to start; suites against both dialects take their time.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
