// Starts inference-worker in a thread, from the built JavaScript or from the TypeScript sources.
//
// Built (dist/*.js), the worker is a plain module next to this one. From the sources (vitest, tsx:
// the tests, the benches, `npm run detect`, the e2e tests' `node --import tsx`), a new thread has
// no TypeScript loader of its own: tsx is registered in it first, with the tsconfig whose paths map
// @ioc/* to the libraries' sources, so the worker runs the same code as the thread that starts it.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { InferenceWorkerData } from './inference-protocol.js'

const fromSources = import.meta.url.endsWith('.ts')

export function startWorker(data: InferenceWorkerData): Worker {
  if (!fromSources) return new Worker(new URL('./inference-worker.js', import.meta.url), { workerData: data })
  const entry = new URL('./inference-worker.ts', import.meta.url).href
  const tsconfig = fileURLToPath(new URL('../../bench/tsconfig.json', import.meta.url))
  const tsxApi = tsxEsmApi()
  const boot =
    `import(${JSON.stringify(tsxApi)}).then(({ register }) => {` +
    ` register({ tsconfig: ${JSON.stringify(tsconfig)} });` +
    ` return import(${JSON.stringify(entry)}) })`
  // execArgv: [] because the parent's may hold tsx's own flags (`--import tsx`), which would
  // register it twice in the thread.
  return new Worker(boot, { eval: true, workerData: data, execArgv: [] })
}

/**
 * tsx's ESM API, found from this file (not from the process's working directory). Through its
 * package.json's exports: `require.resolve` would give the CommonJS build, which cannot register
 * the ESM hooks from an eval'd worker.
 */
function tsxEsmApi(): string {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json')
  const { exports } = JSON.parse(readFileSync(pkg, 'utf8')) as {
    exports: { './esm/api': { import: { default: string } } }
  }
  return new URL(exports['./esm/api'].import.default, pathToFileURL(pkg)).href
}
