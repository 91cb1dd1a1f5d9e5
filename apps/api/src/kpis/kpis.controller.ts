import {
  BadRequestException,
  Body,
  ForbiddenException,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common'
import { ApiBody, ApiConsumes, ApiProduces } from '@nestjs/swagger'
import type { Request, Response } from 'express'
import {
  canReportKpiValue,
  cityKpisSchema,
  commonErrorCodes,
  formatZodError,
  kpiCsvColumns,
  kpiIdSchema,
  kpiValueInputBatchSchema,
  kpiValuesStoredSchema,
  kpiValuesQuerySchema,
  kpiValueViewSchema,
  kpiViewSchema,
  rolesThat,
  type AuthClaims,
  type CityKpis,
  type KpiValuesQuery,
  type KpiValuesStored,
  type KpiValueView,
  type KpiView,
  toOpenApiSchema,
} from '@ioc/contracts'
import { CurrentUser, Roles } from '../auth/auth.decorators.js'
import { ApiZodQuery, ApiZodResponse } from '../common/openapi.decorators.js'
import { CityKpisService } from '../city-kpis/city-kpis.service.js'
import { ZodPipe } from '../common/zod-pipe.js'
import { parseKpiCsv } from './kpi-csv.js'
import { kpiValuesCsv } from './kpi-values-csv.js'
import { parseKpiValueBatch } from './kpi-input.js'
import { kpiErrorCodes, KpisService } from './kpis.service.js'

/**
 * Everybody signed in reads KPIs (leaders on their tablets); admins and operators report values,
 * district staff their district's only.
 */
@Controller('kpis')
export class KpisController {
  constructor(
    private readonly kpis: KpisService,
    private readonly city: CityKpisService,
  ) {}

  @Get()
  @ApiZodResponse(kpiViewSchema.array())
  list(): Promise<KpiView[]> {
    return this.kpis.list()
  }

  /**
   * The live city indicators computed from the streams (vehicles per minute, persons in zones,
   * AQI by district, cameras and sensors online, open alerts, mean time to acknowledge); the
   * socket event `kpis:city` pushes the same document when it changes. Staff of one district get
   * their district's figures. Declared before `:id`.
   */
  @Get('live')
  @ApiZodResponse(cityKpisSchema)
  live(@CurrentUser() user: AuthClaims): Promise<CityKpis> {
    return this.city.current(user.district)
  }

  @Get(':id')
  @ApiZodResponse(kpiViewSchema)
  get(@Param('id', new ZodPipe(kpiIdSchema, 'id')) id: string): Promise<KpiView> {
    return this.kpis.get(id)
  }

  // The history as JSON, or as a CSV file to export (`format=csv` or Accept: text/csv): the
  // upload's columns first, so a corrected file goes back as it is (kpiCsvExportColumns).
  @Get(':id/values')
  @ApiZodQuery(kpiValuesQuerySchema)
  @ApiZodResponse(kpiValueViewSchema.array())
  @ApiProduces('application/json', 'text/csv')
  async values(
    @Param('id', new ZodPipe(kpiIdSchema, 'id')) id: string,
    @Query(new ZodPipe(kpiValuesQuerySchema)) query: KpiValuesQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<KpiValueView[] | string> {
    const values = await this.kpis.values(id, {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    })
    const csv = query.format ? query.format === 'csv' : /\btext\/csv\b/.test(req.headers.accept ?? '')
    if (!csv) return values
    res.setHeader('content-type', 'text/csv; charset=utf-8')
    res.setHeader('content-disposition', `attachment; filename="${id}.csv"`)
    return kpiValuesCsv(values)
  }

  /**
   * JSON (one value or an array) or CSV (`Content-Type: text/csv`, a header of
   * period,ts,value,scope,area,source). A file with any bad line is refused whole, every bad line
   * named with its number.
   */
  @Roles(...rolesThat.reportKpiValues)
  @Post(':id/values')
  @HttpCode(201)
  @ApiConsumes('application/json', 'text/csv')
  @ApiZodResponse(kpiValuesStoredSchema, 201)
  @ApiBody({
    description: `JSON: one value or an array of up to 1000. CSV header: ${kpiCsvColumns.join(',')} (value and area required).`,
    schema: toOpenApiSchema(kpiValueInputBatchSchema, { io: 'input' }),
  })
  addValues(
    @CurrentUser() user: AuthClaims,
    @Param('id', new ZodPipe(kpiIdSchema, 'id')) id: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<KpiValuesStored> {
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
    if (type === 'text/csv' || type === 'text/plain')
      return this.addCsv(user, id, typeof body === 'string' ? body : '')
    if (type !== 'application/json')
      throw new UnsupportedMediaTypeException({
        code: 'unsupported_media_type',
        message: `Content-Type ${type || '(none)'}: send application/json or text/csv`,
      })
    const batch = parseKpiValueBatch(body)
    if (!batch.success) throw new BadRequestException(formatZodError(batch.error))
    refuseOutsideDistrict(user, batch.data, String)
    return this.kpis.addValues(id, batch.data, 'rest')
  }

  private addCsv(user: AuthClaims, id: string, text: string): Promise<KpiValuesStored> {
    const parsed = parseKpiCsv(text)
    if (!parsed.ok) {
      const n = parsed.errors.length
      throw new BadRequestException({
        code: kpiErrorCodes.csvRejected,
        message: `${n} dòng lỗi, không nhập dòng nào / ${n} bad line${n === 1 ? '' : 's'}, nothing imported: ${parsed.errors
          .slice(0, 3)
          .map((e) => `line ${e.line}: ${e.message}`)
          .join('; ')}`,
        details: parsed.errors.map((e) => ({ path: `line ${e.line}`, message: e.message })),
      })
    }
    const where = (i: number) => `line ${parsed.lines[i]}`
    refuseOutsideDistrict(user, parsed.values, where)
    return this.kpis.addValues(id, parsed.values, 'csv', where)
  }
}

/** District staff report their district's figures only: anything else refuses the whole batch. */
function refuseOutsideDistrict(
  user: AuthClaims,
  values: readonly { scope: string; area: string }[],
  where: (i: number) => string,
): void {
  const outside = values.flatMap((v, i) =>
    canReportKpiValue(user, v)
      ? []
      : [
          {
            path: where(i),
            message: `${v.scope} ${v.area}: staff of ${user.district} report district ${user.district} only`,
          },
        ],
  )
  if (outside.length > 0)
    throw new ForbiddenException({
      code: commonErrorCodes.forbidden,
      message: `${outside.length} value(s) outside ${user.district}, nothing stored: ${outside[0]!.path}: ${outside[0]!.message}`,
      details: outside,
    })
}
