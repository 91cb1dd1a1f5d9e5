import { defineConfig } from 'vitest/config'
import { libAliases } from '../../vitest.shared.js'

export default defineConfig({
  resolve: { alias: libAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
