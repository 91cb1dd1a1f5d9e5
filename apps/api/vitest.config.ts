import swc from 'unplugin-swc'
import { defineConfig } from 'vitest/config'
import { libAliases } from '../../vitest.shared.js'

export default defineConfig({
  // Nest's dependency injection reads constructor types from decorator metadata, which esbuild
  // does not emit; swc does.
  plugins: [
    swc.vite({
      tsconfigFile: false,
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    }),
  ],
  resolve: { alias: libAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
