// One history for the preview of offline rules, replayed twice: by the runtime's way (here) in the
// unit test, and stored then previewed through POST /api/rules/preview in the e2e test. The
// counts of both must be equal.
import type { ReadingRow } from '@ioc/db'
import { ruleSchema, type Rule } from '@ioc/contracts'
import { RulesEngine, type DeviceSeen } from '../../src/rules/evaluators/rules-engine.js'
import type { SourceInfo } from '../../src/rules/evaluators/target.js'

const MIN = 60_000
const HOUR = 60 * MIN

/**
 * Three stations, two metrics a reading, a minute apart, for a 24 h window ending at `to`:
 * - `a`: heard the whole 6 h before `to` but for a 40 min silence and a 5 min one;
 * - `b`: heard for 5 h, silent the last hour;
 * - `c`: heard 25 h before `to`, once, silent since (offline from the window's start);
 * - `d`: registered, never heard (no alert: not in service yet).
 */
export function offlineHistory(
  ids: { a: string; b: string; c: string; d: string },
  to: number,
): ReadingRow[] {
  const rows: ReadingRow[] = []
  const push = (deviceId: string, ts: number) => {
    for (const metric of ['pm25', 'pm10']) rows.push({ ts: new Date(ts), deviceId, metric, value: 20 })
  }
  const start = to - 6 * HOUR
  for (let m = 0; m < 6 * 60; m++) {
    const silentA = (m >= 60 && m < 100) || (m >= 200 && m < 205)
    if (!silentA) push(ids.a, start + m * MIN)
    if (m < 5 * 60) push(ids.b, start + m * MIN + 7_000)
  }
  push(ids.c, to - 25 * HOUR)
  return rows
}

/** Silent for more than 10 min: `a` once, `b` once, `c` from the start. */
export function offlineRule(ids: readonly string[]): Rule {
  return ruleSchema.parse({
    id: 'offline-preview',
    name: 'Trạm mất kết nối',
    kind: 'offline',
    severity: 'major',
    category: 'system',
    subCategory: 'deviceOffline',
    target: { sourceIds: ids },
    params: { afterSeconds: 600 },
  })
}

export interface RuntimeCounts {
  raises: { at: number; sourceId: string }[]
  clears: number
}

/**
 * What the running api would have done over [from, to): the ingest marks a device offline after
 * `ingestDelayMs` of silence (its retained status), and the rules runtime's check asks
 * RulesEngine.offlineSignals every `tickMs` with the alerts it has active.
 */
export function runtimeOffline(
  rule: Rule,
  rows: readonly ReadingRow[],
  source: (id: string) => SourceInfo,
  from: number,
  to: number,
  { tickMs = 1000, ingestDelayMs = 60_000 } = {},
): RuntimeCounts {
  const engine = new RulesEngine()
  engine.setRules([rule])
  const heard = [...new Set(rows.map((r) => `${r.ts.getTime()}|${r.deviceId}`))]
    .map((k) => ({ ts: Number(k.slice(0, k.indexOf('|'))), id: k.slice(k.indexOf('|') + 1) }))
    .sort((x, y) => x.ts - y.ts)
  const last = new Map<string, number>()
  const active = new Set<string>()
  const counts: RuntimeCounts = { raises: [], clears: 0 }
  let i = 0
  for (let now = from; now < to; now += tickMs) {
    for (; i < heard.length && heard[i]!.ts <= now; i++) last.set(heard[i]!.id, heard[i]!.ts)
    const devices: DeviceSeen[] = [...last].map(([id, ts]) => {
      const lastSeen = new Date(ts).toISOString()
      return { ...source(id), status: { online: now - ts <= ingestDelayMs, lastSeen, ts: lastSeen } }
    })
    for (const s of engine.offlineSignals(devices, new Map([[rule.id, active]]), now)) {
      if (s.type === 'raise') {
        active.add(s.source.id)
        counts.raises.push({ at: s.at.getTime(), sourceId: s.source.id })
      } else if (active.delete(s.source.id)) counts.clears++
    }
  }
  return counts
}
