import { describe, expect, it } from 'vitest'
import { periodStart, type KpiTarget } from '@ioc/contracts'
import { progress, targetFor } from './kpi-progress.js'

describe('targetFor', () => {
  const targets: KpiTarget[] = [
    { period: '2030', value: 100, scope: 'province' },
    { period: '2025', value: 80, scope: 'province' },
    { period: '2030', value: 70, scope: 'commune' },
  ]
  const at = (period: string, scope = 'province', ts = periodStart(period)) => ({ period, ts, scope })

  it('takes the exact period, else the next milestone, else the last one, of the same scope', () => {
    expect(targetFor(targets, at('2025'))?.value).toBe(80)
    expect(targetFor(targets, at('2023'))?.value).toBe(80)
    expect(targetFor(targets, at('2027-Q2'))?.value).toBe(100)
    expect(targetFor(targets, at('2032'))?.value).toBe(100)
    expect(targetFor(targets, at('2024', 'commune'))?.value).toBe(70)
    expect(targetFor(targets, at('2024', 'district'))).toBeNull()
    // a live value (no period) counts in the Vietnamese year of its instant
    expect(
      targetFor(targets, { period: '', ts: new Date('2025-12-31T18:00:00Z'), scope: 'province' })?.value,
    ).toBe(100)
  })
})

describe('progress', () => {
  it('is value/target when more is better and target/value when less is', () => {
    expect(progress('at_least', 45.8, 50)).toBe(0.916)
    expect(progress('at_least', 68.54, 30)).toBe(2.2847)
    expect(progress('at_most', 21, 20)).toBe(0.9524)
    expect(progress('at_most', 18, 20)).toBe(1.1111)
    expect(progress('at_least', 5, 0)).toBe(1)
  })
})
