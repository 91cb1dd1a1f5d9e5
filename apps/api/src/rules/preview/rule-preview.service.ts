import { BadRequestException, Inject, Injectable } from '@nestjs/common'
import {
  commonErrorCodes,
  RULE_PREVIEW_MAX_ROWS,
  rulePreviewWindowMs,
  type RulePreview,
  type RulePreviewBody,
} from '@ioc/contracts'
import { DetectionEventsRepository, type Database } from '@ioc/db'
import { DATABASE } from '../../database/database.module.js'
import { SourcesDirectory } from '../../sources/sources-directory.js'
import { RuleReplay } from './rule-replay.js'

/** Rows read per query: bounded memory whatever the window holds. */
const PAGE = 20_000

/**
 * POST /api/rules/preview: the rule replayed over the stored readings (threshold, rate of change)
 * or detection events (detection rules) of the last 24 h or 7 days.
 */
@Injectable()
export class RulePreviewService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly sources: SourcesDirectory,
    private readonly events: DetectionEventsRepository,
  ) {}

  async preview({ rule, window }: RulePreviewBody, now = new Date()): Promise<RulePreview> {
    const to = now
    const from = new Date(now.getTime() - rulePreviewWindowMs[window])
    const replay = new RuleReplay(rule, window, from, to)
    await this.sources.refresh()
    let read = 0
    if (rule.kind === 'threshold' || rule.kind === 'rate_of_change') {
      let after: { tsKey: string; deviceId: string } | null = null
      for (;;) {
        const limit = Math.min(PAGE, RULE_PREVIEW_MAX_ROWS - read)
        if (limit <= 0) break
        const rows = await this.db.readings.replayPage({
          metric: rule.params.metric,
          from,
          to,
          after,
          limit,
          ...(rule.target.sourceIds ? { deviceIds: rule.target.sourceIds } : {}),
        })
        for (const r of rows)
          replay.observe(
            { deviceId: r.deviceId, metric: r.metric, ts: r.ts.toISOString(), value: Number(r.value) },
            this.sources.device(r.deviceId),
          )
        read += rows.length
        if (rows.length < limit) return replay.result(false)
        const last = rows.at(-1)!
        after = { tsKey: last.tsKey, deviceId: last.deviceId }
      }
      return replay.result(true)
    }
    if (rule.kind === 'detection') {
      for (;;) {
        const limit = Math.min(PAGE, RULE_PREVIEW_MAX_ROWS - read)
        if (limit <= 0) break
        const events = await this.events.replayPage({
          kind: rule.params.event,
          from,
          to,
          offset: read,
          limit,
        })
        for (const e of events) replay.detect(e, this.sources.camera(e.cameraId))
        read += events.length
        if (events.length < limit) return replay.result(false)
      }
      return replay.result(true)
    }
    throw new BadRequestException({
      code: commonErrorCodes.validation,
      message:
        'Quy tắc mất kết nối chưa xem trước được: lịch sử trạng thái thiết bị không được lưu / offline rules cannot be previewed: device status history is not stored',
      details: [{ path: 'rule.kind', message: 'threshold, rate_of_change or detection' }],
    })
  }
}
