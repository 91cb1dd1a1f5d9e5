import { describe, expect, it } from 'vitest'
import { chartDomain } from './chart-domain.js'

describe('chartDomain', () => {
  it('rounds the ends to the scale of the data, with a margin', () => {
    expect(chartDomain([50, 54, 90], true).domain).toEqual([40, 100])
    expect(chartDomain([21, 26, 31, 20], false).domain).toEqual([18, 34])
    expect(chartDomain([99.5, 100], true).domain).toEqual([99.4, 100.1])
    expect(chartDomain([0.5585, 0.6674], false).domain).toEqual([0.54, 0.68])
  })

  it('puts a tick on every round number, every other one past eight', () => {
    expect(chartDomain([70, 80, 100], true).ticks).toEqual([60, 70, 80, 90, 100, 110])
    expect(chartDomain([21, 26, 31, 20], false).ticks).toEqual([18, 20, 22, 24, 26, 28, 30, 32, 34])
    expect(chartDomain([2, 95], true).ticks).toEqual([0, 20, 40, 60, 80, 100, 120])
  })

  it('keeps a share at or above zero and gives a single value room', () => {
    expect(chartDomain([2, 30], true).domain).toEqual([0, 40])
    expect(chartDomain([45.8], true).domain).toEqual([45, 47])
  })
})
