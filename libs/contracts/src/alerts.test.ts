import { describe, expect, it } from 'vitest'
import {
  alertEventSchema,
  alertListQuerySchema,
  alertSchema,
  assignBodySchema,
  commentBodySchema,
  escalatedSeverity,
  ruleCreateSchema,
  rulePatchSchema,
  ruleSchema,
  severityRank,
  type AlertSeverity,
} from './alerts.js'
import { formatZodError } from './errors.js'

const alert = {
  id: 'a1b2c3',
  seq: 41,
  sourceType: 'sensor',
  sourceId: 'aq-hoian-01',
  ruleId: 'pm25-high',
  severity: 'major',
  status: 'active',
  acknowledged: false,
  category: 'environment',
  subCategory: 'airPollution',
  district: 'Hội An',
  title: 'PM2.5 vượt 75 µg/m³',
  description: 'PM2.5 trên 75 µg/m³ trong 5 phút',
  count: 3,
  firstSeen: '2025-06-01T00:00:00Z',
  lastSeen: '2025-06-01T00:10:00Z',
  assignee: null,
  ackBy: null,
  ackAt: null,
  clearedAt: null,
}

describe('alerts', () => {
  it('validates an alert', () => {
    expect(alertSchema.parse(alert)).toEqual(alert)
    const acked = {
      ...alert,
      acknowledged: true,
      ackBy: 'operator',
      ackAt: '2025-06-01T00:11:00Z',
      assignee: 'traffic',
    }
    expect(alertSchema.parse(acked)).toEqual(acked)
  })

  it.each([
    ['severity', { severity: 'high' }],
    ['status', { status: 'open' }],
    ['category', { category: 'fire' }],
    ['subCategory', { subCategory: 'meteor' }],
    ['sourceType', { sourceType: 'human' }],
    ['count 0', { count: 0 }],
    ['seq as string', { seq: '41' }],
    ['lastSeen without offset', { lastSeen: '2025-06-01 00:10' }],
  ])('rejects a bad %s', (_field, patch) => {
    expect(alertSchema.safeParse({ ...alert, ...patch }).success).toBe(false)
  })

  it('ranks severities from critical down', () => {
    const sorted: AlertSeverity[] = ['info', 'critical', 'minor', 'warning', 'major']
    sorted.sort((a, b) => severityRank[a] - severityRank[b])
    expect(sorted).toEqual(['critical', 'major', 'minor', 'warning', 'info'])
  })

  it('validates an audit event', () => {
    const event = {
      seq: 42,
      alertId: 'a1b2c3',
      action: 'assigned',
      actor: 'operator',
      at: '2025-06-01T00:12:00Z',
      from: { ip: '10.1.2.3', userAgent: 'Mozilla/5.0' },
      detail: { assignee: 'traffic', previous: null },
    }
    expect(alertEventSchema.parse(event)).toEqual(event)
    expect(
      alertEventSchema.parse({ ...event, action: 'cleared', actor: 'system', from: null, detail: {} }).from,
    ).toBeNull()
    expect(alertEventSchema.safeParse({ ...event, action: 'deleted' }).success).toBe(false)
  })
})

describe('alertListQuerySchema', () => {
  it('coerces query strings', () => {
    expect(
      alertListQuerySchema.parse({
        status: 'active',
        severity: 'critical,major',
        category: ['traffic', 'security'],
        sinceSeq: '120',
        acknowledged: 'false',
        limit: '50',
      }),
    ).toEqual({
      status: ['active'],
      severity: ['critical', 'major'],
      category: ['traffic', 'security'],
      sinceSeq: 120,
      acknowledged: false,
      limit: 50,
    })
    expect(alertListQuerySchema.parse({})).toEqual({ limit: 200 })
  })

  it('rejects values it cannot coerce', () => {
    expect(alertListQuerySchema.safeParse({ sinceSeq: 'abc' }).success).toBe(false)
    expect(alertListQuerySchema.safeParse({ sinceSeq: '-1' }).success).toBe(false)
    expect(alertListQuerySchema.safeParse({ sinceSeq: '1.5' }).success).toBe(false)
    expect(alertListQuerySchema.safeParse({ severity: 'critical,urgent' }).success).toBe(false)
    expect(alertListQuerySchema.safeParse({ acknowledged: 'maybe' }).success).toBe(false)
    expect(alertListQuerySchema.safeParse({ limit: '5000' }).success).toBe(false)
  })
})

describe('action bodies', () => {
  it('assign takes a username or null', () => {
    expect(assignBodySchema.parse({ assignee: 'traffic' })).toEqual({ assignee: 'traffic' })
    expect(assignBodySchema.parse({ assignee: null })).toEqual({ assignee: null })
    expect(assignBodySchema.safeParse({}).success).toBe(false)
  })

  it('comment takes 1 to 2000 characters after trimming', () => {
    expect(commentBodySchema.parse({ text: '  Đã cử đội CSGT  ' })).toEqual({ text: 'Đã cử đội CSGT' })
    expect(commentBodySchema.safeParse({ text: '   ' }).success).toBe(false)
    expect(commentBodySchema.safeParse({ text: 'x'.repeat(2000) }).success).toBe(true)
    expect(commentBodySchema.safeParse({ text: 'x'.repeat(2001) }).success).toBe(false)
  })
})

