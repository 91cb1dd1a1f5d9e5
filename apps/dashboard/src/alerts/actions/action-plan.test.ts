import { describe, expect, it } from 'vitest'
import { makeAlert } from '../test/make-alert.js'
import { actsOnAlerts, planAction, reasonCounts } from './action-plan.js'

const traffic = { role: 'traffic' as const, district: null }
const security = { role: 'security' as const, district: null }
const trafficHoiAn = { role: 'traffic' as const, district: 'Hội An' }

describe('planAction', () => {
  const jam = makeAlert({ id: 'jam', category: 'traffic', district: 'Tam Kỳ' })
  const acked = makeAlert({ id: 'acked', category: 'traffic', acknowledged: true, ackBy: 'operator' })
  const intrusion = makeAlert({ id: 'intrusion', category: 'security', subCategory: 'intrusion' })
  const cleared = makeAlert({ id: 'cleared', category: 'traffic', status: 'cleared' })

  it('sends only what the role may act on and the state allows, naming the reason of the rest', () => {
    const plan = planAction(traffic, 'ack', [jam, acked, intrusion, cleared])
    expect(plan.allowed.map((a) => a.id)).toEqual(['jam', 'cleared'])
    expect(plan.blocked.map((b) => [b.alert.id, b.block])).toEqual([
      ['acked', { kind: 'acknowledged', by: 'operator' }],
      ['intrusion', { kind: 'category' }],
    ])
    expect(planAction(traffic, 'resolve', [cleared]).blocked[0]!.block).toEqual({ kind: 'cleared' })
    expect(planAction(traffic, 'comment', [acked, cleared]).allowed).toHaveLength(2)
  })

  it('follows canActOnAlert for other roles and districts', () => {
    expect(planAction(security, 'ack', [jam]).blocked[0]!.block).toEqual({ kind: 'category' })
    expect(planAction(security, 'ack', [intrusion]).allowed).toHaveLength(1)
    expect(planAction(trafficHoiAn, 'ack', [jam]).blocked[0]!.block).toEqual({
      kind: 'district',
      district: 'Hội An',
    })
    expect(planAction({ role: 'leader', district: null }, 'comment', [jam]).blocked[0]!.block).toEqual({
      kind: 'leader',
    })
    expect(planAction({ role: 'operator', district: null }, 'ack', [jam, intrusion]).allowed).toHaveLength(2)
  })

  it('summarises the reasons, most frequent first', () => {
    const plan = planAction(traffic, 'ack', [intrusion, makeAlert({ category: 'security' }), acked])
    const describe = (block: { kind: string }, alert: { category: string }) =>
      `${block.kind} ${alert.category}`
    expect(reasonCounts(plan, describe)).toEqual([
      { reason: 'category security', count: 2 },
      { reason: 'acknowledged traffic', count: 1 },
    ])
  })

  it('knows the roles that act on nothing', () => {
    expect(actsOnAlerts({ role: 'leader' })).toBe(false)
    expect(
      ['admin', 'operator', 'traffic', 'security'].every((role) => actsOnAlerts({ role: role as 'admin' })),
    ).toBe(true)
  })
})
