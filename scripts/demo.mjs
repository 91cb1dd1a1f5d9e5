#!/usr/bin/env node
// `npm run demo`: the whole system on embedded defaults (or on the servers named by DATABASE_URL,
// MQTT_URL, REDIS_URL). Starts each part as its own process, prints the URLs, and on Ctrl-C stops
// them all in reverse order, leaving no process behind. The api serves the built dashboard on its
// own port and listens on loopback (HOST); IOC_DASHBOARD_DEV=1 runs Vite's dev server instead
// (port IOC_DASHBOARD_PORT, hot reload), which must never face a network: it serves sources.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  checkNode,
  ensureDebianPackages,
  ensureNpmPackages,
  gstRtspServer,
  portOpen,
  root,
} from './preflight.mjs'

const env = {
  ...process.env,
  IOC_DEMO: process.env.IOC_DEMO ?? 'true',
  IOC_DATA_DIR: process.env.IOC_DATA_DIR ?? join(root, 'data'),
  // the api signs plays of the ingest's media server with it: one for both, new at every start
  IOC_MEDIA_PLAY_SECRET: process.env.IOC_MEDIA_PLAY_SECRET ?? randomBytes(32).toString('hex'),
  // one per run, not per api start: an api the demo starts again keeps everybody signed in
  IOC_JWT_SECRET: process.env.IOC_JWT_SECRET ?? randomBytes(32).toString('base64url'),
  // the wall's map: the provinces' boundaries beside the checkout, when they are there
  IOC_MAP_BOUNDARIES_FILE: process.env.IOC_MAP_BOUNDARIES_FILE ?? demoBoundaries(),
  // the simulated cameras record continuously (a day each): 2 GB for all of them is plenty for a demo
  IOC_RECORDINGS_MAX_MB: process.env.IOC_RECORDINGS_MAX_MB ?? '2000',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
}
// The parts log JSON lines into the pipe this launcher reads; a person at a terminal gets them
// as readable lines (pino-pretty), unless IOC_LOG_PRETTY says otherwise.
if (process.stdout.isTTY && env.IOC_LOG_PRETTY === undefined) env.IOC_LOG_PRETTY = '1'
function demoBoundaries() {
  const file = join(root, '../shared/geo/vietnam-provinces.geojson')
  return existsSync(file) ? file : undefined
}
const dashboardDev = ['1', 'true', 'yes'].includes(env.IOC_DASHBOARD_DEV ?? '')
// the built dashboard, served by the api; none in development, where Vite serves the sources
env.IOC_DASHBOARD_DIR ??= dashboardDev ? '' : join(root, 'apps/dashboard/dist')
const ports = {
  api: Number(env.PORT ?? 3000),
  dashboard: dashboardDev ? Number(env.IOC_DASHBOARD_PORT ?? 5173) : Number(env.PORT ?? 3000),
  db: Number(env.IOC_EMBEDDED_DB_PORT ?? 54329),
  mqtt: Number(env.IOC_EMBEDDED_MQTT_PORT ?? 18830),
  mediaRtmp: Number(env.IOC_MEDIA_RTMP_PORT ?? 19350),
  mediaHttp: Number(env.IOC_MEDIA_HTTP_PORT ?? 18080),
  ingestHttp: Number(env.IOC_INGEST_HTTP_PORT ?? 9464),
}
const say = (line) => process.stdout.write(`[demo] ${line}\n`)
const children = []
let stopping = false

/** A part that exits by itself is started again, unless it did so this often within RESTART_WINDOW_MS. */
const MAX_RESTARTS = 3
const RESTART_WINDOW_MS = 60_000

function start(name, command, args, options = {}, part = { name, restarts: [] }) {
  // Each part leads its own process group, so stopping it also stops what it spawned (npx -> vite).
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const prefix = (stream, out) => {
    let rest = ''
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines)
        if (line.trim()) out.write(line.startsWith('[') ? `${line}\n` : `[${name}] ${line}\n`)
    })
  }
  prefix(child.stdout, process.stdout)
  prefix(child.stderr, process.stderr)
  child.on('exit', (code, signal) => {
    if (stopping) return
    const how = signal ?? `code ${code}`
    part.restarts = part.restarts.filter((at) => Date.now() - at < RESTART_WINDOW_MS)
    if (part.restarts.length >= MAX_RESTARTS) {
      say(`${name} exited (${how}); stopping everything`)
      void stopAll(1)
      return
    }
    // a wall left running for days comes back by itself after a crash of one part
    part.restarts.push(Date.now())
    say(`${name} exited (${how}); starting it again (${part.restarts.length} of ${MAX_RESTARTS} a minute)`)
    setTimeout(() => stopping || start(name, command, args, options, part), 1000)
  })
  part.child = child
  if (!children.includes(part)) children.push(part)
  say(`${name} started (pid ${child.pid})`)
  return child
}

