import { defineConfig } from 'vitest/config'
import { libAliases } from '../vitest.shared.js'

export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    include: ['e2e/**/*.test.ts'],
    // whole-system tests start several processes each; one at a time on a 2-core machine
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
