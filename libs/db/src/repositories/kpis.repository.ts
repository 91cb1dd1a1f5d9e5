import type { KpiPillar, KpiScope } from '@ioc/contracts'
import type { Pool } from '../connection.js'

export interface KpiTargetRecord {
  period: string
  value: number
  scope: KpiScope
}

export interface KpiRecord {
  id: string
  name: { vi: string; en: string }
  unit: string
  direction: 'at_least' | 'at_most'
  targets: KpiTargetRecord[]
  scope: KpiScope
  source: string
  pillar: KpiPillar | null
}

/** `period` is '' for a value of an instant (live KPIs); `ts` is then that instant. */
export interface KpiValueRecord {
  kpiId: string
  period: string
  ts: Date
  value: number
  scope: KpiScope
  area: string
  source: string | null
}

const kpiColumns = `id, json_build_object('vi', name_vi, 'en', name_en) as name, unit, direction, targets, scope, source, pillar`
const valueColumns = `kpi_id as "kpiId", period, ts, value, scope, area, source`

export class KpisRepository {
  constructor(private readonly pool: Pool) {}

  /** Creates or updates catalog entries (the seed runs at every start). */
  async upsertCatalog(kpis: readonly KpiRecord[]): Promise<void> {
    if (kpis.length === 0) return
    await this.pool.query(
      `insert into kpis (id, name_vi, name_en, unit, direction, targets, scope, source, pillar)
       select id, name_vi, name_en, unit, direction, targets::jsonb, scope, source, pillar
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         as k(id, name_vi, name_en, unit, direction, targets, scope, source, pillar)
       on conflict (id) do update set name_vi = excluded.name_vi, name_en = excluded.name_en,
         unit = excluded.unit, direction = excluded.direction, targets = excluded.targets,
         scope = excluded.scope, source = excluded.source, pillar = excluded.pillar`,
      [
        kpis.map((k) => k.id),
        kpis.map((k) => k.name.vi),
        kpis.map((k) => k.name.en),
        kpis.map((k) => k.unit),
        kpis.map((k) => k.direction),
        kpis.map((k) => JSON.stringify(k.targets)),
        kpis.map((k) => k.scope),
        kpis.map((k) => k.source),
        kpis.map((k) => k.pillar),
      ],
    )
  }

  async list(): Promise<KpiRecord[]> {
    return (await this.pool.query<KpiRecord>(`select ${kpiColumns} from kpis order by id`)).rows
  }

  async get(id: string): Promise<KpiRecord | null> {
    const result = await this.pool.query<KpiRecord>(`select ${kpiColumns} from kpis where id = $1`, [id])
    return result.rows[0] ?? null
  }

  /**
   * Stores values in ONE statement, so a batch (a CSV file) is stored whole or not at all. A value
   * for the same (KPI, area, period, ts) replaces the stored one: a corrected report overwrites.
   * With `keepExisting` (seed history) stored values win instead. The caller removes repeats.
   */
  async insertValues(
    values: readonly KpiValueRecord[],
    options: { keepExisting?: boolean } = {},
  ): Promise<number> {
    if (values.length === 0) return 0
    const onConflict = options.keepExisting
      ? 'do nothing'
      : 'do update set value = excluded.value, scope = excluded.scope, source = excluded.source'
    const result = await this.pool.query(
      `insert into kpi_values (kpi_id, period, ts, value, scope, area, source)
       select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::float8[], $5::text[], $6::text[], $7::text[])
       on conflict (kpi_id, area, period, ts) ${onConflict}`,
      [
        values.map((v) => v.kpiId),
        values.map((v) => v.period),
        values.map((v) => v.ts),
        values.map((v) => v.value),
        values.map((v) => v.scope),
        values.map((v) => v.area),
        values.map((v) => v.source),
      ],
    )
    return result.rowCount ?? 0
  }

  /** The newest value of every (KPI, scope, area), newest reports first within a KPI. */
  async latestByArea(): Promise<KpiValueRecord[]> {
    const result = await this.pool.query<KpiValueRecord>(
      `select distinct on (kpi_id, scope, area) ${valueColumns}
       from kpi_values order by kpi_id, scope, area, ts desc`,
    )
    return result.rows
  }

  /** Values of one KPI, oldest first, optionally within [from, to). */
  async values(
    kpiId: string,
    range: { from?: Date; to?: Date } = {},
    limit = 5000,
  ): Promise<KpiValueRecord[]> {
    const result = await this.pool.query<KpiValueRecord>(
      `select ${valueColumns} from kpi_values
       where kpi_id = $1 and ($2::timestamptz is null or ts >= $2) and ($3::timestamptz is null or ts < $3)
       order by ts, area limit $4`,
      [kpiId, range.from ?? null, range.to ?? null, limit],
    )
    return result.rows
  }
}
