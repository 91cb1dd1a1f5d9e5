import { describe, expect, it } from 'vitest'
import { ruleCreateSchema, type DetectionEvent, type Observation, type RuleCreateInput } from '@ioc/contracts'
import { RulesEngine } from '../evaluators/rules-engine.js'
import type { SourceInfo } from '../evaluators/target.js'
import { RuleReplay } from './rule-replay.js'
import { offlineHistory, offlineRule, runtimeOffline } from '../../../test/support/offline-history.js'

const from = new Date('2026-12-01T00:00:00Z')
const to = new Date('2026-12-02T00:00:00Z')
const station = (id: string): SourceInfo => ({
  sourceType: 'sensor',
  id,
  name: `Trạm ${id}`,
  kind: 'air_quality',
  district: 'Tam Kỳ',
})
const at = (minutes: number) => new Date(from.getTime() + minutes * 60_000).toISOString()

/** Readings a minute apart for two stations: PM2.5 above 75 for 20 min at 02:00, 09:00 and (b only) 15:00. */
function readings(): Observation[] {
  const rows: Observation[] = []
  for (let m = 0; m < 24 * 60; m++)
    for (const id of ['aq-a', 'aq-b']) {
      const high = (m >= 120 && m < 140) || (m >= 540 && m < 560) || (id === 'aq-b' && m >= 900 && m < 920)
      rows.push({ deviceId: id, metric: 'pm25', ts: at(m), value: high ? 90 + (m % 3) : 40 + (m % 5) })
    }
  return rows
}

const threshold = ruleCreateSchema.parse({
  name: 'PM2.5 cao',
  kind: 'threshold',
  severity: 'major',
  category: 'environment',
  subCategory: 'airPollution',
  params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300, hysteresis: 5 },
} satisfies RuleCreateInput)