async function waitFor(what, check, timeoutMs) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (stopping) throw new Error('stopped')
    if (await check()) return
    await sleep(250)
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`)
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    child.kill(signal)
  }
}

async function stopAll(code) {
  if (stopping) return
  stopping = true
  for (const { name, child } of [...children].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue
    signalGroup(child, 'SIGTERM')
    const exited = await Promise.race([
      new Promise((ok) => child.once('exit', () => ok(true))),
      sleep(8000).then(() => false),
    ])
    if (!exited) {
      say(`${name} did not stop in 8 s; killing it`)
      signalGroup(child, 'SIGKILL')
    }
  }
  say('stopped')
  process.exit(code)
}

async function assertPortsFree(list) {
  const busy = []
  for (const [name, port, variable] of list)
    if (await portOpen(port)) busy.push(`${name} port ${port} is in use (set ${variable})`)
  if (busy.length) throw new Error(`${busy.join('; ')}. Is another demo running?`)
}

async function main() {
  const started = Date.now()
  checkNode()
  ensureNpmPackages()
  ensureDebianPackages({ ffmpeg: 'ffmpeg' }, [gstRtspServer])
  const wanted = [
    ['api', ports.api, 'PORT'],
    ['media server RTMP', ports.mediaRtmp, 'IOC_MEDIA_RTMP_PORT'],
    ['media server HTTP-FLV', ports.mediaHttp, 'IOC_MEDIA_HTTP_PORT'],
    ['ingest metrics and probes', ports.ingestHttp, 'IOC_INGEST_HTTP_PORT'],
  ]
  if (dashboardDev) wanted.push(['dashboard (Vite)', ports.dashboard, 'IOC_DASHBOARD_PORT'])
  if (!env.DATABASE_URL) wanted.push(['embedded database', ports.db, 'IOC_EMBEDDED_DB_PORT'])
  if (!env.MQTT_URL) wanted.push(['embedded broker', ports.mqtt, 'IOC_EMBEDDED_MQTT_PORT'])
  await assertPortsFree(wanted)

  say('building (cached after the first run)…')
  const build = spawnSync(
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'build',
      '-p',
      '@ioc/api',
      '@ioc/ingest',
      '@ioc/simulator',
      ...(dashboardDev ? [] : ['@ioc/dashboard']),
      '--outputStyle=static',
    ],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  if (build.status !== 0) throw new Error('the build failed; run `npx nx run-many -t build` to see why')

  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGTERM', () => void stopAll(0))

  if (!env.DATABASE_URL) {
    start('db', 'node', ['libs/db/dist/embedded/main.js'])
    await waitFor('the embedded database', () => portOpen(ports.db), 60_000)
  }
  // the simulated sensors are registered devices: the embedded broker admits only those, and the
  // ingest turns readings of unknown devices into dead letters
  const devicesFile = join(env.IOC_DATA_DIR, 'simulated-devices.json')
  mkdirSync(env.IOC_DATA_DIR, { recursive: true })
  const fleet = spawnSync('node', ['apps/simulator/dist/main.js', '--devices-json'], {
    cwd: root,
    env,
    encoding: 'utf8',
  })
  if (fleet.status !== 0) throw new Error(`the simulator could not list its devices: ${fleet.stderr}`)
  writeFileSync(devicesFile, fleet.stdout, { mode: 0o600 })
  if (!env.MQTT_URL) {
    start('broker', 'node', ['apps/ingest/dist/broker/main.js'], { env: { IOC_DEVICES_FILE: devicesFile } })
    await waitFor('the embedded broker', () => portOpen(ports.mqtt), 20_000)
  }
  // simulated IP cameras (RTSP servers on ../shared/media clips): they write their URLs and fresh
  // passwords once serving, and the ingest registers them from that file
  const camerasFile = join(env.IOC_DATA_DIR, 'simulated-cameras.json')
  mkdirSync(env.IOC_DATA_DIR, { recursive: true })
  rmSync(camerasFile, { force: true })
  start('cameras', 'node', ['apps/simulator/dist/cameras/main.js', '--registry', camerasFile])
  await waitFor('the simulated cameras', () => existsSync(camerasFile), 60_000)
  start('api', 'node', ['apps/api/dist/main.js'])
  start('ingest', 'node', ['apps/ingest/dist/main.js'], {
    env: { IOC_CAMERAS_FILE: camerasFile, IOC_DEVICES_FILE: devicesFile },
  })
  start('simulator', 'node', ['apps/simulator/dist/main.js'])
  if (dashboardDev)
    start('dashboard', 'npx', ['vite', '--clearScreen', 'false', '--logLevel', 'warn'], {
      cwd: join(root, 'apps/dashboard'),
    })

  // the api's address as a browser on this machine reaches it (HOST may be 0.0.0.0 or ::)
  const host = !env.HOST || ['0.0.0.0', '::'].includes(env.HOST) ? '127.0.0.1' : env.HOST
  const apiUrl = `http://${host.includes(':') ? `[${host}]` : host}:${ports.api}`
  const health = `${apiUrl}/api/health`
  await waitFor('the api', async () => (await fetch(health).catch(() => null))?.ok ?? false, 60_000)
  const url = dashboardDev ? `http://localhost:${ports.dashboard}/` : `${apiUrl}/`
  await waitFor('the dashboard', async () => (await fetch(url).catch(() => null))?.ok ?? false, 30_000)
  const report = await (await fetch(health)).json()
  say(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s (database: ${report.db.dialect}, broker: ${report.broker.url})`,
  )
  say(`  dashboard  ${url}${dashboardDev ? ' (Vite dev server)' : ''}`)
  say(`  api        ${health}`)
  say(`  metrics    ${apiUrl}/api/metrics (admin token), http://127.0.0.1:${ports.ingestHttp}/metrics (ingest)`)
  say('Ctrl-C stops everything.')
  if (process.env.DISPLAY && !process.env.CI)
    spawn('xdg-open', [url], { stdio: 'ignore', detached: true })
      .on('error', () => {})
      .unref()
}

main().catch((err) => {
  if (err.message !== 'stopped') process.stderr.write(`[demo] cannot start: ${err.message}\n`)
  void stopAll(1)
})
