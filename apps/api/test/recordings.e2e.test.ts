// Recordings across real processes: a simulated camera (GStreamer RTSP server, 1 s key frames),
// the ingest service recording it from its one ffmpeg pull (stream copy into fMP4 segments), the
// api listing the spans and cutting clips with ffmpeg, and a kill -9 of the ingest mid-segment.
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { alertListSchema, cameraRecordingsSchema, cameraViewSchema } from '@ioc/contracts'
import { RecordingsRepository, type Database, type Segment } from '@ioc/db'
import { freePort, testTargets } from '@ioc/db/testing'
import { DATABASE } from '../src/database/database.module.js'
import { startTestApi, testBrokerUrl, testMediaPlaySecret, type TestApi } from './support/api.js'
import { parseAnswer } from './support/answers.js'
import { repoRoot, startIngest, startProcess, stopProcess, waitFor, type Proc } from './support/processes.js'

const run = promisify(execFile)
const id = `cam-rec-${process.pid}-${Date.now() % 100000}`

/** Process ids below `root` (its ffmpegs), from /proc. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = []
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      out.push(child)
      walk(child)
    }
  }
  walk(root)
  return out
}

async function probe(file: string) {
  const { stdout } = await run('ffprobe', [
    ...[
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,flags',
      '-of',
      'csv=p=0',
      file,
    ],
  ])
  const packets = stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [pts, flags] = line.split(',')
      return { pts: Number(pts), key: (flags ?? '').startsWith('K') }
    })
  return { packets, seconds: packets.at(-1)!.pts - packets[0]!.pts }
}

/** Every .mp4 under the camera's folder of the store, relative to the store. */
async function filesOnDisk(store: string): Promise<Map<string, number>> {
  const files = new Map<string, number>()
  for (const day of await readdir(join(store, id)).catch(() => [])) {
    for (const name of await readdir(join(store, id, day)))
      if (name.endsWith('.mp4'))
        files.set(`${id}/${day}/${name}`, (await stat(join(store, id, day, name))).size)
  }
  return files
}

