import { Inject, Injectable } from '@nestjs/common'
import { canSeeCamera, type AuthClaims, type CameraCounts } from '@ioc/contracts'
import { CamerasRepository, type Database } from '@ioc/db'
import { cameraNotFound } from '../cameras/cameras.service.js'
import { resolveRange } from '../common/time-range.js'
import { DATABASE } from '../database/database.module.js'
import type { CountsQuery } from './counts.controller.js'

@Injectable()
export class CountsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly cameras: CamerasRepository,
  ) {}

  /** A camera's counts, for whom may see the camera (else the 404 of an unknown camera). */
  async history(
    user: Pick<AuthClaims, 'role' | 'district'>,
    cameraId: string,
    query: CountsQuery,
  ): Promise<CameraCounts> {
    const camera = await this.cameras.get(cameraId)
    if (!camera || !canSeeCamera(user, camera)) throw cameraNotFound(cameraId)
    const range = resolveRange(query)
    const rows = await this.db.counts.history(cameraId, range, query.bucket)
    return {
      cameraId,
      bucket: query.bucket,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      items: rows
        .filter((r) => query.label === undefined || r.label === query.label)
        .map((r) => ({
          cameraId,
          bucket: r.bucket.toISOString(),
          label: r.label,
          direction: r.direction === '' ? null : r.direction,
          count: r.count,
        })),
    }
  }
}
