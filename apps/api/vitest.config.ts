import swc from 'unplugin-swc'
import { defineConfig } from 'vitest/config'
import { integrationTest, libAliases } from '../../vitest.shared.js'

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
  test: integrationTest,
})