describe('rules', () => {
  const common = {
    id: 'pm25-high',
    name: 'PM2.5 cao',
    severity: 'major',
    category: 'environment',
    subCategory: 'airPollution',
  }

  it('parses a threshold rule with defaults', () => {
    expect(
      ruleSchema.parse({
        ...common,
        kind: 'threshold',
        params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300 },
      }),
    ).toEqual({
      ...common,
      kind: 'threshold',
      enabled: true,
      target: {},
      params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300, hysteresis: 0 },
    })
  })

  it('parses the other kinds', () => {
    const rate = ruleSchema.parse({
      ...common,
      kind: 'rate_of_change',
      params: { metric: 'water_level_cm', deltaPerMinute: 5 },
    })
    expect(rate.params).toEqual({ metric: 'water_level_cm', deltaPerMinute: 5, windowSeconds: 300 })
    const offline = ruleSchema.parse({
      ...common,
      subCategory: 'deviceOffline',
      kind: 'offline',
      target: { deviceKinds: ['water_level'], districts: ['Hội An'] },
      params: { afterSeconds: 300 },
    })
    expect(offline.target).toEqual({ deviceKinds: ['water_level'], districts: ['Hội An'] })
    const detection = ruleSchema.parse({
      ...common,
      category: 'security',
      subCategory: 'intrusion',
      kind: 'detection',
      target: { sourceIds: ['cam-01'] },
      params: { event: 'person_in_zone', zoneId: 'gate' },
    })
    expect(detection.params).toEqual({ event: 'person_in_zone', zoneId: 'gate' })
  })

  it('checks params against the kind', () => {
    const wrong = ruleSchema.safeParse({
      ...common,
      kind: 'offline',
      params: { metric: 'pm25', op: 'gt', value: 75 },
    })
    expect(wrong.success).toBe(false)
    if (!wrong.success) {
      expect(formatZodError(wrong.error).details).toEqual([
        { path: 'params.afterSeconds', message: 'Invalid input: expected number, received undefined' },
      ])
    }
    expect(
      ruleSchema.safeParse({ ...common, kind: 'threshold', params: { metric: 'pm25', op: 'eq', value: 1 } })
        .success,
    ).toBe(false)
    expect(
      ruleSchema.safeParse({
        ...common,
        kind: 'rate_of_change',
        params: { metric: 'pm25', deltaPerMinute: 0 },
      }).success,
    ).toBe(false)
    expect(ruleSchema.safeParse({ ...common, kind: 'offline', params: { afterSeconds: 1 } }).success).toBe(
      false,
    )
    expect(ruleSchema.safeParse({ ...common, kind: 'detection', params: { event: 'fire' } }).success).toBe(
      false,
    )
  })

  it('names the discriminator when the kind is unknown', () => {
    const result = ruleSchema.safeParse({ ...common, kind: 'magic', params: {} })
    expect(result.success).toBe(false)
    if (!result.success) expect(formatZodError(result.error).details.map((d) => d.path)).toEqual(['kind'])
  })

  it('lets the server pick the id on creation', () => {
    const { id: _id, ...withoutId } = common
    const created = ruleCreateSchema.parse({ ...withoutId, kind: 'offline', params: { afterSeconds: 120 } })
    expect(created.id).toBeUndefined()
    expect(
      ruleSchema.safeParse({ ...withoutId, kind: 'offline', params: { afterSeconds: 120 } }).success,
    ).toBe(false)
  })
})

describe('escalatedSeverity', () => {
  it('raises one step, or to a more severe target, never lowers', () => {
    expect(escalatedSeverity('major')).toBe('critical')
    expect(escalatedSeverity('info')).toBe('warning')
    expect(escalatedSeverity('critical')).toBe('critical')
    expect(escalatedSeverity('warning', 'critical')).toBe('critical')
    expect(escalatedSeverity('critical', 'minor')).toBe('critical')
  })

  it('is part of a rule: escalateAfterMin in minutes (fractions allowed), removable by a patch', () => {
    const rule = {
      id: 'r1',
      name: 'r',
      severity: 'major',
      category: 'traffic',
      subCategory: 'trafficJam',
      kind: 'offline',
      params: { afterSeconds: 60 },
    }
    expect(ruleSchema.parse({ ...rule, escalateAfterMin: 0.5, escalateTo: 'critical' })).toMatchObject({
      escalateAfterMin: 0.5,
      escalateTo: 'critical',
    })
    expect(ruleSchema.safeParse({ ...rule, escalateAfterMin: 0 }).success).toBe(false)
    expect(rulePatchSchema.parse({ escalateAfterMin: null })).toEqual({ escalateAfterMin: null })
  })
})
