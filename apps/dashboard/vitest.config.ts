import { defineConfig } from 'vitest/config'
import { libAliases } from '../../vitest.shared.js'

export default defineConfig({
  resolve: { alias: { '@ioc/contracts': libAliases['@ioc/contracts'] } },
  test: { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
})
