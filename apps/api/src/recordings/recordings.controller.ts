import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common'
import { ApiProduces } from '@nestjs/swagger'
import type { Request, Response } from 'express'
import {
  cameraIdSchema,
  cameraRecordingsSchema,
  clipQuerySchema,
  recordingsQuerySchema,
  type AuthClaims,
  type CameraRecordings,
  type RecordingsQuery,
} from '@ioc/contracts'
import { ChecksOwnToken, CurrentUser } from '../auth/auth.decorators.js'
import { claimsFromHeaderOrQuery } from '../auth/query-token.js'
import { TokenService } from '../auth/token.service.js'
import { ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { parseOrBadRequest, ZodPipe } from '../common/zod-pipe.js'
import { RecordingsService } from './recordings.service.js'

const idPipe = new ZodPipe(cameraIdSchema, 'id')

// Beside the cameras module (live video, registry): recordings are the camera's history, like counts.
@Controller('cameras')
export class RecordingsController {
  constructor(
    private readonly recordings: RecordingsService,
    private readonly tokens: TokenService,
  ) {}

  @Get(':id/recordings')
  @ApiZodQuery(recordingsQuerySchema)
  @ApiZodResponse(cameraRecordingsSchema)
  list(
    @CurrentUser() user: AuthClaims,
    @Param('id', idPipe) id: string,
    @Query(new ZodPipe(recordingsQuerySchema)) query: RecordingsQuery,
  ): Promise<CameraRecordings> {
    return this.recordings.list(user, id, new Date(query.from), new Date(query.to))
  }

  // <video> cannot send headers: the token may also come as `?token=`. Range requests answer 206.
  @ChecksOwnToken('any signed-in role, token in the header or in `?token=`')
  @Get(':id/clip.mp4')
  @ApiZodQuery(clipQuerySchema)
  @ApiProduces('video/mp4')
  async clip(@Param('id', idPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    // the token before the query: an unsigned caller learns nothing, not even what is malformed
    const user = claimsFromHeaderOrQuery(this.tokens, req)
    const query = parseOrBadRequest(clipQuerySchema, req.query)
    const file = await this.recordings.clip(user, id, new Date(query.from), new Date(query.to))
    await new Promise<void>((ok, fail) =>
      res.sendFile(
        file,
        {
          headers: { 'content-type': 'video/mp4', 'cache-control': 'private, max-age=300' },
          dotfiles: 'allow',
        },
        (err?: Error & { code?: string }) =>
          !err || err.code === 'ECONNABORTED' || res.headersSent ? ok() : fail(err),
      ),
    )
  }
}
