import type { DetectionEvent, DeviceStatus, Observation, Rule } from '@ioc/contracts'
import { detectionText, offlineText, rateText, thresholdText } from './describe.js'
import { matchesDetection } from './detection.js'
import { isOffline } from './offline.js'
import { evaluateRate, initialRateState, type RateState } from './rate-of-change.js'
import {
  evaluateThreshold,
  initialThresholdState,
  REPEAT_EVERY_MS,
  type ThresholdState,
} from './threshold.js'
import { matchesTarget, type SourceInfo } from './target.js'

/** What a rule decided about one source; the alerts service turns it into a change. */
export type Signal =
  | {
      type: 'raise'
      rule: Rule
      source: SourceInfo
      at: Date
      description: string
      detail: Record<string, unknown>
      /** The detection that fired a detection rule: its alert keeps the snapshot of that moment. */
      event?: DetectionEvent
    }
  | { type: 'clear'; rule: Rule; source: SourceInfo; at: Date; detail: Record<string, unknown> }

/** A device as the offline check sees it: who it is, and its latest status from the ingest. */
export interface DeviceSeen extends SourceInfo {
  status: Pick<DeviceStatus, 'online' | 'lastSeen' | 'ts'>
}

/**
 * Pure evaluation of the stored rules: no I/O, no clock except the timestamps it is given. State
 * per (rule, source) lives here; a rule that is edited starts from a clean state.
 */
export class RulesEngine {
  private rules: Rule[] = []
  private readonly state = new Map<string, ThresholdState | RateState>()
  // (rule, camera) -> when its detection last raised: a person standing in a restricted zone
  // matches every analysed frame, and each match would otherwise repeat the alert 2-3 times a second
  private readonly detectionRaisedAt = new Map<string, number>()
  private fingerprints = new Map<string, string>()

  setRules(rules: readonly Rule[]): void {
    const next = new Map(rules.map((r) => [r.id, JSON.stringify(r)]))
    const edited = (key: string) => {
      const ruleId = key.slice(0, key.indexOf('|'))
      return next.get(ruleId) !== this.fingerprints.get(ruleId)
    }
    for (const key of this.state.keys()) if (edited(key)) this.state.delete(key)
    for (const key of this.detectionRaisedAt.keys()) if (edited(key)) this.detectionRaisedAt.delete(key)
    this.fingerprints = next
    this.rules = rules.filter((r) => r.enabled)
  }

  get activeRules(): readonly Rule[] {
    return this.rules
  }

  /** Evaluation state entries held: bounded by rules x sources. */
  get stateSize(): number {
    return this.state.size + this.detectionRaisedAt.size
  }

  onObservation(obs: Observation, source: SourceInfo): Signal[] {
    const signals: Signal[] = []
    const ts = Date.parse(obs.ts)
    const at = new Date(ts)
    for (const rule of this.rules) {
      if (rule.kind !== 'threshold' && rule.kind !== 'rate_of_change') continue
      if (rule.params.metric !== obs.metric || !matchesTarget(rule.target, source)) continue
      const key = `${rule.id}|${source.sourceType}|${source.id}`
      if (rule.kind === 'threshold') {
        const state = this.stateOf(key, initialThresholdState)
        const verdict = evaluateThreshold(rule.params, state, ts, obs.value)
        if (verdict === 'raise')
          signals.push({
            type: 'raise',
            rule,
            source,
            at,
            description: thresholdText(rule, obs.value),
            detail: { metric: obs.metric, value: obs.value },
          })
        else if (verdict === 'clear')
          signals.push({ type: 'clear', rule, source, at, detail: { metric: obs.metric, value: obs.value } })
      } else {
        const state = this.stateOf(key, initialRateState)
        const { verdict, rate } = evaluateRate(rule.params, state, ts, obs.value)
        const detail = { metric: obs.metric, value: obs.value, ratePerMinute: rate }
        if (verdict === 'raise' && rate !== null)
          signals.push({
            type: 'raise',
            rule,
            source,
            at,
            description: rateText(rule, rate, obs.value),
            detail,
          })
        else if (verdict === 'clear') signals.push({ type: 'clear', rule, source, at, detail })
      }
    }
    return signals
  }

  /** A matching detection raises the alert, then repeats it at most every REPEAT_EVERY_MS per camera. */
  onDetection(event: DetectionEvent, source: SourceInfo): Signal[] {
    const ts = Date.parse(event.ts)
    const signals: Signal[] = []
    for (const rule of this.rules) {
      if (
        rule.kind !== 'detection' ||
        !matchesDetection(rule.params, event) ||
        !matchesTarget(rule.target, source)
      )
        continue
      const key = `${rule.id}|${source.id}`
      const last = this.detectionRaisedAt.get(key)
      if (last !== undefined && ts - last < REPEAT_EVERY_MS) continue
      this.detectionRaisedAt.set(key, ts)
      signals.push({
        type: 'raise',
        rule,
        source,
        at: new Date(ts),
        description: detectionText(event),
        detail: { event },
        event,
      })
    }
    return signals
  }

  /**
   * Offline rules look at each device's latest status (the ingest's retained status stream, which
   * every replica reads whole) and at the alerts already active (`active`: rule id -> source ids),
   * so they raise and clear each device once however many replicas run the check.
   */
  offlineSignals(
    devices: readonly DeviceSeen[],
    active: ReadonlyMap<string, ReadonlySet<string>>,
    now: number,
  ): Signal[] {
    const signals: Signal[] = []
    for (const rule of this.rules) {
      if (rule.kind !== 'offline') continue
      const open = active.get(rule.id) ?? new Set<string>()
      for (const device of devices) {
        if (!matchesTarget(rule.target, device)) continue
        const offline = isOffline(device.status, now, rule.params.afterSeconds)
        const { lastSeen } = device.status
        const source: SourceInfo = { ...device, sourceType: 'device' }
        if (offline === true && !open.has(device.id))
          signals.push({
            type: 'raise',
            rule,
            source,
            at: new Date(now),
            description: offlineText(rule.params.afterSeconds, new Date(lastSeen!)),
            detail: { lastSeen, afterSeconds: rule.params.afterSeconds },
          })
        else if (offline === false && open.has(device.id))
          signals.push({
            type: 'clear',
            rule,
            source,
            at: new Date(lastSeen ?? device.status.ts),
            detail: { lastSeen },
          })
      }
    }
    return signals
  }

  private stateOf<S extends ThresholdState | RateState>(key: string, init: () => S): S {
    let state = this.state.get(key) as S | undefined
    if (!state) this.state.set(key, (state = init()))
    return state
  }
}
