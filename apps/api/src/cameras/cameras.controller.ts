import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  Res,
  NotFoundException,
} from '@nestjs/common'
import { ApiProduces, ApiQuery } from '@nestjs/swagger'
import type { Request, Response } from 'express'
import {
  cameraCreateSchema,
  cameraIdSchema,
  cameraUpdateSchema,
  cameraTestBodySchema,
  cameraTestResultSchema,
  cameraViewSchema,
  configAuditListSchema,
  rolesThat,
  type CameraTestBody,
  type CameraTestResult,
  type ConfigAuditList,
  type AuthClaims,
  type CameraCreate,
  type CameraUpdate,
  type CameraView,
} from '@ioc/contracts'
import { ChangedBy } from '../audit/changed-by.decorator.js'
import { ConfigAuditService, type ChangeBy } from '../audit/config-audit.service.js'
import { CurrentUser, ChecksOwnToken, Roles } from '../auth/auth.decorators.js'
import { claimsFromHeaderOrQuery } from '../auth/query-token.js'
import { TokenService } from '../auth/token.service.js'
import { ApiZodBody, ApiZodResponse } from '../common/openapi.decorators.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { CameraFeedService } from './camera-feed.service.js'
import { CameraVideoService } from './camera-video.service.js'
import { ConnectionTestService } from './connection-test.service.js'
import { cameraErrorCodes, CamerasService } from './cameras.service.js'

const idPipe = new ZodPipe(cameraIdSchema, 'id')

/**
 * Everybody signed in reads the cameras of the kinds their role watches, in their district (others
 * answer 404 like unknown ids); registering and changing cameras is for admins.
 */
@Controller('cameras')
export class CamerasController {
  constructor(
    private readonly cameras: CamerasService,
    private readonly video: CameraVideoService,
    private readonly feed: CameraFeedService,
    private readonly tokens: TokenService,
    private readonly audit: ConfigAuditService,
    private readonly connectionTest: ConnectionTestService,
  ) {}

  @Get()
  @ApiZodResponse(cameraViewSchema.array())
  list(@CurrentUser() user: AuthClaims): Promise<CameraView[]> {
    return this.cameras.list(user)
  }

  @Roles(...rolesThat.configure)
  @Post()
  @ApiZodBody(cameraCreateSchema, 'rtspUrl, username and password are write-only: stored, never returned')
  @ApiZodResponse(cameraViewSchema, 201)
  create(
    @ChangedBy() by: ChangeBy,
    @Body(new ZodPipe(cameraCreateSchema)) body: CameraCreate,
  ): Promise<CameraView> {
    return this.cameras.create(by, body)
  }

  // Before saving: one frame from the camera, or why not, within 10 s (credentials used once).
  @Roles(...rolesThat.configure)
  @Post('test-connection')
  @HttpCode(200)
  @ApiZodBody(cameraTestBodySchema, 'the credentials are used for this attempt only, never stored')
  @ApiZodResponse(cameraTestResultSchema)
  testConnection(@Body(new ZodPipe(cameraTestBodySchema)) body: CameraTestBody): Promise<CameraTestResult> {
    return this.connectionTest.test(body)
  }

  @Get(':id')
  @ApiZodResponse(cameraViewSchema)
  get(@CurrentUser() user: AuthClaims, @Param('id', idPipe) id: string): Promise<CameraView> {
    return this.cameras.get(user, id)
  }

  @Roles(...rolesThat.configure)
  @Patch(':id')
  @ApiZodBody(cameraUpdateSchema, 'only the fields given change; null clears username or password')
  @ApiZodResponse(cameraViewSchema)
  update(
    @ChangedBy() by: ChangeBy,
    @Param('id', idPipe) id: string,
    @Body(new ZodPipe(cameraUpdateSchema)) body: CameraUpdate,
  ): Promise<CameraView> {
    return this.cameras.update(by, id, body)
  }

  // The trail outlives the camera: an unknown id answers an empty list.
  @Roles(...rolesThat.configure)
  @Get(':id/audit')
  @ApiZodResponse(configAuditListSchema)
  trail(@Param('id', idPipe) id: string): Promise<ConfigAuditList> {
    return this.audit.list('camera', id)
  }

  // <video> and <img> cannot send headers: these two also take the token as `?token=`.
  @ChecksOwnToken('any signed-in role, token in the header or in `?token=`')
  @Get(':id/live.flv')
  @ApiQuery({
    name: 'token',
    required: false,
    description: 'access token, for players that cannot send headers',
  })
  @ApiProduces('video/x-flv')
  async live(@Param('id', idPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.cameras.visible(this.authorise(req), id)
    await this.video.relay(id, req, res)
  }

  @ChecksOwnToken('any signed-in role, token in the header or in `?token=`')
  @Get(':id/snapshot.jpg')
  @ApiQuery({ name: 'token', required: false, description: 'access token, for <img> tags' })
  @ApiProduces('image/jpeg')
  async snapshot(@Param('id', idPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.cameras.visible(this.authorise(req), id)
    const snapshot = this.feed.snapshot(id)
    if (!snapshot)
      throw new NotFoundException({
        code: cameraErrorCodes.noSnapshot,
        message: `Camera ${id} chưa có ảnh / camera ${id} has no picture yet`,
      })
    res.setHeader('content-type', 'image/jpeg')
    res.setHeader('cache-control', 'no-store')
    res.setHeader('last-modified', snapshot.at.toUTCString())
    res.end(snapshot.jpeg)
  }

  private authorise(req: Request): AuthClaims {
    return claimsFromHeaderOrQuery(this.tokens, req)
  }
}
