// What one ffmpeg launch of a recorded camera writes: its segment output (stream copy, cut on key
// frames) and the index of its segments. The segment being written is `open` in the index from the
// launch on; ffmpeg's CSV list says when each one is whole, which closes it with its exact times
// and opens the next. When ffmpeg has exited (killed or failed), `end` seals what it left.
import { mkdirSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import type { RecordingsRepository, RecordingStorage } from '@ioc/db'
import type { FfmpegOutput, FfmpegProcesses } from '../cameras/ffmpeg-processes.js'
import { countRecordedSegment } from '../metrics/ingest-metrics.js'
import { sealSegment, FMP4_MOVFLAGS } from './seal.js'
import {
  parseSegmentList,
  runNames,
  segmentFile,
  segmentIndex,
  segmentPattern,
  type RunNames,
} from './segment-names.js'

export interface SegmentRunDeps {
  repo: RecordingsRepository
  storage: RecordingStorage
  ffmpeg: FfmpegProcesses
  writer: string
  segmentS: number
  log: (line: string) => void
  /** How often the list is read while ffmpeg runs. */
  pollMs?: number
}

/**
 * The video stream copied (no decoding) into fragmented MP4 segments of about `segmentS` seconds,
 * each starting on a key frame with its own timestamps from 0, listed in a CSV as each is whole.
 */
export function segmentOutput(pattern: string, listPath: string, segmentS: number): FfmpegOutput {
  return {
    target: pattern,
    options: [
      ['-map', '0:v:0', '-c:v', 'copy', '-an', '-f', 'segment'],
      ['-segment_time', String(segmentS), '-segment_format', 'mp4'],
      ['-segment_format_options', `movflags=${FMP4_MOVFLAGS}`, '-reset_timestamps', '1'],
      ['-segment_list', listPath, '-segment_list_type', 'csv'],
    ].flat(),
  }
}

export class SegmentRun {
  readonly names: RunNames
  /** Wall time of the run's first frame: segment 0 starts there, the list's seconds count from it. */
  private anchorMs: number
  private anchorS: number | null = null
  private closed = 0
  private writes: Promise<void> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private ended: Promise<void> | null = null

  constructor(
    readonly cameraId: string,
    private readonly deps: SegmentRunDeps,
    launchMs = Date.now(),
  ) {
    this.names = runNames(cameraId, launchMs, deps.writer)
    this.anchorMs = launchMs
    // ffmpeg cannot write into a folder that is not there, and would fail the whole pull
    mkdirSync(deps.storage.path(this.names.dir), { recursive: true })
    this.index(() => this.deps.repo.open(this.start(0, launchMs)))
    this.timer = setInterval(() => this.poll(), deps.pollMs ?? 1000)
    this.timer.unref()
  }

  /** The segment output of the camera's ffmpeg. */
  output(): FfmpegOutput {
    return segmentOutput(
      segmentPattern(this.deps.storage.path(this.names.dir), this.names),
      this.deps.storage.path(this.names.list),
      this.deps.segmentS,
    )
  }

  /** The first frame reached the pipeline: the open segment began about then. */
  firstFrame(at: number): void {
    if (this.closed > 0) return
    this.anchorMs = at
    this.index(() => this.deps.repo.open(this.start(0, at)))
  }

  /** ffmpeg is gone: the list's last entries, then the segment it was writing, sealed or discarded. */
  end(): Promise<void> {
    this.ended ??= (async () => {
      if (this.timer) clearInterval(this.timer)
      this.timer = null
      await this.poll()
      await this.writes
      await finishRun(this.deps, this.names, this.cameraId, 'closed after its writer stopped')
    })()
    return this.ended
  }

  private start(index: number, startedAt: number) {
    return {
      cameraId: this.cameraId,
      file: segmentFile(this.names, index),
      startedAt: new Date(startedAt),
      writer: this.deps.writer,
    }
  }

  private async poll(): Promise<void> {
    const text = await readFile(this.deps.storage.path(this.names.list), 'utf8').catch(() => '')
    const entries = parseSegmentList(text)
    for (const entry of entries.slice(this.closed)) {
      const index = segmentIndex(this.names, entry.name)
      if (index === null) continue
      this.anchorS ??= entry.startS
      const at = (s: number) => this.anchorMs + (s - this.anchorS!) * 1000
      const file = segmentFile(this.names, index)
      this.index(async () => {
        const bytes = (await this.deps.storage.size(file)) ?? 0
        await this.deps.repo.close({
          ...this.start(index, at(entry.startS)),
          endedAt: new Date(at(entry.endS)),
          bytes,
        })
        countRecordedSegment(this.cameraId, bytes)
        await this.deps.repo.open(this.start(index + 1, at(entry.endS)))
      })
    }
    this.closed = Math.max(this.closed, entries.length)
    await this.writes
  }

  /** Index writes in order; a failure is logged and the next goes on (reconciliation repairs). */
  private index(write: () => Promise<void>): void {
    this.writes = this.writes
      .then(write)
      .catch((err: Error) => this.deps.log(`${this.cameraId}: recording index: ${err.message}`))
  }
}

/**
 * Everything a run left that is not closed in the index: its open segments sealed (closed with
 * the seconds that could be read) or discarded, files the index never heard of indexed the same
 * way, open rows without a file forgotten (ffmpeg never wrote them); then its list is deleted.
 * The same after a clean stop and after a crash (reconcile.ts).
 */
export async function finishRun(
  deps: Pick<SegmentRunDeps, 'repo' | 'storage' | 'ffmpeg' | 'writer' | 'log'>,
  names: RunNames,
  cameraId: string,
  why: string,
): Promise<{ sealed: number; discarded: number; forgotten: number }> {
  const counts = { sealed: 0, discarded: 0, forgotten: 0 }
  const rows = await deps.repo.ofRun(names.prefix)
  const known = new Map(rows.map((r) => [r.file, r]))
  const onDisk = (await deps.storage.list(names.dir))
    .filter((name) => segmentIndex(names, name) !== null)
    .map((name) => `${names.dir}/${name}`)
  const files = new Set([...rows.filter((r) => r.state === 'open').map((r) => r.file), ...onDisk])
  let previousEnd: Date | null = null
  for (const file of [...files].sort()) {
    const row = known.get(file)
    if (row?.state === 'closed' || row?.state === 'discarded') {
      previousEnd = row.endedAt ?? previousEnd
      continue
    }
    const startedAt = row?.startedAt ?? previousEnd ?? new Date()
    const start = { cameraId, file, startedAt, writer: deps.writer }
    const size = await deps.storage.size(file)
    if (size === null) {
      // indexed when ffmpeg launched, never written (the camera did not answer, or it stopped first)
      await deps.repo.remove(row ? [row.id] : [])
      counts.forgotten++
      continue
    }
    const sealed = await sealSegment(deps.ffmpeg, deps.storage.path(file))
    if (sealed) {
      const endedAt = new Date(startedAt.getTime() + sealed.seconds * 1000)
      await deps.repo.close({ ...start, endedAt, bytes: sealed.bytes, reason: why })
      countRecordedSegment(cameraId, sealed.bytes)
      previousEnd = endedAt
      counts.sealed++
    } else {
      await deps.repo.discard(start, `${why}: no whole frame in ${size} bytes`)
      counts.discarded++
    }
  }
  await rm(deps.storage.path(names.list), { force: true })
  return counts
}
