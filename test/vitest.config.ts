import { defineConfig } from 'vitest/config'
import { libAliases } from '../vitest.shared.js'

export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    // faults/: the fault suite (npm run test:faults), on servers of its own
    include: ['e2e/**/*.test.ts', 'faults/**/*.test.ts'],
    // whole-system tests start several processes each; one at a time on a 2-core machine
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
