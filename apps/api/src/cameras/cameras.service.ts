import { ConflictException, Injectable, NotFoundException } from '@nestjs/common'
import {
  canSeeCamera,
  type AuthClaims,
  type Camera,
  type CameraCreate,
  type CameraUpdate,
  type CameraView,
} from '@ioc/contracts'
import { CameraExistsError, CamerasRepository } from '@ioc/db'
import { ConfigAuditService, updateAction, type ChangeBy } from '../audit/config-audit.service.js'
import { CameraFeedService } from './camera-feed.service.js'

export const cameraErrorCodes = {
  notFound: 'camera_not_found',
  exists: 'camera_exists',
  noSnapshot: 'camera_no_snapshot',
  videoUnavailable: 'camera_video_unavailable',
} as const

type Who = Pick<AuthClaims, 'role' | 'district'>

@Injectable()
export class CamerasService {
  constructor(
    private readonly cameras: CamerasRepository,
    private readonly feed: CameraFeedService,
    private readonly audit: ConfigAuditService,
  ) {}

  /** The cameras `user` sees: of the kinds their role watches, in their district (canSeeCamera). */
  async list(user: Who): Promise<CameraView[]> {
    return (await this.cameras.list()).filter((c) => canSeeCamera(user, c)).map((c) => this.view(c))
  }

  async get(user: Who, id: string): Promise<CameraView> {
    return this.view(await this.visible(user, id))
  }

  /** A camera `user` may not see answers the same 404 as one that does not exist. */
  async visible(user: Who, id: string): Promise<Camera> {
    const camera = await this.require(id)
    if (!canSeeCamera(user, camera)) throw cameraNotFound(id)
    return camera
  }

  async create(by: ChangeBy, camera: CameraCreate): Promise<CameraView> {
    try {
      const created = await this.cameras.create(camera)
      await this.audit.record(by, 'camera', created.id, 'created', camera)
      return this.view(created)
    } catch (err) {
      if (err instanceof CameraExistsError)
        throw new ConflictException({
          code: cameraErrorCodes.exists,
          message: `Camera ${camera.id} đã tồn tại / camera ${camera.id} already exists`,
        })
      throw err
    }
  }

  async update(by: ChangeBy, id: string, patch: CameraUpdate): Promise<CameraView> {
    const camera = await this.cameras.update(id, patch)
    if (!camera) throw cameraNotFound(id)
    await this.audit.record(by, 'camera', id, updateAction(patch), patch)
    return this.view(camera)
  }

  /** 404 for an unknown camera: the video and snapshot routes check this first. */
  async require(id: string): Promise<Camera> {
    const camera = await this.cameras.get(id)
    if (!camera) throw cameraNotFound(id)
    return camera
  }

  private view(camera: Camera): CameraView {
    return { ...camera, status: this.feed.status(camera.id) }
  }
}

export function cameraNotFound(id: string): NotFoundException {
  return new NotFoundException({
    code: cameraErrorCodes.notFound,
    message: `Không có camera ${id} / no camera ${id}`,
  })
}
