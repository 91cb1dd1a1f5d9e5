// Simulated IP cameras for `npm run demo`: real RTSP servers looping ../shared/media clips.
// `--registry <file>` writes what the camera registry needs (URLs, users, passwords; mode 600)
// once every camera answers, so the demo can register them.
import { renameSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { buildCameraFleet } from './camera-fleet.js'

const env = z
  .object({
    IOC_SIM_CAMERAS: z.coerce.number().int().min(0).max(64).default(4),
    IOC_SIM_CAMERA_PORT: z.coerce.number().int().min(1024).max(65000).default(18554),
    IOC_MEDIA_DIR: z
      .string()
      .optional()
      .transform((v) => v || fileURLToPath(new URL('../../../../../shared/media', import.meta.url))),
  })
  .safeParse(process.env)
if (!env.success) {
  for (const issue of env.error.issues)
    process.stderr.write(`[cameras] ${issue.path.join('.')}: ${issue.message}\n`)
  process.exit(2)
}
const config = env.data
const log = (line: string) => process.stdout.write(`[cameras] ${line}\n`)
const registryArg = process.argv.indexOf('--registry')
const registryFile = registryArg > 0 ? process.argv[registryArg + 1] : undefined

/** The preferred port when free (stable URLs across demo runs), otherwise any free one. */
function portOr(preferred: number): Promise<number> {
  return new Promise((ok) => {
    const server = createServer()
    server.once('error', () => {
      const any = createServer()
      any.listen(0, '127.0.0.1', () => {
        const address = any.address()
        any.close(() => ok(typeof address === 'object' && address ? address.port : 0))
      })
    })
    server.listen(preferred, '127.0.0.1', () => server.close(() => ok(preferred)))
  })
}

const ports: number[] = []
for (let i = 0; i < config.IOC_SIM_CAMERAS; i++) ports.push(await portOr(config.IOC_SIM_CAMERA_PORT + i))
const fleet = buildCameraFleet({ mediaDir: config.IOC_MEDIA_DIR, ports, count: config.IOC_SIM_CAMERAS, log })

const stop = async (signal: string) => {
  log(`${signal}: stopping`)
  await Promise.all(fleet.map(({ camera }) => camera.stop()))
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

try {
  await Promise.all(fleet.map(({ camera }) => camera.start()))
} catch (err) {
  process.stderr.write(`[cameras] cannot start: ${(err as Error).message}\n`)
  await Promise.all(fleet.map(({ camera }) => camera.stop()))
  process.exit(1)
}
for (const { site, camera } of fleet)
  log(`${site.id} (${site.kind}, ${site.district}) at ${camera.urlWithoutCredentials}`)
// a site with only real cameras: nothing to serve, but this process stays up like the demo's other
// parts (its exit would stop the whole demo) and still writes an empty registry
if (fleet.length === 0) {
  log('no simulated cameras (IOC_SIM_CAMERAS=0)')
  setInterval(() => {}, 2 ** 31 - 1)
}
// written aside and renamed: whoever waits for the file never reads half of it
if (registryFile) {
  const registry = `${JSON.stringify(
    fleet.map((c) => c.registration),
    null,
    2,
  )}\n`
  writeFileSync(`${registryFile}.part`, registry, { mode: 0o600 })
  renameSync(`${registryFile}.part`, registryFile)
}
