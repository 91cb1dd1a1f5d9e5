import { describe, expect, it } from 'vitest'
import { ruleSchema, textIn, type DetectionEvent, type Rule, type RuleCreateInput } from '@ioc/contracts'
import { matchesDetection } from './detection.js'
import { offlineText } from './describe.js'
import { isOffline } from './offline.js'
import { evaluateRate, initialRateState, ratePerMinute } from './rate-of-change.js'
import { RulesEngine, type DeviceSeen } from './rules-engine.js'
import { matchesTarget, type SourceInfo } from './target.js'
import { evaluateThreshold, initialThresholdState, REPEAT_EVERY_MS } from './threshold.js'

const s = (seconds: number) => seconds * 1000
const rule = (input: Omit<RuleCreateInput, 'id'> & { id?: string }): Rule =>
  ruleSchema.parse({ id: 'r1', ...input })

const station: SourceInfo = {
  sourceType: 'sensor',
  id: 'aq-tamky-01',
  name: 'Trạm Tam Kỳ',
  kind: 'air_quality',
  district: 'Tam Kỳ',
}

describe('threshold with duration and hysteresis', () => {
  const params = { metric: 'pm25', op: 'gt' as const, value: 75, forSeconds: 300, hysteresis: 5 }

  it('raises only after the condition held for forSeconds, measured on observation times', () => {
    const state = initialThresholdState()
    expect(evaluateThreshold(params, state, s(0), 80)).toBeNull()
    expect(evaluateThreshold(params, state, s(299), 90)).toBeNull()
    expect(evaluateThreshold(params, state, s(300), 76)).toBe('raise')
    expect(state.active).toBe(true)
  })

  it('restarts the duration when the value dips below the threshold', () => {
    const state = initialThresholdState()
    evaluateThreshold(params, state, s(0), 80)
    evaluateThreshold(params, state, s(200), 75) // 75 is not > 75
    expect(evaluateThreshold(params, state, s(400), 80)).toBeNull()
    expect(evaluateThreshold(params, state, s(699), 80)).toBeNull()
    expect(evaluateThreshold(params, state, s(700), 80)).toBe('raise')
  })

  it('clears only past the hysteresis band, and repeats once a minute while it holds', () => {
    const state = initialThresholdState()
    evaluateThreshold(params, state, s(0), 80)
    expect(evaluateThreshold(params, state, s(300), 80)).toBe('raise')
    expect(evaluateThreshold(params, state, s(310), 72)).toBeNull() // inside the band (70, 75]
    expect(evaluateThreshold(params, state, s(320), 80)).toBeNull()
    expect(evaluateThreshold(params, state, s(300) + REPEAT_EVERY_MS, 81)).toBe('raise')
    expect(evaluateThreshold(params, state, s(400), 70.01)).toBeNull()
    expect(evaluateThreshold(params, state, s(401), 70)).toBe('clear')
    expect(state.active).toBe(false)
    expect(evaluateThreshold(params, state, s(402), 90)).toBeNull() // a new duration starts
  })

  it('ignores observations older than the last one', () => {
    const state = initialThresholdState()
    evaluateThreshold({ ...params, forSeconds: 0 }, state, s(100), 80)
    expect(evaluateThreshold({ ...params, forSeconds: 0 }, state, s(50), 10)).toBeNull()
    expect(state.active).toBe(true)
  })

  it('handles below-threshold rules (lt) with hysteresis upwards', () => {
    const low = { metric: 'water_level_cm', op: 'lt' as const, value: 20, forSeconds: 0, hysteresis: 3 }
    const state = initialThresholdState()
    expect(evaluateThreshold(low, state, s(0), 19.9)).toBe('raise')
    expect(evaluateThreshold(low, state, s(1), 22.9)).toBeNull()
    expect(evaluateThreshold(low, state, s(2), 23)).toBe('clear')
  })
})

