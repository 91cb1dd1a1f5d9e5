import { Controller, Get, Req, Res } from '@nestjs/common'
import { ApiResponse } from '@nestjs/swagger'
import type { Request, Response } from 'express'
import { mapBoundariesSchema, mapConfigSchema, type MapConfig } from '@ioc/contracts'
import { ApiZodResponse } from '../common/openapi.decorators.js'
import { MapService } from './map.service.js'

/** What the wall's map draws under the cameras and sensors; any signed-in user may read it. */
@Controller('map')
export class MapController {
  constructor(private readonly map: MapService) {}

  @Get('config')
  @ApiZodResponse(mapConfigSchema)
  config(): MapConfig {
    return this.map.mapConfig()
  }

  /** The site's boundaries (GeoJSON); revalidated by ETag, so a reloading wall gets a 304. */
  @Get('boundaries')
  @ApiZodResponse(mapBoundariesSchema)
  @ApiResponse({
    status: 404,
    description: 'no boundaries file is configured (map_boundaries_not_configured)',
  })
  async boundaries(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body = await this.map.boundaries()
    res.setHeader('etag', body.etag)
    // private: it sits behind a token; an hour, then a conditional request that costs a stat
    res.setHeader('cache-control', 'private, max-age=3600, must-revalidate')
    const known = req.headers['if-none-match']?.split(',').map((tag) => tag.trim())
    if (known?.includes(body.etag)) return void res.status(304).end()
    res.type('application/json').send(body.json)
  }
}
