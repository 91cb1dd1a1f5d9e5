// `npm run models:fetch [-- --dir <folder>]`: makes every model of models/manifest.json present and
// intact. A file already in the models folder (or in ../shared/models) with the right sha256 is
// used as is; a missing one is downloaded from the manifest's URL and checked before it is kept.
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { findRepoRoot, loadManifest, resolveModelsDir, type ModelSpec } from './model-manifest.js'

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

type Outcome = 'present' | 'downloaded' | 'failed'

async function ensure(
  spec: ModelSpec,
  dir: string,
  useShared: boolean,
  log: (line: string) => void,
): Promise<Outcome> {
  const target = join(dir, spec.file)
  const shared = resolve(findRepoRoot(), '..', 'shared', 'models', spec.file)
  for (const candidate of useShared ? new Set([target, shared]) : [target]) {
    if (!existsSync(candidate)) continue
    const actual = await sha256(candidate)
    if (actual !== spec.sha256) {
      log(`${spec.id}: ${candidate} has sha256 ${actual}, expected ${spec.sha256}; not used`)
      continue
    }
    if (candidate !== target && resolve(dir) !== resolve(shared, '..')) {
      mkdirSync(dir, { recursive: true })
      copyFileSync(candidate, target)
      log(`${spec.id}: copied from ${candidate}, sha256 ok (${target})`)
      return 'present'
    }
    log(`${spec.id}: present, sha256 ok (${candidate})`)
    return 'present'
  }

  log(`${spec.id}: downloading ${spec.url}`)
  let body: Buffer
  try {
    const res = await fetch(spec.url, { signal: AbortSignal.timeout(120_000) })
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`)
    body = Buffer.from(await res.arrayBuffer())
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause
    const why = cause?.code ?? cause?.message ?? (err as Error).message
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|ETIMEDOUT|TimeoutError|aborted/i.test(
      `${why} ${(err as Error).name}`,
    )
    log(
      `${spec.id}: cannot download (${why}${offline ? ', no network access?' : ''}). ` +
        `Copy ${spec.file} (sha256 ${spec.sha256}) into ${dir} by hand, or set IOC_MODELS_DIR to a folder holding it.`,
    )
    return 'failed'
  }
  const actual = createHash('sha256').update(body).digest('hex')
  if (actual !== spec.sha256) {
    log(`${spec.id}: downloaded file has sha256 ${actual}, expected ${spec.sha256}; not kept`)
    return 'failed'
  }
  mkdirSync(dir, { recursive: true })
  // Written aside and renamed, so an interrupted download never leaves a half file under the real name.
  const partial = `${target}.partial`
  writeFileSync(partial, body)
  renameSync(partial, target)
  rmSync(partial, { force: true })
  log(`${spec.id}: downloaded ${(body.length / 1e6).toFixed(1)} MB, sha256 ok (${target})`)
  return 'downloaded'
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      // Ignore ../shared/models, e.g. to check that the download itself works.
      'no-shared': { type: 'boolean', default: false },
    },
  })
  const cwd = process.env['INIT_CWD'] ?? process.cwd()
  const dir = values.dir ? resolve(cwd, values.dir) : resolveModelsDir(process.env['IOC_MODELS_DIR'])
  // ../shared is read-only: with it skipped, downloads go to the project's own cache.
  const isShared = dir === resolve(findRepoRoot(), '..', 'shared', 'models')
  const writable = isShared && values['no-shared'] ? join(findRepoRoot(), 'models', 'cache') : dir
  const log = (line: string) => process.stdout.write(`models:fetch: ${line}\n`)
  const outcomes = []
  for (const spec of loadManifest()) outcomes.push(await ensure(spec, writable, !values['no-shared'], log))
  const failed = outcomes.filter((o) => o === 'failed').length
  if (failed > 0) {
    process.stderr.write(`models:fetch: ${failed} model(s) missing\n`)
    process.exit(1)
  }
}

main().catch((err: Error) => {
  process.stderr.write(`models:fetch: ${err.message}\n`)
  process.exit(1)
})