describe('rate of change', () => {
  const rising = { metric: 'water_level_cm', deltaPerMinute: 2, windowSeconds: 300 }

  it('measures over at least a minute, between the oldest sample in the window and the newest', () => {
    expect(
      ratePerMinute([
        { ts: 0, value: 100 },
        { ts: s(59), value: 200 },
      ]),
    ).toBeNull()
    expect(
      ratePerMinute([
        { ts: 0, value: 100 },
        { ts: s(120), value: 106 },
      ]),
    ).toBe(3)
  })

  it('raises on a rise faster than deltaPerMinute over half its window, and clears when it slows', () => {
    const state = initialRateState()
    expect(evaluateRate(rising, state, s(0), 100).verdict).toBeNull()
    // 4 cm in a minute is noise until the samples span half the 300 s window
    expect(evaluateRate(rising, state, s(60), 104)).toEqual({ verdict: null, rate: null })
    expect(evaluateRate(rising, state, s(120), 104)).toEqual({ verdict: null, rate: null })
    expect(evaluateRate(rising, state, s(180), 106)).toEqual({ verdict: 'raise', rate: 2 })
    // samples older than the 300 s window leave: 106 -> 106 from 180 s to 480 s
    expect(evaluateRate(rising, state, s(480), 106).verdict).toBe('clear')
    expect(state.samples.map((x) => x.ts)).toEqual([s(180), s(480)])
  })

  it('stays one alert while the rate hovers around the limit (clears below half of it)', () => {
    const state = initialRateState()
    const verdicts: (string | null)[] = []
    // 1.9 and 2.1 cm/min in turn around a 2 cm/min rule: raised once, never cleared
    let level = 100
    const activeAfter: boolean[] = []
    for (let minute = 0; minute <= 30; minute++) {
      level += minute % 2 ? 1.9 : 2.1
      verdicts.push(evaluateRate(rising, state, s(minute * 60), level).verdict)
      activeAfter.push(state.active)
    }
    // raised once the window is half full, then only repeated (the same alert) while active
    const raisedAt = verdicts.indexOf('raise')
    expect(raisedAt).toBeGreaterThan(0)
    expect(activeAfter.slice(raisedAt).every(Boolean)).toBe(true)
    expect(verdicts).not.toContain('clear')
    // below 1 cm/min it clears
    for (let minute = 31; minute <= 40; minute++)
      verdicts.push(evaluateRate(rising, state, s(minute * 60), level + 0.1 * (minute - 30)).verdict)
    expect(verdicts).toContain('clear')
  })

  it('watches falls with a negative delta', () => {
    const state = initialRateState()
    evaluateRate({ ...rising, deltaPerMinute: -5 }, state, 0, 100)
    expect(evaluateRate({ ...rising, deltaPerMinute: -5 }, state, s(60), 94).verdict).toBeNull()
    expect(evaluateRate({ ...rising, deltaPerMinute: -5 }, state, s(150), 85)).toEqual({
      verdict: 'raise',
      rate: -6,
    })
  })
})

