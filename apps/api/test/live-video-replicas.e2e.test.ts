// Live video with two ingest replicas, on real processes: each pulls the camera it holds a lease on
// and relays it to a media server of its own; the api, told only replica A's media server, plays
// each camera from the media server of the replica holding it (IOC_MEDIA_ADVERTISED_URL, kept with
// the replica's heartbeat).
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, testTargets } from '@ioc/db/testing'
import type { Database } from '@ioc/db'
import { DATABASE } from '../src/database/database.module.js'
import { startTestApi, type TestApi } from './support/api.js'
import { FlvTagReader } from './support/flv-viewer.js'
import { repoRoot, startIngest, startProcess, stopProcess, waitFor, type Proc } from './support/processes.js'

const SECRET = `Cam-${randomBytes(6).toString('hex')}`
const run = randomBytes(3).toString('hex')
const cameraIds = [`cam-rep-${run}-1`, `cam-rep-${run}-2`]
const target = testTargets[0]!

/** Video tags received on the api's HTTP-FLV of a camera within `ms` (the status if refused). */
async function videoTagsOf(url: string, ms: number): Promise<number | { status: number }> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), ms)
  const reader = new FlvTagReader()
  try {
    const response = await fetch(url, { signal: controller.signal })
    if (response.status !== 200) return { status: response.status }
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      reader.push(Buffer.from(chunk))
      if (reader.videoTags().length >= 25) break
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
  return reader.videoTags().length
}

describe(`live video with two ingest replicas (${target.name} database)`, () => {
  let api: TestApi
  let dir: string
  const cameras: Proc[] = []
  const ingests: Proc[] = []
  const mediaPorts: number[] = []

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ioc-live-replicas-'))
    const cameraPorts = [await freePort(), await freePort()]
    for (const port of cameraPorts)
      cameras.push(
        startProcess([
          'apps/simulator/src/cameras/serve-one.ts',
          ...['--clip', join(repoRoot, '../shared/media/traffic.mp4'), '--port', String(port)],
          ...['--user', 'admin', '--password', SECRET],
        ]),
      )
    mediaPorts.push(await freePort(), await freePort())
    // the api knows replica A's media server only, as a single-ingest site configures it
    api = await startTestApi(target, { IOC_MEDIA_HTTP_PORT: String(mediaPorts[0]) })
    for (const [i, name] of ['a', 'b'].entries())
      ingests.push(
        await startIngest(api, {
          instance: `ingest-rep-${run}-${name}`,
          mediaHttpPort: mediaPorts[i]!,
          dataDir: join(dir, name),
          env: {
            IOC_MEDIA_ADVERTISED_URL: `http://127.0.0.1:${mediaPorts[i]}`,
            IOC_CAMERA_LEASE_TTL_S: '6',
          },
        }),
      )
    await waitFor(
      'the simulated cameras',
      async () => cameras.every((c) => c.output.some((l) => l.includes('"ready"'))),
      30_000,
    )
    for (const [i, id] of cameraIds.entries()) {
      const created = await api.request('/cameras', {
        as: 'admin',
        method: 'POST',
        body: {
          id,
          name: `Camera ${i + 1} (hai bản sao)`,
          kind: 'traffic',
          lat: 15.57,
          lon: 108.47,
          district: 'Tam Kỳ',
          rtspUrl: `rtsp://127.0.0.1:${cameraPorts[i]}/stream`,
          username: 'admin',
          password: SECRET,
        },
      })
      expect(created.status).toBe(201)
    }
  }, 90_000)

  afterAll(async () => {
    for (const p of [...ingests, ...cameras]) await stopProcess(p)
    await api?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('plays each camera from the media server of the replica that pulls it', async () => {
    const pool = api.app.get<Database>(DATABASE).pool
    const holders = await waitFor(
      'one camera held by each replica',
      async () => {
        const { rows } = await pool.query<{ camera_id: string; holder: string; media_http_url: string }>(
          `select l.camera_id, l.holder, r.media_http_url from camera_leases l
           join ingest_replicas r on r.id = l.holder
           where l.camera_id = any($1::text[]) and l.expires_at > now() order by l.camera_id`,
          [cameraIds],
        )
        return rows.length === 2 && rows[0]!.holder !== rows[1]!.holder ? rows : undefined
      },
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${ingests.map((p) => p.output.slice(-10).join('\n')).join('\n--\n')}`)
    })
    expect(new Set(holders.map((h) => h.media_http_url))).toEqual(
      new Set(mediaPorts.map((p) => `http://127.0.0.1:${p}`)),
    )
    const token = await api.token('operator')
    const played = await waitFor(
      'video from both cameras through the api',
      async () => {
        const tags = await Promise.all(
          cameraIds.map((id) => videoTagsOf(`${api.base}/cameras/${id}/live.flv?token=${token}`, 5_000)),
        )
        return tags.every((t) => typeof t === 'number' && t >= 25) ? tags : undefined
      },
      40_000,
    ).catch(async (err: Error) => {
      const last = await Promise.all(
        cameraIds.map((id) => videoTagsOf(`${api.base}/cameras/${id}/live.flv?token=${token}`, 3_000)),
      )
      throw new Error(`${err.message}: last try ${JSON.stringify(last)}`)
    })
    console.info(
      `live video replicas: ${holders.map((h) => `${h.camera_id} by ${h.holder} (${h.media_http_url})`).join(', ')}; video tags ${played.join(', ')}`,
    )
  }, 120_000)
})