describe('rule preview replay', () => {
  it('counts what the rules engine signals for the same rows, in the same order', () => {
    const rows = readings()
    const replay = new RuleReplay(threshold, '24h', from, to)
    for (const r of rows) replay.observe(r, station(r.deviceId))
    const preview = replay.result(false)

    // the same rows straight through a RulesEngine
    const engine = new RulesEngine()
    engine.setRules([{ ...threshold, id: 'direct' }])
    let raises = 0
    let clears = 0
    for (const r of rows)
      for (const s of engine.onObservation(r, station(r.deviceId)))
        if (s.type === 'raise') raises++
        else clears++

    expect(preview.rowsReplayed).toBe(rows.length)
    expect(preview.raises).toBe(raises)
    expect(preview.clears).toBe(clears)
    // 20 minutes high, 5 of them to hold: one raise at minute 5 and repeats a minute apart after
    // it (REPEAT_EVERY_MS): five episodes, each one alert opened and cleared
    expect(preview.alerts).toBe(5)
    expect(preview.clears).toBe(5)
    expect(preview.sources).toBe(2)
    expect(preview.firings.map((f) => [f.at, f.sourceId])).toEqual([
      [at(125), 'aq-a'],
      [at(125), 'aq-b'],
      [at(545), 'aq-a'],
      [at(545), 'aq-b'],
      [at(905), 'aq-b'],
    ])
    expect(preview.histogram).toHaveLength(24)
    expect(preview.histogram[2]).toMatchObject({ start: '2026-12-01T02:00:00.000Z', alerts: 2 })
    expect(preview.histogram.reduce((n, b) => n + b.alerts, 0)).toBe(5)
    expect(preview.histogram.reduce((n, b) => n + b.raises, 0)).toBe(raises)
  })

  it('replays a disabled rule as if enabled, and other metrics and targets leave it silent', () => {
    const replay = new RuleReplay(
      { ...threshold, enabled: false, target: { sourceIds: ['aq-b'] } },
      '7d',
      from,
      new Date(from.getTime() + 7 * 86_400_000),
    )
    for (const r of readings()) replay.observe(r, station(r.deviceId))
    replay.observe({ deviceId: 'aq-b', metric: 'pm10', ts: at(2000), value: 999 }, station('aq-b'))
    const preview = replay.result(false)
    expect(preview.alerts).toBe(3)
    expect(preview.sources).toBe(1)
    expect(preview.histogram).toHaveLength(7)
    expect(preview.histogram[0]!.alerts).toBe(3)
  })

  it('lists every raise of a detection rule, the engine keeping them a minute apart per camera', () => {
    const rule = ruleCreateSchema.parse({
      name: 'Người vào vùng cấm',
      kind: 'detection',
      severity: 'critical',
      category: 'security',
      subCategory: 'intrusion',
      params: { event: 'person_in_zone', zoneId: 'gate' },
    } satisfies RuleCreateInput)
    const camera: SourceInfo = {
      sourceType: 'camera',
      id: 'cam-1',
      name: 'Cổng',
      kind: 'security',
      district: null,
    }
    const event = (seconds: number, zoneId = 'gate'): DetectionEvent =>
      ({
        kind: 'person_in_zone',
        cameraId: 'cam-1',
        ts: new Date(from.getTime() + seconds * 1000).toISOString(),
        zoneId,
        trackId: 1,
        box: [0.1, 0.1, 0.2, 0.3],
      }) as DetectionEvent
    const replay = new RuleReplay(rule, '24h', from, to)
    for (const s of [0, 10, 30, 61, 200, 205]) replay.detect(event(s), camera)
    replay.detect(event(400, 'yard'), camera)
    const preview = replay.result(false)
    expect(preview.raises).toBe(3) // 0, 61, 200
    expect(preview.alerts).toBe(1) // detection alerts do not clear by themselves
    expect(preview.firings.map((f) => f.at)).toEqual([event(0).ts, event(61).ts, event(200).ts])
  })

  it('counts an offline rule as the runtime would: the engine asked every second over statuses from the same rows', () => {
    const ids = { a: 'aq-a', b: 'aq-b', c: 'aq-c', d: 'aq-d' }
    const rows = offlineHistory(ids, to.getTime())
    const rule = offlineRule(Object.values(ids))
    const replay = new RuleReplay(rule, '24h', from, to)
    // as the preview route reads them: each device's last moment before the window, then every
    // moment heard in it (two metrics a reading: one moment), in time order
    const moments = [...new Map(rows.map((r) => [`${r.ts.getTime()}|${r.deviceId}`, r])).values()].sort(
      (x, y) => x.ts.getTime() - y.ts.getTime() || x.deviceId.localeCompare(y.deviceId),
    )
    for (const r of moments.filter((r) => r.ts < from))
      replay.heard(station(r.deviceId), r.ts.getTime(), true)
    for (const r of moments.filter((r) => r.ts >= from)) replay.heard(station(r.deviceId), r.ts.getTime())
    const preview = replay.result(false)

    const runtime = runtimeOffline(rule, rows, station, from.getTime(), to.getTime())
    expect(preview.raises).toBe(runtime.raises.length)
    expect(preview.clears).toBe(runtime.clears)
    // a's 40 min silence raises and clears, its 5 min one does not; b silent until the end and c
    // since before the window raise without a clear; d, never heard, nothing
    expect(preview.alerts).toBe(3)
    expect(preview.raises).toBe(3)
    expect(preview.clears).toBe(1)
    expect(preview.sources).toBe(3)
    expect(preview.rowsReplayed).toBe(moments.length - 1)
    const hour = 3600_000
    const a = from.getTime() + 18 * hour + 59 * 60_000 // last reading before the silence
    const b = from.getTime() + 23 * hour - 60_000 + 7_000
    expect(preview.firings.map((f) => [f.at, f.sourceId])).toEqual([
      [from.toISOString(), 'aq-c'],
      [new Date(a + 600_000 + 1).toISOString(), 'aq-a'],
      [new Date(b + 600_000 + 1).toISOString(), 'aq-b'],
    ])
    // the runtime's check, a second apart, raises within the second after the replay's moment
    for (const [i, f] of preview.firings.entries()) {
      const late = runtime.raises[i]!.at - Date.parse(f.at)
      expect(runtime.raises[i]!.sourceId).toBe(f.sourceId)
      expect(late).toBeGreaterThanOrEqual(0)
      expect(late).toBeLessThan(1000)
    }
    expect(preview.firings[1]!.description).toContain('600')
    expect(preview.histogram[0]!.alerts).toBe(1)
  })

  it('raises no offline device past the last row read when the replay was cut short', () => {
    const rule = offlineRule(['aq-a', 'aq-b'])
    const cut = new RuleReplay(rule, '24h', from, to)
    const whole = new RuleReplay(rule, '24h', from, to)
    // b goes silent after 01:00; a is heard every minute until 03:00, where the cut falls
    for (let m = 0; m <= 180; m++)
      for (const replay of [cut, whole]) {
        replay.heard(station('aq-a'), Date.parse(at(m)))
        if (m <= 60) replay.heard(station('aq-b'), Date.parse(at(m)))
      }
    expect(cut.result(true)).toMatchObject({ truncated: true, raises: 1, alerts: 1, rowsReplayed: 242 })
    expect(cut.result(true).firings.map((f) => f.sourceId)).toEqual(['aq-b'])
    // read to the end, a's silence after 03:00 raises too
    expect(whole.result(false)).toMatchObject({ raises: 2, alerts: 2 })
  })
})
