// The api under test as its own process, from its build, as in production.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'

const apiDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

/** Builds the api and the libraries it uses (Nx skips what is up to date). */
export function buildApi(): void {
  const result = spawnSync('npx', ['nx', 'run', '@ioc/api:build', '--outputStyle=static'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error('building the api failed (npx nx run @ioc/api:build)')
}

export interface ApiProcess {
  base: string
  pid: number
  stop(): Promise<void>
}

/** `nodeArgs` go before the script, e.g. `--cpu-prof` to see where the api's time goes. */
export async function startApi(
  env: Record<string, string>,
  port: number,
  nodeArgs: string[] = [],
): Promise<ApiProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    cwd: apiDir,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  const exited = new Promise<never>((_, fail) =>
    child.once('exit', (code) => fail(new Error(`the api exited with code ${code} while starting`))),
  )
  exited.catch(() => {})
  const deadline = Date.now() + 60_000
  for (;;) {
    if (Date.now() > deadline) throw new Error('the api did not answer /api/health within 60 s')
    const ok = await Promise.race([
      fetch(`${base}/api/health`)
        .then(async (r) => ((await r.json()) as { broker?: { ok?: boolean } }).broker?.ok === true)
        .catch(() => false),
      exited,
    ])
    if (ok) break
    await new Promise((r) => setTimeout(r, 250))
  }
  return {
    base,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref()
      }),
  }
}

/** CPU seconds (user + system) used so far by one process; null when /proc is not there. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** Busy CPU seconds of the whole machine so far, all cores added. */
export function machineBusySeconds(): number {
  let busy = 0
  for (const { times } of cpus()) busy += times.user + times.nice + times.sys + times.irq
  return busy / 1000
}

/** CPU seconds so far of every process whose command is `comm` (the broker: mosquitto). */
export function cpuSecondsOfCommand(comm: string): number {
  let total = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) total += cpuSecondsOf(Number(pid)) ?? 0
    } catch {
      // the process ended meanwhile
    }
  }
  return total
}