describe('detection, offline and targets', () => {
  const person: DetectionEvent = {
    cameraId: 'cam-hoian-01',
    ts: '2026-01-05T01:00:00Z',
    kind: 'person_in_zone',
    zoneId: 'restricted',
    trackId: 4,
    box: [0.1, 0.1, 0.2, 0.4],
  }

  it('matches event kind, zone, minimum count and seconds', () => {
    expect(matchesDetection({ event: 'person_in_zone' }, person)).toBe(true)
    expect(matchesDetection({ event: 'person_in_zone', zoneId: 'restricted' }, person)).toBe(true)
    expect(matchesDetection({ event: 'person_in_zone', zoneId: 'gate' }, person)).toBe(false)
    expect(matchesDetection({ event: 'crowd' }, person)).toBe(false)
    const crowd: DetectionEvent = {
      cameraId: 'c1',
      ts: person.ts,
      kind: 'crowd',
      zoneId: 'square',
      count: 12,
    }
    expect(matchesDetection({ event: 'crowd', minCount: 12 }, crowd)).toBe(true)
    expect(matchesDetection({ event: 'crowd', minCount: 13 }, crowd)).toBe(false)
    const stopped: DetectionEvent = {
      ...person,
      kind: 'vehicle_stopped',
      label: 'car',
      seconds: 45,
    }
    expect(matchesDetection({ event: 'vehicle_stopped', minSeconds: 45 }, stopped)).toBe(true)
    expect(matchesDetection({ event: 'vehicle_stopped', minSeconds: 46 }, stopped)).toBe(false)
  })

  it('counts a device offline strictly after afterSeconds of silence, never before it reported', () => {
    const silent = { online: false, lastSeen: new Date(s(1000)).toISOString() }
    expect(isOffline(silent, s(1120), 120)).toBe(false)
    expect(isOffline(silent, s(1120) + 1, 120)).toBe(true)
    // the ingest's status says online: not offline, whatever the rule's delay
    expect(isOffline({ ...silent, online: true }, s(5000), 120)).toBe(false)
    // registered, never heard: not in service yet
    expect(isOffline({ online: false, lastSeen: null }, s(5000), 120)).toBeNull()
  })

  it('filters by source ids, kinds and districts, all of them when present', () => {
    expect(matchesTarget({}, station)).toBe(true)
    expect(matchesTarget({ deviceKinds: ['air_quality'], districts: ['Tam Kỳ'] }, station)).toBe(true)
    expect(matchesTarget({ deviceKinds: ['air_quality'], districts: ['Hội An'] }, station)).toBe(false)
    expect(matchesTarget({ sourceIds: ['other'] }, station)).toBe(false)
  })
})

