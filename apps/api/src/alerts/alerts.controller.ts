import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common'
import { ApiBearerAuth, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger'
import type { Request, Response } from 'express'
import {
  alertBulkAnswerSchema,
  alertBulkBodySchema,
  alertDetailSchema,
  alertListQuerySchema,
  alertListSchema,
  alertSchema,
  alertStatsQuerySchema,
  alertReportQuerySchema,
  alertReportSchema,
  alertSnapshotQuerySchema,
  alertStatsSchema,
  assignBodySchema,
  commentBodySchema,
  resolveBodySchema,
  rolesThat,
  type Alert,
  type AlertBulkAnswer,
  type AlertBulkBody,
  type AlertDetail,
  type AlertList,
  type AlertListQuery,
  type AlertReport,
  type AlertReportQuery,
  type AlertSnapshotQuery,
  type AlertStats,
  type AlertStatsQuery,
  type AssignBody,
  type AuthClaims,
  type CommentBody,
  type ResolveBody,
} from '@ioc/contracts'
import { ChecksOwnToken, CurrentUser, Roles } from '../auth/auth.decorators.js'
import { claimsFromHeaderOrQuery } from '../auth/query-token.js'
import { TokenService } from '../auth/token.service.js'
import { ApiZodBody, ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { originOf } from '../common/request-origin.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { z } from 'zod'
import { AlertsService } from './alerts.service.js'
import { reportCsv } from './report/alert-report.js'

// Any signed-in user reads alerts of every category (leaders included; district staff their
// district's). Leaders never act (roleCategories), so the action routes refuse them outright; for
// the others canActOnAlert decides per alert, and an alert goes only to an assignee who can act on it.
const actors = rolesThat.actOnAlerts
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly tokens: TokenService,
  ) {}

  @Get()
  @ApiZodQuery(alertListQuerySchema)
  @ApiZodResponse(alertListSchema)
  list(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodPipe(alertListQuerySchema)) query: AlertListQuery,
  ): Promise<AlertList> {
    return this.alerts.list(user, query)
  }

  @Get('stats')
  @ApiZodQuery(alertStatsQuerySchema)
  @ApiZodResponse(alertStatsSchema)
  stats(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodPipe(alertStatsQuerySchema)) query: AlertStatsQuery,
  ): Promise<AlertStats> {
    return this.alerts.stats(user, query)
  }

  // MTTA and MTTR over a period, as JSON or as a CSV file to export (`format=csv` or Accept: text/csv).
  @Get('report')
  @ApiZodQuery(alertReportQuerySchema)
  @ApiZodResponse(alertReportSchema)
  @ApiProduces('application/json', 'text/csv')
  async report(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodPipe(alertReportQuerySchema)) query: AlertReportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AlertReport | string> {
    const report = await this.alerts.report(user, query)
    const csv = query.format ? query.format === 'csv' : /\btext\/csv\b/.test(req.headers.accept ?? '')
    if (!csv) return report
    const day = (iso: string) => iso.slice(0, 10)
    res.setHeader('content-type', 'text/csv; charset=utf-8')
    res.setHeader(
      'content-disposition',
      `attachment; filename="alerts-${query.groupBy}-${day(query.from)}-${day(query.to)}.csv"`,
    )
    return reportCsv(report)
  }

  // One request for many alerts (the console's selection); each id answers for itself, so a
  // refusal of one never undoes the others.
  @Post('bulk')
  @Roles(...actors)
  @HttpCode(200)
  @ApiZodBody(alertBulkBodySchema)
  @ApiZodResponse(alertBulkAnswerSchema)
  bulk(
    @CurrentUser() user: AuthClaims,
    @Body(new ZodPipe(alertBulkBodySchema)) body: AlertBulkBody,
    @Req() req: Request,
  ): Promise<AlertBulkAnswer> {
    return this.alerts.actMany(user, body, originOf(req))
  }

  // For <img> tags, which cannot send headers: the token may come as `?token=`, as for cameras.
  @ChecksOwnToken(
    'any signed-in role who may see the alert and its camera, token in the header or in `?token=`',
  )
  @Get(':id/snapshot.jpg')
  @ApiZodQuery(alertSnapshotQuerySchema)
  @ApiQuery({ name: 'token', required: false, description: 'access token, for <img> tags' })
  @ApiProduces('image/jpeg')
  async snapshot(
    @Param('id') id: string,
    @Query(new ZodPipe(alertSnapshotQuerySchema.extend({ token: z.string().optional() })))
    query: AlertSnapshotQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const kept = await this.alerts.snapshot(this.authorise(req), id, query.kind)
    res.setHeader('content-type', 'image/jpeg')
    // Evidence never changes once kept (a later repeat is `latest`); private: it is per user.
    res.setHeader('cache-control', query.kind === 'raised' ? 'private, max-age=3600' : 'private, no-cache')
    res.setHeader('last-modified', kept.takenAt.toUTCString())
    res.end(kept.jpeg)
  }

  @Get(':id')
  @ApiZodResponse(alertDetailSchema)
  detail(@CurrentUser() user: AuthClaims, @Param('id') id: string): Promise<AlertDetail> {
    return this.alerts.detail(user, id)
  }

  @Post(':id/ack')
  @Roles(...actors)
  @HttpCode(200)
  @ApiZodResponse(alertSchema)
  ack(@CurrentUser() user: AuthClaims, @Param('id') id: string, @Req() req: Request): Promise<Alert> {
    return this.alerts.act(user, id, { kind: 'acknowledge' }, originOf(req))
  }

  @Post(':id/assign')
  @Roles(...actors)
  @HttpCode(200)
  @ApiZodBody(assignBodySchema)
  @ApiZodResponse(alertSchema)
  assign(
    @CurrentUser() user: AuthClaims,
    @Param('id') id: string,
    @Body(new ZodPipe(assignBodySchema)) body: AssignBody,
    @Req() req: Request,
  ): Promise<Alert> {
    return this.alerts.act(user, id, { kind: 'assign', assignee: body.assignee }, originOf(req))
  }

  @Post(':id/comment')
  @Roles(...actors)
  @HttpCode(200)
  @ApiZodBody(commentBodySchema)
  @ApiZodResponse(alertSchema)
  comment(
    @CurrentUser() user: AuthClaims,
    @Param('id') id: string,
    @Body(new ZodPipe(commentBodySchema)) body: CommentBody,
    @Req() req: Request,
  ): Promise<Alert> {
    return this.alerts.act(user, id, { kind: 'comment', text: body.text }, originOf(req))
  }

  @Post(':id/resolve')
  @Roles(...actors)
  @HttpCode(200)
  @ApiZodBody(resolveBodySchema)
  @ApiZodResponse(alertSchema)
  resolve(
    @CurrentUser() user: AuthClaims,
    @Param('id') id: string,
    @Body(new ZodPipe(resolveBodySchema.default({}))) body: ResolveBody,
    @Req() req: Request,
  ): Promise<Alert> {
    return this.alerts.act(
      user,
      id,
      { kind: 'resolve', ...(body.note ? { note: body.note } : {}) },
      originOf(req),
    )
  }

  private authorise(req: Request): AuthClaims {
    return claimsFromHeaderOrQuery(this.tokens, req)
  }
}
