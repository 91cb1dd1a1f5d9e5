// The fault suite (npm run test:faults): each fault on servers of the suite's own (a PostgreSQL
// cluster made with initdb, a Mosquitto, simulated cameras), with an ingest replica that must recover
// by itself. Each counts readings published (acknowledged by the broker) against stored, and prints
// published, stored, lost and duplicated. The ingest replica killed with SIGKILL: ingest-replicas.test.ts.
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeMessage, streams } from '@ioc/contracts'
import {
  CameraLeasesRepository,
  CamerasRepository,
  defaultPolicy,
  openDatabase,
  type Database,
} from '@ioc/db'
import { freePort } from '@ioc/db/testing'
import { MosquittoProcess } from '../../apps/ingest/test/support/mosquitto-process.js'
import type { RtspCameraProcess } from '../../apps/ingest/test/support/rtsp-camera-process.js'
import { readingCounts, waitUntil } from './support/counts.js'
import { ingestReplica, ReadingFleet, type IngestReplica } from './support/processes.js'
import { PostgresCluster, SmallDisk, startTrafficCameras } from './support/servers.js'

const TTL_S = 8
/** The recordings' disk of the disk-full fault, and the free-disk floor its ingest keeps (MB). */
const DISK_MB = 8
const FLOOR_MB = 2
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('fault suite: one ingest replica on servers of its own', () => {
  let cluster: PostgresCluster
  let db: Database
  let broker: MosquittoProcess
  let ingest: IngestReplica
  let disk: SmallDisk | null = null
  let opsPort = 0
  const cameras: RtspCameraProcess[] = []
  const fleets: ReadingFleet[] = []

  const allPulled = () => cameras.every((c) => c.counts.active === 1)
  const alive = () =>
    ingest.child !== null && ingest.child.exitCode === null && ingest.child.signalCode === null

  /** Publishes through `fault`, then waits until every reading acknowledged by the broker is stored. */
  async function readingsThrough(
    name: string,
    fault: (fleet: ReadingFleet) => Promise<void>,
    reconnectMs = 300,
  ) {
    const fleet = await ReadingFleet.connect(broker.url, name, 10, reconnectMs)
    fleets.push(fleet)
    fleet.start(10)
    await sleep(2000)
    await fault(fleet)
    await sleep(2000)
    await fleet.stop()
    const counts = await waitUntil(
      `${name}: every reading published stored`,
      async () => {
        const c = await readingCounts(db, `${name}-`).catch(() => null)
        return c && c.stored >= fleet.published ? c : null
      },
      60_000,
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}: ${JSON.stringify(await readingCounts(db, `${name}-`))} of ${fleet.published}; ` +
          `the ingest's last lines:\n${ingest.output.slice(-30).join('\n')}`,
      )
    })
    console.log(
      `${name}: published ${fleet.published}, stored ${counts.stored}, lost ${fleet.published - counts.distinct}, ` +
        `duplicated ${counts.stored - counts.distinct}`,
    )
    expect(counts).toEqual({ stored: fleet.published, distinct: fleet.published })
    expect(alive(), 'the ingest is still running').toBe(true)
  }

  beforeAll(async () => {
    cluster = await PostgresCluster.create()
    db = await openDatabase({ url: cluster.url, policy: defaultPolicy })
    broker = new MosquittoProcess(await freePort())
    await broker.start()
    cameras.push(...(await startTrafficCameras(db.pool, 2)))
    opsPort = await freePort()
    ingest = await ingestReplica(
      'ingest-f',
      { databaseUrl: cluster.url, mqttUrl: broker.url, leaseTtlS: TTL_S },
      // the cameras record only in the disk-full fault; its sweeps every second, 1 s segments
      {
        IOC_RECORDINGS_MIN_FREE_MB: String(FLOOR_MB),
        IOC_RECORDINGS_SWEEP_S: '1',
        IOC_RECORDINGS_SEGMENT_S: '1',
        IOC_INGEST_HTTP_PORT: String(opsPort),
      },
    )
    ingest.start()
    await ingest.waitForLine(/broker .* connected/, 60_000)
    await waitUntil('the cameras pulled', () => allPulled(), 60_000)
  }, 180_000)

  afterAll(async () => {
    for (const fleet of fleets) await fleet.end()
    // before the data directory is removed: the disk is mounted inside it
    await disk?.unmount()
    await ingest?.dispose()
    for (const camera of cameras) await camera.stop()
    await broker?.dispose()
    await db?.close()
    await cluster?.dispose()
  })

  it('broker restart: the ingest reconnects by itself and every reading is stored once', async () => {
    const connected = ingest.output.filter((l) => /broker .* connected/.test(l)).length
    await readingsThrough(
      'brk',
      async () => {
        await broker.stop()
        await sleep(3000)
        await broker.start()
        await waitUntil(
          'the ingest connected again',
          () => ingest.output.filter((l) => /broker .* connected/.test(l)).length > connected,
          30_000,
        )
        // Mosquitto 2.0.11 loses shared subscriptions over its restart: the ingest subscribes again
        // when it reconnects (every 2 s), and what devices publish before that has no subscriber.
        // These devices reconnect every 5 s (docs/decisions.md says so).
      },
      5000,
    )
    expect(allPulled(), 'the cameras are pulled all along').toBe(true)
  }, 120_000)

  it('database down for 30 s: cameras fenced before their leases expire, readings held and then stored once', async () => {
    const leases = new CameraLeasesRepository(db.pool)
    let fencedMs = -1
    await readingsThrough('dbo', async () => {
      const from = ingest.output.length
      const downAt = Date.now()
      await cluster.stop()
      // fencing: no renewal, so each camera stops TTL/3 before its lease could expire
      await waitUntil('the cameras stopped', () => cameras.every((c) => c.counts.active === 0), TTL_S * 1000)
      fencedMs = Date.now() - downAt
      await sleep(Math.max(0, 30_000 - (Date.now() - downAt)))
      await cluster.start()
      await ingest.waitForLine(/readings: sink is back/, 30_000, from)
    })
    await waitUntil(
      'the cameras pulled again',
      async () => allPulled() && (await leases.holders()).size === 2,
      30_000,
    )
    console.log(
      `database outage: cameras stopped ${(fencedMs / 1000).toFixed(1)} s after it began (TTL ${TTL_S} s)`,
    )
    expect(ingest.output.filter((l) => /buffer full/.test(l))).toEqual([])
    expect(Math.max(...cameras.map((c) => c.maxActive))).toBe(1)
  }, 180_000)

  it('camera server killed and restarted: the pipeline pulls it again by itself', async () => {
    const camera = cameras[0]!
    await camera.stop()
    await sleep(5000)
    const restartedAt = Date.now()
    await camera.start()
    await waitUntil(
      'the camera pulled again',
      () => camera.counts.active === 1 && camera.counts.sessions >= 1,
      30_000,
    )
    console.log(
      `camera restart: pulled again ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after it came back`,
    )
    expect(camera.maxActive).toBe(1)
    expect(alive()).toBe(true)
  }, 90_000)

  it('disk full for recordings: oldest pruned, then recording stops with a reason, resumes by itself; every reading stored once', async () => {
    const registry = new CamerasRepository(db.pool)
    const closed = async () =>
      (
        await db.pool.query<{ id: string; camera_id: string; file: string; started_at: Date; bytes: string }>(
          `select id::text, camera_id, file, started_at, bytes::text from recording_segments
           where state = 'closed' order by started_at, id`,
        )
      ).rows
    // the ingest's heartbeat (what GET /api/health shows): its recordings pipeline
    let pipeline: { ok: boolean; detail?: string } | null = null
    const statuses = await mqtt.connectAsync(broker.url)
    statuses.on('message', (topic, bytes) => {
      const status = decodeMessage(streams.serviceStatus, topic, bytes)
      if (status.ok && status.params.instance === 'ingest-f')
        pipeline = status.payload?.pipelines.recordings ?? null
    })
    await statuses.subscribeAsync(streams.serviceStatus.filter)
    // and its metrics (what Prometheus alerts on)
    const stoppedMetric = async () => {
      const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text()
      return /^ioc_recording_stopped (\d+)$/m.exec(text)?.[1] ?? null
    }
    const linesAfter = (from: number, pattern: RegExp) =>
      ingest.output.slice(from).filter((l) => pattern.test(l))
    const floor = FLOOR_MB * 1e6
    const figures: string[] = []
    try {
      disk = await SmallDisk.mount(join(ingest.dataDir, 'recordings'), DISK_MB)
      for (const id of ['cam-0', 'cam-1'])
        await registry.update(id, {
          recording: { mode: 'continuous', retentionDays: 1, preRollS: 5, postRollS: 10 },
        })
      await readingsThrough('dsk', async () => {
        const d = disk!
        await waitUntil(
          'both cameras recorded 4 segments',
          async () => {
            const rows = await closed()
            return ['cam-0', 'cam-1'].every((id) => rows.filter((r) => r.camera_id === id).length >= 4)
          },
          45_000,
        )
        // 1. nearly full: the filler leaves half the recorded bytes under the floor, so the
        // retention deletes about that much, oldest first, and recording goes on
        const before = await closed()
        const recorded = before.reduce((sum, r) => sum + Number(r.bytes), 0)
        const from = ingest.output.length
        await d.fill(Math.floor((await d.freeBytes()) - floor + recorded / 2))
        await waitUntil(
          'the oldest segment pruned',
          async () => !(await closed()).some((r) => r.id === before[0]!.id),
          10_000,
        )
        const kept = new Set((await closed()).map((r) => r.id))
        const pruned = before.filter((r) => !kept.has(r.id))
        // oldest first: what went is a prefix of the segments by age, and the newest stayed
        expect(before.slice(0, pruned.length).map((r) => r.id)).toEqual(pruned.map((r) => r.id))
        expect(kept.has(before.at(-1)!.id), 'the newest segment kept').toBe(true)
        expect(
          pruned.every((r) => !existsSync(join(d.dir, r.file))),
          'their files deleted',
        ).toBe(true)
        const newest = Math.max(...before.map((r) => r.started_at.getTime()))
        await waitUntil(
          'recording goes on beside the floor',
          async () => (await closed()).some((r) => r.started_at.getTime() > newest),
          15_000,
        )
        expect(linesAfter(from, /recordings: stopped/)).toEqual([])
        expect(await stoppedMetric(), 'ioc_recording_stopped').toBe('0')
        figures.push(`nearly full: ${pruned.length} of ${before.length} segments pruned, oldest first`)

        // 2. full: ENOSPC for every writer; when deleting cannot keep the floor, recording stops
        const fullAt = Date.now()
        const fromFull = ingest.output.length
        const sessions = cameras.map((c) => c.counts.sessions)
        await d.fill()
        await ingest.waitForLine(/recordings: stopped, \d+ MB free/, 15_000, fromFull)
        const stoppedMs = Date.now() - fullAt
        await waitUntil(
          'the heartbeat says recording stopped',
          () => pipeline && !pipeline.ok && /recording stopped: disk nearly full/.test(pipeline.detail ?? ''),
          15_000,
        )
        expect(await stoppedMetric(), 'ioc_recording_stopped').toBe('1')
        // the pipelines start again without recording (one ffmpeg writes live video and segments,
        // so one that hit ENOSPC first has failed and been restarted): live video comes back unrecorded
        await waitUntil(
          'live video pulled again without recording',
          () => allPulled() && cameras.every((c, i) => c.counts.sessions > sessions[i]!),
          30_000,
        )
        const liveMs = Date.now() - fullAt
        await sleep(2000)
        const whileFull = (await closed()).length
        await sleep(3000)
        expect((await closed()).length, 'no segment closed while recording is stopped').toBe(whileFull)
        const noSpace = linesAfter(fromFull, /offline .*No space left/i).length
        figures.push(
          `full: recording stopped ${(stoppedMs / 1000).toFixed(1)} s after the disk filled, ` +
            `${noSpace} pipelines failed on ENOSPC first, live video of both cameras back unrecorded after ${(liveMs / 1000).toFixed(1)} s`,
        )

        // 3. room back: recording resumes by itself, each camera writes segments again
        const backAt = Date.now()
        const fromBack = ingest.output.length
        await d.clear()
        await ingest.waitForLine(/recordings: resumed/, 15_000, fromBack)
        await waitUntil(
          'both cameras record again',
          async () => {
            const rows = (await closed()).filter((r) => r.started_at.getTime() >= backAt)
            return ['cam-0', 'cam-1'].every((id) => rows.some((r) => r.camera_id === id))
          },
          30_000,
        )
        const resumedMs = Date.now() - backAt
        await waitUntil('the heartbeat says recording is ok', () => pipeline?.ok, 15_000)
        expect(await stoppedMetric(), 'ioc_recording_stopped').toBe('0')
        figures.push(`room back: both cameras recording again ${(resumedMs / 1000).toFixed(1)} s after`)
      })
    } finally {
      await statuses.endAsync()
      for (const id of ['cam-0', 'cam-1'])
        await registry.update(id, {
          recording: { mode: 'off', retentionDays: 1, preRollS: 5, postRollS: 10 },
        })
      await disk?.unmount()
      disk = null
    }
    for (const line of figures) console.log(`disk full for recordings: ${line}`)
    expect(allPulled()).toBe(true)
  }, 180_000)
})
