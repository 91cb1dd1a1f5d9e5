import type { AlertCategory, AlertSeverity, AlertSubCategory, Rule, RuleKind } from '@ioc/contracts'

/** The rule form's state: every input as typed (numbers as text), for every kind at once. */
export interface RuleDraft {
  name: string
  kind: RuleKind
  severity: AlertSeverity
  category: AlertCategory
  subCategory: AlertSubCategory
  enabled: boolean
  sourceIds: string
  deviceKinds: string
  districts: string
  escalateAfterMin: string
  metric: string
  op: 'gt' | 'gte' | 'lt' | 'lte'
  value: string
  forSeconds: string
  hysteresis: string
  deltaPerMinute: string
  windowSeconds: string
  afterSeconds: string
  event: 'person_in_zone' | 'crowd' | 'vehicle_stopped' | 'wrong_way'
  zoneId: string
  minCount: string
  minSeconds: string
}

export const emptyDraft: RuleDraft = {
  name: '',
  kind: 'threshold',
  severity: 'major',
  category: 'environment',
  subCategory: 'airPollution',
  enabled: true,
  sourceIds: '',
  deviceKinds: '',
  districts: '',
  escalateAfterMin: '',
  metric: 'pm25',
  op: 'gt',
  value: '',
  forSeconds: '0',
  hysteresis: '0',
  deltaPerMinute: '',
  windowSeconds: '300',
  afterSeconds: '600',
  event: 'person_in_zone',
  zoneId: '',
  minCount: '',
  minSeconds: '',
}

const text = (v: number | string | undefined) => (v === undefined ? '' : String(v))
const list = (v: readonly string[] | undefined) => (v ?? []).join(', ')

export function draftOf(rule: Rule): RuleDraft {
  const d: RuleDraft = {
    ...emptyDraft,
    name: rule.name,
    kind: rule.kind,
    severity: rule.severity,
    category: rule.category,
    subCategory: rule.subCategory,
    enabled: rule.enabled,
    sourceIds: list(rule.target.sourceIds),
    deviceKinds: list(rule.target.deviceKinds),
    districts: list(rule.target.districts),
    escalateAfterMin: text(rule.escalateAfterMin),
  }
  switch (rule.kind) {
    case 'threshold': {
      const p = rule.params
      return {
        ...d,
        metric: p.metric,
        op: p.op,
        value: text(p.value),
        forSeconds: text(p.forSeconds),
        hysteresis: text(p.hysteresis),
      }
    }
    case 'rate_of_change': {
      const p = rule.params
      return {
        ...d,
        metric: p.metric,
        deltaPerMinute: text(p.deltaPerMinute),
        windowSeconds: text(p.windowSeconds),
      }
    }
    case 'offline':
      return { ...d, afterSeconds: text(rule.params.afterSeconds) }
    case 'detection': {
      const p = rule.params
      return {
        ...d,
        event: p.event,
        zoneId: p.zoneId ?? '',
        minCount: text(p.minCount),
        minSeconds: text(p.minSeconds),
      }
    }
  }
}

/** A number as typed; absent when empty. Not a number stays NaN: the api's 400 names the field. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.replace(',', '.')))
const items = (s: string): string[] | undefined => {
  const parts = s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
  return parts.length > 0 ? parts : undefined
}
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

/** The params of the draft's kind, as POST /api/rules takes them. */
export function paramsOf(d: RuleDraft): Record<string, unknown> {
  switch (d.kind) {
    case 'threshold':
      return defined({
        metric: d.metric.trim(),
        op: d.op,
        value: num(d.value),
        forSeconds: num(d.forSeconds),
        hysteresis: num(d.hysteresis),
      })
    case 'rate_of_change':
      return defined({
        metric: d.metric.trim(),
        deltaPerMinute: num(d.deltaPerMinute),
        windowSeconds: num(d.windowSeconds),
      })
    case 'offline':
      return defined({ afterSeconds: num(d.afterSeconds) })
    case 'detection':
      return defined({
        event: d.event,
        zoneId: d.zoneId.trim() === '' ? undefined : d.zoneId.trim(),
        minCount: d.event === 'crowd' ? num(d.minCount) : undefined,
        minSeconds: d.event === 'vehicle_stopped' ? num(d.minSeconds) : undefined,
      })
  }
}

const targetOf = (d: RuleDraft) =>
  defined({ sourceIds: items(d.sourceIds), deviceKinds: items(d.deviceKinds), districts: items(d.districts) })

/** The body of POST /api/rules (and of the preview's `rule`). */
export function createBody(d: RuleDraft): Record<string, unknown> {
  return defined({
    name: d.name.trim(),
    kind: d.kind,
    severity: d.severity,
    category: d.category,
    subCategory: d.subCategory,
    enabled: d.enabled,
    target: targetOf(d),
    params: paramsOf(d),
    escalateAfterMin: num(d.escalateAfterMin),
  })
}

/** The body of PATCH /api/rules/{id}: everything the form holds (the kind cannot change). */
export function patchBody(d: RuleDraft): Record<string, unknown> {
  const { kind: _kind, escalateAfterMin, ...rest } = createBody(d)
  return { ...rest, escalateAfterMin: escalateAfterMin ?? null }
}
