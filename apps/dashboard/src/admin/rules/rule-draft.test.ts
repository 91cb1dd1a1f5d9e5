import { describe, expect, it } from 'vitest'
import { ruleCreateSchema, ruleSchema } from '@ioc/contracts'
import { createBody, draftOf, emptyDraft, patchBody } from './rule-draft.js'

describe('rule form drafts', () => {
  it('makes a body POST /api/rules accepts for every kind, and reads a rule back into the same draft', () => {
    const drafts = [
      {
        ...emptyDraft,
        name: 'PM2.5 cao',
        value: '75',
        forSeconds: '300',
        hysteresis: '5',
        districts: 'Tam Kỳ, Hội An',
      },
      {
        ...emptyDraft,
        name: 'Nước lên nhanh',
        kind: 'rate_of_change' as const,
        metric: 'water_level_cm',
        deltaPerMinute: '2',
      },
      {
        ...emptyDraft,
        name: 'Mất kết nối',
        kind: 'offline' as const,
        afterSeconds: '900',
        category: 'system' as const,
        subCategory: 'deviceOffline' as const,
      },
      {
        ...emptyDraft,
        name: 'Đông người',
        kind: 'detection' as const,
        event: 'crowd' as const,
        minCount: '20',
        zoneId: 'square',
        minSeconds: '9',
      },
    ]
    for (const d of drafts) {
      const body = createBody(d)
      const parsed = ruleCreateSchema.safeParse(body)
      expect(parsed.success, JSON.stringify(body)).toBe(true)
      const rule = ruleSchema.parse({ ...parsed.data, id: 'r1' })
      expect(createBody(draftOf(rule))).toEqual(
        createBody({ ...d, ...(d.kind === 'detection' ? { minSeconds: '' } : {}) }),
      )
    }
    expect(createBody(drafts[3]!).params).toEqual({ event: 'crowd', zoneId: 'square', minCount: 20 })
    expect(createBody(drafts[0]!).target).toEqual({ districts: ['Tam Kỳ', 'Hội An'] })
  })

  it('leaves a typed non-number for the api to refuse, and a cleared escalation as null in a patch', () => {
    const body = createBody({ ...emptyDraft, name: 'x', value: 'abc' })
    expect(ruleCreateSchema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(false)
    expect(patchBody({ ...emptyDraft, name: 'x', value: '1' })).toMatchObject({ escalateAfterMin: null })
    expect(patchBody({ ...emptyDraft, name: 'x', value: '1' })).not.toHaveProperty('kind')
  })
})
