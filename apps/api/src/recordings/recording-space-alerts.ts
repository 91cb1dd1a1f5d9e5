// An ingest that stopped recording for lack of disk (its heartbeat's `recordings` pipeline, see
// apps/ingest/src/recordings/recordings.ts) is an alert for the operators, not only a line in
// GET /api/health: raised when an instance says so, cleared when it records again or stops cleanly.
// Each replica follows the transitions it sees; the database keeps one active alert per instance.
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common'
import { bilingualText, streams, type ServiceStatus } from '@ioc/contracts'
import { AlertsService } from '../alerts/alerts.service.js'
import { MqttService } from '../messaging/mqtt.service.js'

export const RECORDING_SPACE_RULE = 'recordings-disk-space'
/** What the ingest's summary begins with when its recording stopped (recordings.ts). */
const STOPPED = 'recording stopped'

@Injectable()
export class RecordingSpaceAlerts implements OnModuleInit {
  private readonly logger = new Logger('recordings')
  /** Instances this replica has seen stopped. */
  private readonly stopped = new Set<string>()

  constructor(
    private readonly mqtt: MqttService,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    this.mqtt.on(streams.serviceStatus, (status, params) => {
      if (params.service !== 'ingest') return
      this.follow(params.instance, status).catch((err: Error) =>
        this.logger.warn(`recording alert of ${params.instance}: ${err.message}`),
      )
    })
  }

  private async follow(instance: string, status: ServiceStatus | null): Promise<void> {
    const recordings = status?.pipelines['recordings']
    // a heartbeat without the pipeline (an older ingest, a crash's will) says nothing either way
    if (status && !recordings) return
    const stopped = recordings ? !recordings.ok && (recordings.detail ?? '').startsWith(STOPPED) : false
    if (stopped === this.stopped.has(instance)) return
    const key = { sourceType: 'system' as const, sourceId: instance, ruleId: RECORDING_SPACE_RULE }
    const at = status ? new Date(status.at) : new Date()
    if (stopped) {
      this.stopped.add(instance)
      await this.alerts.raise({
        ...key,
        severity: 'major',
        category: 'system',
        subCategory: 'serviceDegraded',
        district: null,
        title: `Dừng ghi hình: ổ đĩa gần đầy (${instance})`,
        description: bilingualText(
          `Máy ${instance} đã dừng ghi hình camera vì ổ đĩa gần đầy: ${recordings!.detail}`,
          `${instance} stopped recording its cameras, its disk nearly full: ${recordings!.detail}`,
        ),
        at,
        detail: { instance, health: recordings!.detail },
      })
    } else {
      this.stopped.delete(instance)
      await this.alerts.clear(key, at, { instance, health: recordings?.detail ?? 'stopped cleanly' })
    }
  }
}
