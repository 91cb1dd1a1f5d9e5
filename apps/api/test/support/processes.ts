// The other processes of the camera path, started from the repository's sources as a user would
// run them: a simulated camera (apps/simulator serve-one) and the ingest service.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { freePort } from '@ioc/db/testing'
import { testBrokerUrl, testMediaPlaySecret, type TestApi } from './api.js'

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

export interface Proc {
  child: ChildProcess
  /** The last 400 lines of stdout and stderr. */
  output: string[]
}

/** A TypeScript entry point of this repository, run by Node with tsx. */
export function startProcess(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    // stdin stays open: serve-one stops when it closes (its parent is gone)
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const output: string[] = []
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (line) => {
      output.push(line)
      if (output.length > 400) output.shift()
    })
  return { child, output }
}

/**
 * SIGTERM, then SIGKILL after `graceMs`: a process that does not stop must not outlive the test
 * (an orphaned ingest keeps its cameras' ffmpegs busy). Says so loudly when it had to kill.
 */
export async function stopProcess(proc: Proc | undefined, graceMs = 15_000): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return
  const exited = new Promise((ok) => proc.child.once('exit', ok))
  proc.child.kill('SIGTERM')
  const timer = setTimeout(() => {
    // the script only (node, --import, tsx, script): the arguments after it may hold a password
    console.warn(
      `${proc.child.spawnargs[3]} did not stop ${graceMs / 1000} s after SIGTERM; killed. ` +
        `Its last lines:\n${proc.output.slice(-15).join('\n')}`,
    )
    proc.child.kill('SIGKILL')
  }, graceMs)
  await exited
  clearTimeout(timer)
}

/** Polls `check` every 250 ms until it gives a truthy value; fails after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  ms: number,
): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > until) throw new Error(`${what}: not within ${ms / 1000} s`)
    await new Promise((ok) => setTimeout(ok, 250))
  }
}

/**
 * The ingest service on the api's database and broker, publishing video to a media server whose
 * HTTP-FLV port the api was given as IOC_MEDIA_HTTP_PORT.
 */
export async function startIngest(
  api: TestApi,
  /** httpPort: its metrics and probes (IOC_INGEST_HTTP_PORT); a free one unless given. */
  options: {
    instance: string
    mediaHttpPort: number
    dataDir: string
    httpPort?: number
    /** Any other variable of the ingest's. */
    env?: Record<string, string>
  },
): Promise<Proc> {
  return startProcess(['apps/ingest/src/main.ts'], {
    DATABASE_URL: api.database.url,
    MQTT_URL: testBrokerUrl,
    IOC_INGEST_INSTANCE: options.instance,
    IOC_MEDIA_RTMP_PORT: String(await freePort()),
    IOC_MEDIA_HTTP_PORT: String(options.mediaHttpPort),
    IOC_INGEST_HTTP_PORT: String(options.httpPort ?? (await freePort())),
    IOC_MEDIA_PLAY_SECRET: testMediaPlaySecret,
    IOC_DATA_DIR: options.dataDir,
    ...options.env,
  })
}
