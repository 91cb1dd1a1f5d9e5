import { Inject, Injectable } from '@nestjs/common'
import {
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
 * POST /api/rules/preview: the rule replayed over the stored readings (threshold, rate of change),
 * detection events (detection rules) or the moments each device was heard (offline rules: device
 * statuses are not stored, the readings' timestamps are) of the last 24 h or 7 days.
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
    // offline: where each device stood at the window's start, then every moment it was heard
    const deviceIds = rule.target.sourceIds
    const before = await this.db.readings.lastHeardBefore(from, deviceIds)
    for (const [id, ts] of [...before].sort((a, b) => a[1].getTime() - b[1].getTime()))
      replay.heard(this.sources.device(id), ts.getTime(), true)
    let next: { tsKey: string; deviceId: string } | null = null
    for (;;) {
      const limit = Math.min(PAGE, RULE_PREVIEW_MAX_ROWS - read)
      if (limit <= 0) break
      const rows = await this.db.readings.heardPage({
        from,
        to,
        after: next,
        limit,
        ...(deviceIds ? { deviceIds } : {}),
      })
      for (const r of rows) replay.heard(this.sources.device(r.deviceId), r.ts.getTime())
      read += rows.length
      if (rows.length < limit) return replay.result(false)
      const last = rows.at(-1)!
      next = { tsKey: last.tsKey, deviceId: last.deviceId }
    }
    return replay.result(true)
  }
}
