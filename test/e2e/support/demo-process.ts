import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort } from '@ioc/db/testing'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export interface DemoProcess {
  child: ChildProcess
  output: () => string
  ports: {
    api: number
    dashboard: number
    db: number
    mqtt: number
    rtmp: number
    flv: number
    ingestHttp: number
  }
  dataDir: string
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>
  /** Ctrl-C, as a user would; resolves with the exit code. */
  interrupt(): Promise<number | null>
  cleanup(): Promise<void>
}

/** `npm run demo` as a user runs it, on free ports and a fresh data directory. */
export async function startDemo(extraEnv: Record<string, string> = {}): Promise<DemoProcess> {
  // the api serves the built dashboard on its own port; with IOC_DASHBOARD_DEV=1 Vite has its own
  const api = await freePort()
  const dev = ['1', 'true', 'yes'].includes(extraEnv.IOC_DASHBOARD_DEV ?? process.env.IOC_DASHBOARD_DEV ?? '')
  const ports = {
    api,
    dashboard: dev ? await freePort() : api,
    db: await freePort(),
    mqtt: await freePort(),
    rtmp: await freePort(),
    flv: await freePort(),
    ingestHttp: await freePort(),
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'ioc-demo-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(ports.api),
    IOC_DASHBOARD_PORT: String(ports.dashboard),
    IOC_EMBEDDED_DB_PORT: String(ports.db),
    IOC_EMBEDDED_MQTT_PORT: String(ports.mqtt),
    // the simulated cameras' media server: the development demo holds the default ports
    IOC_MEDIA_RTMP_PORT: String(ports.rtmp),
    IOC_MEDIA_HTTP_PORT: String(ports.flv),
    IOC_INGEST_HTTP_PORT: String(ports.ingestHttp),
    IOC_DATA_DIR: dataDir,
    DATABASE_URL: '',
    MQTT_URL: '',
    ...extraEnv,
  }
  const child = spawn('node', ['scripts/demo.mjs'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()))
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)))
  return {
    child,
    ports,
    dataDir,
    output: () => text,
    async waitForOutput(pattern, timeoutMs) {
      const until = Date.now() + timeoutMs
      while (Date.now() < until) {
        const match = pattern.exec(text)
        if (match) return match
        if (child.exitCode !== null) throw new Error(`demo exited (${child.exitCode}):\n${text}`)
        await new Promise((r) => setTimeout(r, 200))
      }
      throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${text}`)
    },
    async interrupt() {
      if (child.exitCode === null) child.kill('SIGINT')
      return exited
    },
    async cleanup() {
      // Ctrl-C, as a user stops it: its parts lead process groups of their own, so a SIGKILL of
      // the demo alone left them running (embedded brokers were found hours later)
      if (child.exitCode === null) {
        child.kill('SIGINT')
        const stopped = await Promise.race([exited.then(() => true), sleep(45_000).then(() => false)])
        if (!stopped) child.kill('SIGKILL')
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