describe('RulesEngine', () => {
  const pm25 = rule({
    name: 'PM2.5 > 75 trong 5 phút',
    kind: 'threshold',
    severity: 'major',
    category: 'environment',
    subCategory: 'airPollution',
    target: { deviceKinds: ['air_quality'] },
    params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300, hysteresis: 5 },
  })
  const obs = (seconds: number, value: number, metric = 'pm25') => ({
    deviceId: station.id,
    metric,
    ts: new Date(s(seconds)).toISOString(),
    value,
  })

  it('turns observations into raise and clear signals with a readable description', () => {
    const engine = new RulesEngine()
    engine.setRules([pm25])
    expect(engine.onObservation(obs(0, 80), station)).toEqual([])
    expect(engine.onObservation(obs(0, 500, 'pm10'), station)).toEqual([])
    const [raised] = engine.onObservation(obs(300, 82.4), station)
    expect(raised).toMatchObject({
      type: 'raise',
      rule: { id: 'r1' },
      source: station,
      detail: { value: 82.4 },
    })
    expect(raised?.type === 'raise' && raised.description).toBe(
      'Bụi mịn PM2.5 = 82.4 µg/m³ (ngưỡng > 75 µg/m³ trong 300 giây)\nPM2.5 = 82.4 µg/m³ (threshold > 75 µg/m³ for 300 s)',
    )
    expect(engine.onObservation(obs(310, 60), station).map((x) => x.type)).toEqual(['clear'])
  })

  it('ignores other device kinds, disabled rules, and forgets the state of an edited rule', () => {
    const engine = new RulesEngine()
    engine.setRules([pm25])
    expect(engine.onObservation(obs(0, 80), { ...station, kind: 'noise' })).toEqual([])
    engine.onObservation(obs(0, 80), station)
    expect(engine.stateSize).toBe(1)
    engine.setRules([pm25])
    expect(engine.stateSize).toBe(1)
    engine.setRules([{ ...pm25, params: { ...pm25.params, value: 70 } } as Rule])
    expect(engine.stateSize).toBe(0)
    engine.setRules([{ ...pm25, enabled: false }])
    expect(engine.onObservation(obs(1000, 500), station)).toEqual([])
  })

  it('raises detection rules for every matching event of a targeted camera', () => {
    const engine = new RulesEngine()
    engine.setRules([
      rule({
        name: 'Người vào khu vực cấm',
        kind: 'detection',
        severity: 'critical',
        category: 'security',
        subCategory: 'intrusion',
        params: { event: 'person_in_zone', zoneId: 'restricted' },
      }),
    ])
    const camera: SourceInfo = {
      sourceType: 'camera',
      id: 'cam-hoian-01',
      name: 'Cổng',
      kind: 'security',
      district: 'Hội An',
    }
    const event: DetectionEvent = {
      cameraId: camera.id,
      ts: '2026-01-05T01:00:00Z',
      kind: 'person_in_zone',
      zoneId: 'restricted',
      trackId: 4,
      box: [0.1, 0.1, 0.2, 0.4],
    }
    const signals = engine.onDetection(event, camera)
    expect(signals).toHaveLength(1)
    expect(signals[0]).toMatchObject({
      type: 'raise',
      at: new Date('2026-01-05T01:00:00Z'),
      detail: { event },
    })
    expect(engine.onDetection({ ...event, zoneId: 'parking' }, camera)).toEqual([])

    // every analysed frame matches while the person stays: one repeat a minute, not one a frame
    const at = (ms: number) => ({ ...event, ts: new Date(Date.parse(event.ts) + ms).toISOString() })
    expect(engine.onDetection(at(400), camera)).toEqual([])
    expect(engine.onDetection(at(REPEAT_EVERY_MS - 1), camera)).toEqual([])
    expect(engine.onDetection(at(REPEAT_EVERY_MS), camera)).toHaveLength(1)
    // per camera: another camera raises at once
    expect(engine.onDetection(at(REPEAT_EVERY_MS + 1), { ...camera, id: 'cam-hoian-02' })).toHaveLength(1)
    expect(engine.stateSize).toBe(2)
  })

  it("says when an offline device was last heard in the province's time, as every screen does", () => {
    const text = offlineText(900, new Date('2026-12-06T17:01:35.871Z'))
    expect(textIn(text, 'vi')).toBe('Thiết bị không gửi dữ liệu quá 900 giây (lần cuối 00:01:35 07/12/2026)')
    expect(textIn(text, 'en')).toBe('Device silent for more than 900 s (last seen 00:01:35 07/12/2026)')
  })

  it('raises offline once per silent device and clears it when it reports again', () => {
    const engine = new RulesEngine()
    engine.setRules([
      rule({
        name: 'Thiết bị mất kết nối',
        kind: 'offline',
        severity: 'minor',
        category: 'system',
        subCategory: 'deviceOffline',
        params: { afterSeconds: 120 },
      }),
    ])
    const status = (online: boolean, lastSeen: number | null) => ({
      online,
      lastSeen: lastSeen === null ? null : new Date(s(lastSeen)).toISOString(),
      ts: new Date(s(200)).toISOString(),
    })
    const devices: DeviceSeen[] = [
      { ...station, sourceType: 'device', status: status(false, 0) },
      // offline for the ingest, but not yet for 120 s
      { ...station, id: 'wl-01', sourceType: 'device', status: status(false, 100) },
      { ...station, id: 'new-01', sourceType: 'device', status: status(false, null) },
      { ...station, id: 'aq-02', sourceType: 'device', status: status(true, 10) },
    ]
    const raised = engine.offlineSignals(devices, new Map(), s(200))
    expect(raised.map((x) => [x.type, x.source.id, x.source.sourceType])).toEqual([
      ['raise', 'aq-tamky-01', 'device'],
    ])
    expect(engine.offlineSignals(devices, new Map([['r1', new Set(['aq-tamky-01'])]]), s(200))).toEqual([])
    const back = [{ ...devices[0]!, status: status(true, 250) }]
    const cleared = engine.offlineSignals(back, new Map([['r1', new Set(['aq-tamky-01'])]]), s(260))
    expect(cleared.map((x) => [x.type, x.at])).toEqual([['clear', new Date(s(250))]])
  })
})
