import type { Alert } from '@ioc/contracts'

let next = 1

/** An alert for tests: active, unacknowledged, traffic in Hội An unless told otherwise. */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  const n = next++
  return {
    id: String(n),
    seq: n,
    sourceType: 'camera',
    sourceId: `cam-${n}`,
    ruleId: 'vehicle-stopped-60s',
    severity: 'warning',
    status: 'active',
    acknowledged: false,
    category: 'traffic',
    subCategory: 'carStopped',
    district: 'Hội An',
    title: `Xe dừng trên làn ${n}`,
    description: '',
    count: 1,
    firstSeen: '2026-12-03T08:00:00.000Z',
    lastSeen: '2026-12-03T08:00:00.000Z',
    assignee: null,
    ackBy: null,
    ackAt: null,
    clearedAt: null,
    ...overrides,
  }
}
