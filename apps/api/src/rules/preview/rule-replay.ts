import {
  RULE_PREVIEW_MAX_FIRINGS,
  ruleSchema,
  type DetectionEvent,
  type Observation,
  type RuleCreate,
  type RulePreview,
  type RulePreviewFiring,
  type RulePreviewWindow,
} from '@ioc/contracts'
import { RulesEngine, type Signal } from '../evaluators/rules-engine.js'
import type { SourceInfo } from '../evaluators/target.js'
import { OfflineReplay } from './offline-replay.js'

const HOUR_MS = 3600_000

/**
 * A rule replayed over history through the rules engine itself (a fresh RulesEngine holding only
 * this rule, enabled): rows go in in time order, as they would have arrived; the signals are
 * counted. A raise for a source with no active alert of the rule opens an alert (as the alerts
 * service does, one active alert per rule and source); a clear closes it. Offline rules replay the
 * moments devices were heard (OfflineReplay).
 */
export class RuleReplay {
  private readonly engine = new RulesEngine()
  private readonly active = new Set<string>()
  private readonly alerted = new Set<string>()
  private readonly firings: RulePreviewFiring[] = []
  private readonly buckets: { alerts: number; raises: number }[]
  private readonly bucketMs: number
  private readonly detection: boolean
  private readonly offline: OfflineReplay | null = null
  private lastHeard: number
  private rows = 0
  private alerts = 0
  private raises = 0
  private clears = 0

  constructor(
    rule: RuleCreate,
    private readonly window: RulePreviewWindow,
    private readonly from: Date,
    private readonly to: Date,
  ) {
    const replayed = ruleSchema.parse({ ...rule, id: rule.id ?? 'preview', enabled: true })
    this.engine.setRules([replayed])
    if (replayed.kind === 'offline')
      this.offline = new OfflineReplay(this.engine, replayed, from.getTime(), (s) => this.take(s))
    this.lastHeard = from.getTime()
    this.detection = rule.kind === 'detection'
    this.bucketMs = window === '24h' ? HOUR_MS : 24 * HOUR_MS
    const n = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / this.bucketMs))
    this.buckets = Array.from({ length: n }, () => ({ alerts: 0, raises: 0 }))
  }

  observe(obs: Observation, source: SourceInfo): void {
    this.rows++
    this.take(this.engine.onObservation(obs, source))
  }

  detect(event: DetectionEvent, source: SourceInfo): void {
    this.rows++
    this.take(this.engine.onDetection(event, source))
  }

  /**
   * Offline rules: a device heard at `ts` (epoch ms; a stored reading of any metric), in time
   * order. `before`: its last reading before the window, given first, oldest first, not counted.
   */
  heard(source: SourceInfo, ts: number, before = false): void {
    if (!before) this.rows++
    this.lastHeard = Math.max(this.lastHeard, ts)
    this.offline?.heard(source, ts)
  }

  /** The counts; an offline rule's silent devices raised up to the window's end (truncated: the last row's time). */
  result(truncated: boolean): RulePreview {
    this.offline?.advance(truncated ? this.lastHeard : this.to.getTime())
    return {
      window: this.window,
      from: this.from.toISOString(),
      to: this.to.toISOString(),
      rowsReplayed: this.rows,
      truncated,
      alerts: this.alerts,
      raises: this.raises,
      clears: this.clears,
      sources: this.alerted.size,
      firings: this.firings,
      histogram: this.buckets.map((b, i) => ({
        start: new Date(this.from.getTime() + i * this.bucketMs).toISOString(),
        ...b,
      })),
    }
  }

  private take(signals: readonly Signal[]): void {
    for (const signal of signals) {
      const key = `${signal.source.sourceType}|${signal.source.id}`
      if (signal.type === 'clear') {
        if (this.active.delete(key)) this.clears++
        continue
      }
      this.raises++
      const bucket = this.buckets[Math.floor((signal.at.getTime() - this.from.getTime()) / this.bucketMs)]
      if (bucket) bucket.raises++
      const opens = !this.active.has(key)
      if (opens) {
        this.active.add(key)
        this.alerted.add(key)
        this.alerts++
        if (bucket) bucket.alerts++
      }
      if ((opens || this.detection) && this.firings.length < RULE_PREVIEW_MAX_FIRINGS)
        this.firings.push({
          at: signal.at.toISOString(),
          sourceId: signal.source.id,
          sourceName: signal.source.name,
          description: signal.description,
        })
    }
  }
}
