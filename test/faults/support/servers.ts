// Servers of the fault suite's own, on free ports, so that stopping one harms nothing else on the
// machine: a PostgreSQL cluster made with initdb, Redis, a small disk that really fills. (Mosquitto:
// apps/ingest/test/support.)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmod, chown, mkdir, mkdtemp, open, readdir, rm, statfs } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cameraCreateSchema } from '@ioc/contracts'
import { CamerasRepository, type Pool } from '@ioc/db'
import { freePort } from '@ioc/db/testing'
import { RtspCameraProcess } from '../../../apps/ingest/test/support/rtsp-camera-process.js'

export function portOpen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const socket = connect({ port, host: '127.0.0.1' })
    socket.once('connect', () => (socket.destroy(), ok(true)))
    socket.once('error', () => ok(false))
  })
}

async function waitForPort(port: number, child: ChildProcess, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms
  while (!(await portOpen(port))) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited (${child.exitCode}) before listening on ${port}`)
    if (Date.now() > until) throw new Error(`${what} did not listen on ${port} within ${ms / 1000} s`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function exited(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((ok) => child.once('exit', () => ok()))
}

/** The newest PostgreSQL server binaries (Debian keeps them under /usr/lib/postgresql/<major>/bin). */
async function pgBin(): Promise<string> {
  const root = '/usr/lib/postgresql'
  const majors = existsSync(root) ? (await readdir(root)).filter((d) => /^\d+$/.test(d)) : []
  majors.sort((a, b) => Number(b) - Number(a))
  if (!majors[0]) throw new Error(`no PostgreSQL server binaries under ${root} (initdb, postgres)`)
  return join(root, majors[0], 'bin')
}

/** initdb refuses to run as root: then the cluster belongs to the `postgres` user. */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {}
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  return { uid, gid }
}

/** A PostgreSQL cluster of the test's own: stop() is a server outage, start() its return. */
export class PostgresCluster {
  private child: ChildProcess | null = null
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<PostgresCluster> {
    const bin = await pgBin()
    const dir = await mkdtemp(join(tmpdir(), 'ioc-faults-pg-'))
    const owner = runAs()
    if ('uid' in owner) await chown(dir, owner.uid, owner.gid)
    await chmod(dir, 0o700)
    execFileSync(
      join(bin, 'initdb'),
      ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8'],
      {
        ...owner,
        stdio: 'ignore',
      },
    )
    const cluster = new PostgresCluster(bin, dir, await freePort())
    await cluster.start()
    return cluster
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`
  }

  async start(): Promise<void> {
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir]
    args.push('-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=60')
    this.child = spawn(join(this.bin, 'postgres'), args, { ...runAs(), stdio: 'ignore' })
    await waitForPort(this.port, this.child, 'postgres')
    // the port opens before the server accepts logins: wait until pg_isready says so
    const until = Date.now() + 20_000
    for (;;) {
      try {
        execFileSync(join(this.bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port)], {
          stdio: 'ignore',
        })
        return
      } catch {
        if (Date.now() > until) throw new Error(`postgres on ${this.port} not ready`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }

  /** Fast shutdown (SIGINT): every connection is cut, as when a database server goes down. */
  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    if (!child) return
    child.kill('SIGINT')
    await exited(child)
  }

  async dispose(): Promise<void> {
    const child = this.child
    this.child = null
    child?.kill('SIGKILL')
    await exited(child)
    await rm(this.dir, { recursive: true, force: true })
  }
}

/** A Redis of the test's own, without persistence. */
export class RedisServer {
  private child: ChildProcess | null = null
  private constructor(readonly port: number) {}

  static async create(): Promise<RedisServer> {
    const server = new RedisServer(await freePort())
    await server.start()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
    this.child = spawn('redis-server', args, { stdio: 'ignore' })
    await waitForPort(this.port, this.child, 'redis-server')
  }

  async stop(): Promise<void> {
    const child = this.child
    this.child = null
    child?.kill('SIGTERM')
    await exited(child)
  }
}

/**
 * `count` simulated cameras looping the traffic clip (GStreamer RTSP servers that count their
 * sessions), started and registered in the cameras table as cam-0, cam-1, ...
 */
export async function startTrafficCameras(pool: Pool, count: number): Promise<RtspCameraProcess[]> {
  const registry = new CamerasRepository(pool)
  const cameras: RtspCameraProcess[] = []
  for (let i = 0; i < count; i++) {
    const camera = new RtspCameraProcess({ clip: 'traffic.mp4', port: await freePort() })
    cameras.push(camera)
    await camera.start()
    await registry.create(
      cameraCreateSchema.parse({
        id: `cam-${i}`,
        name: `Camera ${i}`,
        kind: 'traffic',
        lat: 15.88,
        lon: 108.33,
        district: 'Hội An',
        rtspUrl: camera.url,
      }),
    )
  }
  return cameras
}

/**
 * A disk of `mb` megabytes mounted on `dir` (a tmpfs: the kernel answers ENOSPC when it is full, as a
 * real disk does), with a filler file that takes its room. Mounting needs root (CAP_SYS_ADMIN), as
 * CI runs; elsewhere it fails saying so rather than pretending with a smaller quota.
 */
export class SmallDisk {
  private readonly filler: string
  private mounted = false

  private constructor(readonly dir: string) {
    this.filler = join(dir, 'zz-filler')
  }

  static async mount(dir: string, mb: number): Promise<SmallDisk> {
    await mkdir(dir, { recursive: true })
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0755`, 'tmpfs', dir], { stdio: 'pipe' })
    } catch (err) {
      throw new Error(
        `the disk-full fault mounts a ${mb} MB tmpfs on ${dir} and needs root (CAP_SYS_ADMIN) for it: ` +
          `${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message}`,
      )
    }
    const disk = new SmallDisk(dir)
    disk.mounted = true
    return disk
  }

  async freeBytes(): Promise<number> {
    const fs = await statfs(this.dir)
    return fs.bavail * fs.bsize
  }

  /** Grows the filler by `bytes` (all the room left when omitted: until ENOSPC); the bytes written. */
  async fill(bytes = Infinity): Promise<number> {
    const file = await open(this.filler, 'a')
    const chunk = Buffer.alloc(64 * 1024, 0x5a)
    let written = 0
    try {
      while (written < bytes) {
        const n = Math.min(chunk.length, bytes - written)
        written += (await file.write(chunk, 0, n)).bytesWritten
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err
    } finally {
      await file.close()
    }
    return written
  }

  /** The room back: the filler deleted. */
  async clear(): Promise<void> {
    await rm(this.filler, { force: true })
  }

  async unmount(): Promise<void> {
    if (!this.mounted) return
    this.mounted = false
    // lazy: a camera's ffmpeg still exiting may hold a file open
    execFileSync('umount', ['-l', this.dir], { stdio: 'ignore' })
  }
}
