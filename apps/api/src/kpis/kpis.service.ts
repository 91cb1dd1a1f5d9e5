import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleInit,
} from '@nestjs/common'
import {
  kpiSchema,
  type KpiValue,
  type KpiValueInput,
  type KpiValuesStored,
  type KpiValueView,
  type KpiView,
  periodStart,
} from '@ioc/contracts'
import type { Database, KpiRecord, KpiValueRecord } from '@ioc/db'
import { DATABASE } from '../database/database.module.js'
import { LiveService } from '../live/live.service.js'
import { kpiCatalog } from './kpi-catalog.js'
import { kpiHistory } from './kpi-history.js'
import { progress, targetFor } from './kpi-progress.js'

export const kpiErrorCodes = {
  notFound: 'kpi_not_found',
  duplicate: 'kpi_value_repeated',
  csvRejected: 'csv_rejected',
} as const

/** Where a batch came from, for the log line. */
export type KpiValueOrigin = 'rest' | 'csv' | 'mqtt'

@Injectable()
export class KpisService implements OnModuleInit {
  private readonly logger = new Logger('kpis')

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly live: LiveService,
  ) {}

  /** The catalog of the plans and their published history, at every start (idempotent). */
  async onModuleInit(): Promise<void> {
    await this.db.kpis.upsertCatalog(kpiCatalog.map((k) => kpiSchema.parse(k)))
    const history = kpiHistory.flatMap(({ kpiId, values }) => values.map((v) => toRecord(kpiId, v)))
    const added = await this.db.kpis.insertValues(history, { keepExisting: true })
    this.logger.log(`catalog: ${kpiCatalog.length} KPIs; published history: ${added} new values`)
  }

  async list(): Promise<KpiView[]> {
    const [kpis, latest] = await Promise.all([this.db.kpis.list(), this.db.kpis.latestByArea()])
    const byKpi = new Map<string, KpiValueRecord[]>()
    for (const v of latest) byKpi.set(v.kpiId, [...(byKpi.get(v.kpiId) ?? []), v])
    return kpis.map((k) => view(k, byKpi.get(k.id) ?? []))
  }

  async get(id: string): Promise<KpiView> {
    const kpi = await this.require(id)
    const latest = (await this.db.kpis.latestByArea()).filter((v) => v.kpiId === id)
    return view(kpi, latest)
  }

  async values(id: string, range: { from?: Date; to?: Date }): Promise<KpiValueView[]> {
    const kpi = await this.require(id)
    return (await this.db.kpis.values(id, range)).map((v) => valueView(kpi, v))
  }

  /**
   * Stores a batch whole or not at all (one statement). Two values of the batch for the same
   * (area, period, ts) are refused: which one was meant cannot be guessed.
   * `where(i)` names item i in errors (an array index, a CSV line).
   */
  async addValues(
    id: string,
    inputs: readonly KpiValueInput[],
    origin: KpiValueOrigin,
    where: (i: number) => string = (i) => String(i),
  ): Promise<KpiValuesStored> {
    await this.require(id)
    const records = inputs.map((v) => toRecord(id, v))
    const seen = new Map<string, number>()
    const repeats: { path: string; message: string }[] = []
    records.forEach((r, i) => {
      const key = `${r.area}\u0000${r.period}\u0000${r.ts.getTime()}`
      const first = seen.get(key)
      if (first === undefined) seen.set(key, i)
      else repeats.push({ path: where(i), message: `repeats ${where(first)} (same area, period and ts)` })
    })
    if (repeats.length > 0)
      throw new BadRequestException({
        code: kpiErrorCodes.duplicate,
        message: `Giá trị lặp lại, không nhập gì / repeated values, nothing imported: ${repeats
          .slice(0, 3)
          .map((r) => `${r.path} ${r.message}`)
          .join('; ')}`,
        details: repeats,
      })
    const stored = await this.db.kpis.insertValues(records)
    this.logger.log(`${id}: ${stored} values by ${origin}`)
    // after the commit, so that a client reloading on this event reads what it was told
    this.live.kpiValues(records.map(toWire))
    return { kpiId: id, stored }
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.kpis.get(id)) !== null
  }

  private async require(id: string): Promise<KpiRecord> {
    const kpi = await this.db.kpis.get(id)
    if (!kpi)
      throw new NotFoundException({
        code: kpiErrorCodes.notFound,
        message: `Không có chỉ tiêu ${id} / no KPI ${id}`,
      })
    return kpi
  }
}

/** A value of a period without ts is stored at the period's start, so a re-report replaces it. */
function toRecord(kpiId: string, v: KpiValueInput): KpiValueRecord {
  return {
    kpiId,
    period: v.period ?? '',
    ts: v.ts ? new Date(v.ts) : periodStart(v.period!),
    value: v.value,
    scope: v.scope,
    area: v.area,
    source: v.source ?? null,
  }
}

function toWire(r: KpiValueRecord): KpiValue {
  return {
    kpiId: r.kpiId,
    period: r.period === '' ? null : r.period,
    ts: r.ts.toISOString(),
    value: r.value,
    scope: r.scope,
    area: r.area,
    source: r.source,
  }
}

function view(kpi: KpiRecord, latest: readonly KpiValueRecord[]): KpiView {
  const byArea = [...latest]
    .sort((a, b) => b.ts.getTime() - a.ts.getTime() || a.area.localeCompare(b.area, 'vi'))
    .map((v) => valueView(kpi, v))
  return { ...kpi, latest: byArea[0] ?? null, byArea }
}

function valueView(kpi: KpiRecord, v: KpiValueRecord): KpiValueView {
  const target = targetFor(kpi.targets, v)
  const p = target ? progress(kpi.direction, v.value, target.value) : null
  return {
    period: v.period === '' ? null : v.period,
    ts: v.ts.toISOString(),
    value: v.value,
    scope: v.scope,
    area: v.area,
    source: v.source,
    target: target ? { period: target.period, value: target.value } : null,
    progress: p,
    status: p === null ? 'no_target' : p >= 1 ? 'met' : 'behind',
  }
}
