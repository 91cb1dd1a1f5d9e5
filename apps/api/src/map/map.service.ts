import { Inject, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common'
import { mapErrorCodes, type MapConfig } from '@ioc/contracts'
import { API_CONFIG, type ApiConfig } from '../config.js'
import { BoundariesFile, BoundariesUnreadable, type BoundariesBody } from './boundaries-file.js'

/** The site's map configuration: its boundaries file (IOC_MAP_BOUNDARIES_FILE) and basemap style. */
@Injectable()
export class MapService {
  private readonly logger = new Logger('map')
  private readonly file: BoundariesFile | null

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {
    const path = config.env.IOC_MAP_BOUNDARIES_FILE
    this.file = path ? new BoundariesFile(path) : null
  }

  mapConfig(): MapConfig {
    return { styleUrl: this.config.env.IOC_MAP_STYLE_URL ?? null, boundaries: this.file !== null }
  }

  async boundaries(): Promise<BoundariesBody> {
    if (!this.file)
      throw new NotFoundException({
        code: mapErrorCodes.boundariesNotConfigured,
        message:
          'Chưa cấu hình ranh giới bản đồ (IOC_MAP_BOUNDARIES_FILE) / no map boundaries are configured (IOC_MAP_BOUNDARIES_FILE)',
      })
    try {
      return await this.file.read()
    } catch (err) {
      if (!(err instanceof BoundariesUnreadable)) throw err
      this.logger.error(`${this.file.path}: ${err.message}`)
      throw new ServiceUnavailableException({
        code: mapErrorCodes.boundariesUnreadable,
        message: `Không đọc được ranh giới bản đồ / ${err.message}`,
      })
    }
  }
}
