#!/usr/bin/env node
// Makes a fresh machine ready for `npm test` or `npm run demo`: npm packages, Debian packages
// (installed when run as root, otherwise one clear line saying what to install) and the services
// the tests talk to. Uses only Node's own modules: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const say = (line) => process.stdout.write(`[preflight] ${line}\n`)

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (
    major < 20 ||
    (major === 20 && minor < 19) ||
    (major === 22 && minor < 12) ||
    major === 21 ||
    major === 23
  ) {
    throw new Error(
      `Node.js ${process.versions.node} is too old: install Node.js 24 LTS (or 20.19+ / 22.12+)`,
    )
  }
}

/**
 * `npm install` (which follows package-lock.json) when node_modules is missing or older than the
 * lock file. Not `npm ci`: it rejects a lock without other platforms' optional binaries, and the
 * registry mirror of these machines serves none of them.
 */
export function ensureNpmPackages() {
  const marker = join(root, 'node_modules', '.package-lock.json')
  const lock = join(root, 'package-lock.json')
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return
  say('installing npm packages…')
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) throw new Error('npm install failed; see the output above')
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

// GStreamer's RTSP server (the simulated cameras) provides no command: Debian's own python3 must
// load its bindings (a pyenv `python3` on PATH would not see them).
const gstPython = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
export const gstRtspServer = {
  what: 'GStreamer RTSP server for python3',
  packages: [
    'python3-gi',
    'gir1.2-gst-rtsp-server-1.0',
    'gstreamer1.0-plugins-base',
    'gstreamer1.0-plugins-good',
    'gstreamer1.0-plugins-bad',
  ],
  present: () =>
    spawnSync(gstPython, ['-c', "import gi; gi.require_version('GstRtspServer', '1.0')"], { stdio: 'ignore' })
      .status === 0,
}

/** Debian packages by the command they provide; `extras` are those checked another way. */
export function ensureDebianPackages(packages, extras = []) {
  const missing = Object.entries(packages).filter(([command]) => !has(command))
  for (const extra of extras) if (!extra.present()) missing.push([extra.what, extra.packages.join(' ')])
  if (missing.length === 0) return
  const names = missing.flatMap(([, pkg]) => pkg.split(' '))
  const isRoot = process.getuid?.() === 0
  if (!isRoot || !has('apt-get')) {
    throw new Error(
      `missing ${missing.map(([c]) => c).join(', ')}: install them with  sudo apt-get install -y ${names.join(' ')}`,
    )
  }
  say(`installing Debian packages: ${names.join(' ')}`)
  const quiet = { stdio: ['ignore', 'ignore', 'inherit'] }
  execFileSync('apt-get', ['update', '-qq'], quiet)
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
    ...quiet,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

export function portOpen(port, host = '127.0.0.1', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/** The servers the test suite talks to, as on the machines of this project. */
async function checkTestServices() {
  const services = [
    { name: 'PostgreSQL', port: 5432, install: 'postgresql', env: 'TEST_POSTGRES_URL' },
    { name: 'Mosquitto', port: 1883, install: 'mosquitto', env: 'TEST_MQTT_URL' },
  ]
  const down = []
  for (const s of services) if (!process.env[s.env] && !(await portOpen(s.port))) down.push(s)
  if (down.length) {
    throw new Error(
      down
        .map(
          (s) =>
            `${s.name} is not answering on 127.0.0.1:${s.port}: start it (Debian package ${s.install}) or set ${s.env}`,
        )
        .join('\n'),
    )
  }
}

async function main(mode) {
  checkNode()
  ensureNpmPackages()
  if (mode === 'test') {
    ensureDebianPackages({ chromium: 'chromium', ffmpeg: 'ffmpeg' }, [gstRtspServer])
    await checkTestServices()
  }
  if (mode === 'demo') ensureDebianPackages({ ffmpeg: 'ffmpeg' }, [gstRtspServer])
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  say(`${pkg.name} ${pkg.version} on Node.js ${process.versions.node}: ready for ${mode}`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv[2] ?? 'test').catch((err) => {
    process.stderr.write(`[preflight] ${err.message}\n`)
    process.exit(1)
  })
}