describe('recordings end to end (postgres database)', () => {
  let api: TestApi
  let camera: Proc
  let ingest: Proc | undefined
  let dir: string
  let store: string
  let httpPort: number
  let repo: RecordingsRepository
  let opsPort = 0
  const ingestEnv = () => ({
    instance: `ingest-${id}`,
    mediaHttpPort: httpPort,
    dataDir: dir,
    httpPort: opsPort,
  })
  const all = async (): Promise<Segment[]> =>
    repo.segments(id, new Date(0), new Date(Date.now() + 3600_000), ['open', 'closed', 'discarded'])

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ioc-rec-e2e-'))
    store = join(dir, 'recordings')
    process.env.IOC_RECORDINGS_DIR = store
    const cameraPort = await freePort()
    opsPort = await freePort()
    httpPort = await freePort()
    camera = startProcess([
      'apps/simulator/src/cameras/serve-one.ts',
      ...['--clip', join(repoRoot, '../shared/media/traffic.mp4'), '--port', String(cameraPort)],
    ])
    api = await startTestApi(
      testTargets.find((t) => t.name === 'postgres')!,
      {
        IOC_MEDIA_HTTP_PORT: String(httpPort),
        IOC_RECORDINGS_DIR: store,
      },
    )
    repo = new RecordingsRepository(api.app.get<Database>(DATABASE).pool)
    await waitFor(
      'the simulated camera',
      async () => camera.output.some((l) => l.includes('"ready"')),
      30_000,
    )
    const created = await api.request('/cameras', {
      as: 'admin',
      method: 'POST',
      body: {
        id,
        name: 'Camera ghi hình',
        kind: 'traffic',
        lat: 15.57,
        lon: 108.47,
        district: 'Tam Kỳ',
        rtspUrl: `rtsp://127.0.0.1:${cameraPort}/stream`,
        recording: { mode: 'continuous', retentionDays: 1, preRollS: 5, postRollS: 10 },
      },
    })
    expect(created.status).toBe(201)
    expect(parseAnswer(cameraViewSchema, await created.json()).recording.mode).toBe('continuous')
    ingest = await startIngest(api, ingestEnv())
  }, 90_000)

  afterAll(async () => {
    delete process.env.IOC_RECORDINGS_DIR
    await stopProcess(ingest)
    await stopProcess(camera)
    await api?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('after 60 s, segments starting on key frames cover the 60 s without a gap over 1 s', async () => {
    const first = await waitFor(
      'a first closed segment',
      async () => (await repo.segments(id, new Date(0), new Date(Date.now() + 60_000)))[0],
      40_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\ningest said:\n${ingest!.output.slice(-30).join('\n')}`)
    })
    const from = first.startedAt
    await new Promise((ok) => setTimeout(ok, Math.max(0, from.getTime() + 66_000 - Date.now())))
    const to = new Date(from.getTime() + 60_000)
    const res = await api.request(
      `/cameras/${id}/recordings?from=${from.toISOString()}&to=${to.toISOString()}`,
      {
        as: 'operator',
      },
    )
    expect(res.status).toBe(200)
    const listed = parseAnswer(cameraRecordingsSchema, await res.json())
    console.log(
      `60 s: ${listed.segments} segments, ${listed.bytes} bytes, spans ${JSON.stringify(listed.spans)}`,
    )
    // spans join segments less than 1 s apart: one span over the whole minute means no larger gap
    expect(listed.spans).toHaveLength(1)
    expect(Date.parse(listed.spans[0]!.start)).toBeLessThanOrEqual(from.getTime())
    expect(Date.parse(listed.spans[0]!.end)).toBeGreaterThanOrEqual(to.getTime())
    expect(listed.segments).toBeGreaterThanOrEqual(14)
    const segments = await repo.segments(id, from, to)
    for (const [a, b] of segments.slice(0, -1).map((s, i) => [s, segments[i + 1]!] as const))
      expect(b.startedAt.getTime() - a.endedAt!.getTime()).toBeLessThanOrEqual(1000)
    for (const s of segments.slice(0, 3)) {
      const { packets, seconds } = await probe(join(store, s.file))
      expect(packets[0]!.key).toBe(true)
      expect(Math.abs(seconds - (s.endedAt!.getTime() - s.startedAt.getTime()) / 1000)).toBeLessThan(0.2)
    }
    // the ingest's metrics count what it closed: at most what the index holds a moment later
    const metrics = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text()
    const series = (name: string) =>
      Number(metrics.match(new RegExp(`^${name}\\{camera="${id}"\\} (\\d+)$`, 'm'))?.[1] ?? 0)
    const closed = (await all()).filter((s) => s.state === 'closed')
    expect(series('ioc_recording_segments_total')).toBeGreaterThanOrEqual(14)
    expect(series('ioc_recording_segments_total')).toBeLessThanOrEqual(closed.length)
    expect(series('ioc_recording_bytes_total')).toBeGreaterThan(0)
    expect(series('ioc_recording_bytes_total')).toBeLessThanOrEqual(closed.reduce((n, s) => n + s.bytes, 0))
    // a traffic camera: security staff do not see it, and nobody without a token
    expect(
      (
        await api.request(`/cameras/${id}/recordings?from=${from.toISOString()}&to=${to.toISOString()}`, {
          as: 'security',
        })
      ).status,
    ).toBe(404)
    expect(
      (
        await api.request(`/cameras/${id}/recordings?from=${to.toISOString()}&to=${from.toISOString()}`, {
          as: 'operator',
        })
      ).status,
    ).toBe(400)
  }, 120_000)

  it('cuts a clip starting within a key frame of the range, played by ranges (206)', async () => {
    const [first] = await repo.segments(id, new Date(0), new Date(Date.now() + 60_000))
    const from = new Date(first!.startedAt.getTime() + 10_500)
    const to = new Date(from.getTime() + 20_000)
    const path = `/cameras/${id}/clip.mp4?from=${from.toISOString()}&to=${to.toISOString()}`
    expect((await api.request(path)).status).toBe(401)
    expect((await api.request(path, { as: 'security' })).status).toBe(404)
    const token = await api.token('traffic')
    const t0 = Date.now()
    const res = await fetch(`${api.base}${path}&token=${token}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('video/mp4')
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    const clip = Buffer.from(await res.arrayBuffer())
    console.log(`clip of 20 s: ${clip.length} bytes in ${Date.now() - t0} ms`)
    const file = join(dir, 'clip.mp4')
    await writeFile(file, clip)
    const { packets, seconds } = await probe(file)
    expect(packets[0]!.key).toBe(true)
    // the clip ends at `to` and begins on the key frame at or before `from` (a key frame a second)
    const lead = (seconds * 1000 - (to.getTime() - from.getTime())) / 1000
    console.log(`clip: ${seconds.toFixed(2)} s, begins ${lead.toFixed(2)} s before the range`)
    expect(lead).toBeGreaterThanOrEqual(-0.1)
    expect(lead).toBeLessThanOrEqual(1.1)
    const ranged = await fetch(`${api.base}${path}&token=${token}`, { headers: { range: 'bytes=1000-1999' } })
    expect(ranged.status).toBe(206)
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-1999/${clip.length}`)
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(clip.subarray(1000, 2000))
    const before = new Date(first!.startedAt.getTime() - 3600_000)
    const none = await api.request(
      `/cameras/${id}/clip.mp4?from=${before.toISOString()}&to=${new Date(before.getTime() + 10_000).toISOString()}`,
      { as: 'operator' },
    )
    expect(none.status).toBe(404)
    expect(await none.json()).toMatchObject({ code: 'recording_not_found' })
  }, 60_000)

  it('after a kill -9 of the ingest mid-segment, starting it again leaves the index and the disk equal', async () => {
    // mid-segment: about 2 s into the 4 s segment being written
    await waitFor(
      'a segment 2 s into its writing (after a first whole one)',
      async () => {
        const segments = await all()
        const writing = segments.find((s) => s.state === 'open')
        const age = writing ? Date.now() - writing.startedAt.getTime() : -1
        return segments.some((s) => s.state === 'closed') && age >= 1800 && age <= 2600
      },
      30_000,
    )
    const pid = ingest!.child.pid!
    const killed = [pid, ...descendants(pid)]
    for (const p of killed) process.kill(p, 'SIGKILL')
    await new Promise((ok) => ingest!.child.once('exit', ok))
    const open = (await all()).filter((s) => s.state === 'open')
    console.log(`killed ${killed.length} processes; open in the index: ${open.map((s) => s.file).join(', ')}`)
    expect(open).toHaveLength(1)
    ingest = await startIngest(api, ingestEnv())
    await waitFor(
      'the torn segment reconciled',
      async () => (await all()).find((s) => s.file === open[0]!.file && s.state !== 'open'),
      30_000,
    )
    const torn = (await all()).find((s) => s.file === open[0]!.file)!
    console.log(`torn segment: ${torn.state} (${torn.reason}), ${torn.bytes} bytes`)
    expect(torn.reason).toMatch(/recovered after its writer died/)
    // its whole fragments (a key frame a second) are kept: about the 2 s written before the kill
    expect(torn.state).toBe('closed')
    const tornS = (torn.endedAt!.getTime() - torn.startedAt.getTime()) / 1000
    expect(tornS).toBeGreaterThanOrEqual(0.9)
    expect(tornS).toBeLessThanOrEqual(3)
    expect((await probe(join(store, torn.file))).packets[0]!.key).toBe(true)
    // a clean stop seals what the second run was writing: then every file is a closed segment
    await stopProcess(ingest)
    const rows = (await all()).filter((s) => s.state !== 'discarded')
    const disk = await filesOnDisk(store)
    expect(rows.filter((s) => s.state === 'open')).toEqual([])
    expect(new Map(rows.map((s) => [s.file, s.bytes]))).toEqual(disk)
    for (const s of (await all()).filter((s) => s.state === 'discarded')) expect(disk.has(s.file)).toBe(false)
    // the runs' segment lists are gone with them
    const lists = (await readdir(join(store, id, torn.file.split('/')[1]!))).filter((n) => n.endsWith('.csv'))
    expect(lists).toEqual([])
  }, 90_000)

  it('raises an alert when an ingest stops recording for lack of disk, and clears it when it stops', async () => {
    const instance = `ingest-${id}-full`
    // a free-disk floor no disk meets: the oldest go, then recording stops
    const full = startProcess(['apps/ingest/src/main.ts'], {
      DATABASE_URL: api.database.url,
      MQTT_URL: testBrokerUrl,
      IOC_INGEST_INSTANCE: instance,
      IOC_MEDIA_RTMP_PORT: String(await freePort()),
      IOC_MEDIA_HTTP_PORT: String(await freePort()),
      IOC_INGEST_HTTP_PORT: String(await freePort()),
      IOC_MEDIA_PLAY_SECRET: testMediaPlaySecret,
      IOC_DATA_DIR: dir,
      IOC_RECORDINGS_MIN_FREE_MB: String(1e9),
    })
    const alertOf = async () => {
      const res = await api.request('/alerts?limit=500', { as: 'operator' })
      const { items } = parseAnswer(alertListSchema, await res.json())
      return items.find((a) => a.sourceType === 'system' && a.sourceId === instance)
    }
    try {
      const raised = await waitFor('the disk alert', alertOf, 30_000).catch((err: Error) => {
        throw new Error(`${err.message}\ningest said:\n${full.output.slice(-20).join('\n')}`)
      })
      console.log(`raised: ${raised.title} (${raised.severity}, ${raised.subCategory})`)
      expect(raised).toMatchObject({ status: 'active', category: 'system', subCategory: 'serviceDegraded' })
      const health = (await (await fetch(`${api.base}/health`)).json()) as {
        pipelines: Record<string, { ok: boolean; detail?: string }>
      }
      expect(health.pipelines['ingest.recordings']).toMatchObject({ ok: false })
      expect(health.pipelines['ingest.recordings']!.detail).toMatch(/recording stopped: disk nearly full/)
    } finally {
      await stopProcess(full)
    }
    // a clean stop says goodbye: the alert clears
    const cleared = await waitFor(
      'the disk alert cleared',
      async () => {
        const alert = await alertOf()
        return alert?.status === 'cleared' ? alert : null
      },
      20_000,
    )
    expect(cleared.status).toBe('cleared')
  }, 90_000)
})
