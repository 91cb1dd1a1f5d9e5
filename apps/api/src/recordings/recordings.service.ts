import { Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common'
import { canSeeCamera, joinSpans, type AuthClaims, type Camera, type CameraRecordings } from '@ioc/contracts'
import { CamerasRepository, RecordingsRepository, type RecordingStorage } from '@ioc/db'
import { cameraNotFound } from '../cameras/cameras.service.js'
import { ClipCutter } from './clip-cutter.js'

export const RECORDING_STORAGE = Symbol('RECORDING_STORAGE')

export const recordingErrorCodes = {
  notFound: 'recording_not_found',
  unavailable: 'recording_unavailable',
} as const

type Who = Pick<AuthClaims, 'role' | 'district'>

/** Recordings are the camera's video: whoever may watch it live may play them (canSeeCamera). */
@Injectable()
export class RecordingsService {
  constructor(
    private readonly cameras: CamerasRepository,
    private readonly recordings: RecordingsRepository,
    @Inject(RECORDING_STORAGE) private readonly storage: RecordingStorage,
    private readonly cutter: ClipCutter,
  ) {}

  async list(user: Who, cameraId: string, from: Date, to: Date): Promise<CameraRecordings> {
    const camera = await this.visible(user, cameraId)
    const segments = await this.recordings.segments(cameraId, from, to)
    const spans = joinSpans(
      segments.map((s) => ({ start: s.startedAt.getTime(), end: s.endedAt!.getTime() })),
    )
    const marks = await this.recordings.marks(cameraId, from, to)
    return {
      cameraId,
      from: from.toISOString(),
      to: to.toISOString(),
      mode: camera.recording.mode,
      spans: spans.map((s) => ({
        start: new Date(s.start).toISOString(),
        end: new Date(s.end).toISOString(),
      })),
      segments: segments.length,
      bytes: segments.reduce((sum, s) => sum + s.bytes, 0),
      marks: marks.map((m) => ({ ...m, at: m.at.toISOString(), label: m.label.slice(0, 500) })),
    }
  }

  /** The file of a clip of [from, to) cut from the closed segments there (404 when none). */
  async clip(user: Who, cameraId: string, from: Date, to: Date): Promise<string> {
    await this.visible(user, cameraId)
    const segments = await this.recordings.segments(cameraId, from, to)
    const sources = []
    for (const s of segments) {
      // retention may have deleted a file since the index was read
      const bytes = await this.storage.size(s.file)
      if (bytes !== null)
        sources.push({
          path: this.storage.path(s.file),
          bytes,
          startMs: s.startedAt.getTime(),
          endMs: s.endedAt!.getTime(),
        })
    }
    if (sources.length === 0)
      throw new NotFoundException({
        code: recordingErrorCodes.notFound,
        message: `Không có bản ghi trong khoảng này / nothing recorded of ${cameraId} between ${from.toISOString()} and ${to.toISOString()}`,
      })
    try {
      return await this.cutter.cut(sources, from.getTime(), to.getTime())
    } catch (err) {
      throw new ServiceUnavailableException({
        code: recordingErrorCodes.unavailable,
        message: `Không cắt được đoạn phim / the clip could not be cut: ${(err as Error).message}`,
      })
    }
  }

  /** A camera `user` may not see answers the same 404 as one that does not exist. */
  private async visible(user: Who, id: string): Promise<Camera> {
    const camera = await this.cameras.get(id)
    if (!camera || !canSeeCamera(user, camera)) throw cameraNotFound(id)
    return camera
  }
}
