import { ConflictException, Injectable, NotFoundException } from '@nestjs/common'
import type { Camera, CameraCreate, CameraStatus, CameraUpdate } from '@ioc/contracts'
import { CameraExistsError, CamerasRepository } from '@ioc/db'
import { CameraFeedService } from './camera-feed.service.js'

export const cameraErrorCodes = {
  notFound: 'camera_not_found',
  exists: 'camera_exists',
  noSnapshot: 'camera_no_snapshot',
  videoUnavailable: 'camera_video_unavailable',
} as const

/** A camera as answered: the public shape (no credentials can be in it) and its live status. */
export type CameraView = Camera & { status: CameraStatus | null }

@Injectable()
export class CamerasService {
  constructor(
    private readonly cameras: CamerasRepository,
    private readonly feed: CameraFeedService,
  ) {}

  async list(): Promise<CameraView[]> {
    return (await this.cameras.list()).map((camera) => this.view(camera))
  }

  async get(id: string): Promise<CameraView> {
    return this.view(await this.require(id))
  }

  async create(camera: CameraCreate): Promise<CameraView> {
    try {
      return this.view(await this.cameras.create(camera))
    } catch (err) {
      if (err instanceof CameraExistsError)
        throw new ConflictException({
          code: cameraErrorCodes.exists,
          message: `Camera ${camera.id} đã tồn tại / camera ${camera.id} already exists`,
        })
      throw err
    }
  }

  async update(id: string, patch: CameraUpdate): Promise<CameraView> {
    const camera = await this.cameras.update(id, patch)
    if (!camera) throw notFound(id)
    return this.view(camera)
  }

  /** 404 for an unknown camera: the video and snapshot routes check this first. */
  async require(id: string): Promise<Camera> {
    const camera = await this.cameras.get(id)
    if (!camera) throw notFound(id)
    return camera
  }

  private view(camera: Camera): CameraView {
    return { ...camera, status: this.feed.status(camera.id) }
  }
}

function notFound(id: string): NotFoundException {
  return new NotFoundException({
    code: cameraErrorCodes.notFound,
    message: `Không có camera ${id} / no camera ${id}`,
  })
}
