import { defineConfig } from 'vitest/config'
import { integrationTest, libAliases } from '../../vitest.shared.js'

export default defineConfig({
  resolve: { alias: libAliases },
  test: integrationTest,
})
