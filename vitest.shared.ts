// One place that maps the @ioc/* workspace packages to their sources, so tests never need a build.
import { fileURLToPath } from 'node:url'

const lib = (name: string) => fileURLToPath(new URL(`./libs/${name}/src/index.ts`, import.meta.url))

export const libAliases = {
  // subpaths first: the alias list is matched in order
  '@ioc/db/testing': fileURLToPath(new URL('./libs/db/src/testing.ts', import.meta.url)),
  '@ioc/contracts': lib('contracts'),
  '@ioc/config': lib('config'),
  '@ioc/db': lib('db'),
  '@ioc/vision': lib('vision'),
}

export const repoRoot = fileURLToPath(new URL('.', import.meta.url))

/** Tests that start servers (PGlite, brokers) or talk to real ones: a few seconds each to start. */
export const integrationTest = {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
}
