import { describe, expect, it } from 'vitest'
import { ruleSchema } from '@ioc/contracts'
import { readingsWindow, ruleMetric, valueDomain } from './SensorChart.js'

describe('sensor chart', () => {
  it('keeps the readings and the threshold off the edges', () => {
    expect(valueDomain([262, 268], 250)).toEqual([250 - 18 * 0.12, 268 + 18 * 0.12])
    expect(valueDomain([40, 40], null)).toEqual([39, 41])
    // never below zero for what cannot be negative, but negatives keep their margin
    expect(valueDomain([30, 120], 50_000)).toEqual([0, 50_000 + 49_970 * 0.12])
    expect(valueDomain([-5, 5], null)).toEqual([-6.2, 6.2])
  })

  it('reads half an hour either side of the alert, never past now', () => {
    const alert = {
      firstSeen: '2026-12-03T08:00:00.000Z',
      lastSeen: '2026-12-03T08:10:00.000Z',
      clearedAt: null,
    }
    expect(readingsWindow(alert, Date.parse('2026-12-03T09:00:00.000Z'))).toEqual({
      from: '2026-12-03T07:30:00.000Z',
      to: '2026-12-03T08:40:00.000Z',
    })
    expect(readingsWindow(alert, Date.parse('2026-12-03T08:15:00.000Z')).to).toBe('2026-12-03T08:15:00.000Z')
  })

  it('draws the threshold of a threshold rule only', () => {
    const base = {
      id: 'pm25-rule',
      name: 'PM2.5 cao',
      severity: 'major',
      category: 'environment',
      subCategory: 'airPollution',
    }
    const threshold = ruleSchema.parse({
      ...base,
      kind: 'threshold',
      params: { metric: 'pm25', op: 'gt', value: 75 },
    })
    const rate = ruleSchema.parse({
      ...base,
      kind: 'rate_of_change',
      params: { metric: 'water_level_cm', deltaPerMinute: 1 },
    })
    expect(ruleMetric(threshold)).toEqual({ metric: 'pm25', threshold: 75 })
    expect(ruleMetric(rate)).toEqual({ metric: 'water_level_cm', threshold: null })
    expect(ruleMetric(undefined)).toBeNull()
  })
})
