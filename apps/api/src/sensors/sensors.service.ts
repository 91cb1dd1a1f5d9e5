import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common'
import {
  canSeeDevice,
  type AuthClaims,
  type DeviceCreate,
  type DeviceKind,
  type ReadingPoint,
  type ReadingsQuery,
  type SensorReadings,
  type SensorView,
} from '@ioc/contracts'
import { hashSecret, type Database, type DeviceRecord } from '@ioc/db'
import { resolveRange } from '../common/time-range.js'
import { ConfigAuditService, type ChangeBy } from '../audit/config-audit.service.js'
import { DATABASE } from '../database/database.module.js'

type Who = Pick<AuthClaims, 'role' | 'district'>

export const sensorErrorCodes = { notFound: 'sensor_not_found', exists: 'sensor_exists' } as const

@Injectable()
export class SensorsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly audit: ConfigAuditService,
  ) {}

  /** District staff see their district's devices and those placed in no district. */
  async list(user: Who): Promise<SensorView[]> {
    return (await this.db.devices.list()).filter((d) => canSeeDevice(user, d)).map(view)
  }

  async get(user: Who, id: string): Promise<SensorView> {
    return view(await this.require(user, id))
  }

  async create(by: ChangeBy, { password, ...device }: DeviceCreate): Promise<SensorView> {
    // check-then-insert: two admins registering the same id at the same instant would have the
    // second overwrite the first, which is harmless (same admin-only route, both deliberate)
    if (await this.db.devices.get(device.id))
      throw new ConflictException({
        code: sensorErrorCodes.exists,
        message: `Thiết bị ${device.id} đã tồn tại / device ${device.id} already exists`,
      })
    const created = view(await this.db.devices.upsert(device, await hashSecret(password)))
    await this.audit.record(by, 'sensor', device.id, 'created', { ...device, password: 'set' })
    return created
  }

  async readings(user: Who, id: string, query: ReadingsQuery): Promise<SensorReadings> {
    const device = await this.require(user, id)
    const range = resolveRange(query)
    const metrics = query.metric ? [query.metric] : device.metrics
    const series: Record<string, ReadingPoint[]> = {}
    for (const metric of metrics) {
      const rows = await this.db.readings.history(id, metric, range, query.bucket)
      series[metric] = rows.map((r) => ({
        bucket: r.bucket.toISOString(),
        avg: Number(r.avg),
        min: Number(r.min),
        max: Number(r.max),
        count: r.count,
      }))
    }
    return {
      deviceId: id,
      bucket: query.bucket,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      series,
    }
  }

  /** A device outside the user's district answers the same 404 as one that does not exist. */
  private async require(user: Who, id: string): Promise<DeviceRecord> {
    const device = await this.db.devices.get(id)
    if (!device || !canSeeDevice(user, device))
      throw new NotFoundException({
        code: sensorErrorCodes.notFound,
        message: `Không có thiết bị ${id} / no device ${id}`,
      })
    return device
  }
}

/** A device as answered: never its password hash (the repository does not even select it). */
function view(d: DeviceRecord): SensorView {
  return {
    id: d.id,
    // written only as a DeviceKind: by deviceCreateSchema here, by ingest's auto-registration
    kind: d.kind as DeviceKind,
    name: d.name,
    lat: d.lat,
    lon: d.lon,
    district: d.district,
    metrics: d.metrics,
    lastSeen: d.lastSeen ? d.lastSeen.toISOString() : null,
    online: d.online,
  }
}
