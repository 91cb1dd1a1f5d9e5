import { describe, expect, it } from 'vitest'
import { i18n } from '../../i18n/i18n.js'
import { auditLines } from '../common/audit-detail.js'
import { cameraAuditDescriber } from './audit-text.js'
import { camerasNs } from './i18n.js'

const detail = {
  zones: [
    {
      id: 'gate',
      name: 'Khu cấm',
      kind: 'restricted',
      points: [
        [0.1, 0.1],
        [0.5, 0.1],
        [0.5, 0.6],
        [0.1, 0.6],
      ],
    },
    {
      id: 'yard',
      name: 'Sân',
      kind: 'crowd',
      crowdAbove: 12,
      points: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    },
  ],
  lines: [
    {
      id: 'north',
      name: 'Làn Bắc',
      points: [
        [0, 0.5],
        [1, 0.5],
      ],
      directions: { leftToRight: 'Hướng Tam Kỳ', rightToLeft: 'Hướng Hội An' },
      oneWay: 'rightToLeft',
    },
  ],
  detectFps: 5,
  rtspUrl: 'changed',
}

describe('a camera change in the trail', () => {
  it('words zones and count lines in Vietnamese and English, other fields as key: value', () => {
    const vi = auditLines(detail, '—', cameraAuditDescriber(i18n.getFixedT('vi', camerasNs)))
    expect(vi).toEqual([
      {
        label: 'Vùng',
        text: 'Khu cấm (Vùng cấm) — 4 điểm; Sân (Vùng đông người) — 3 điểm, báo khi hơn 12 người',
      },
      { label: 'Vạch đếm', text: 'Làn Bắc: Hướng Tam Kỳ / Hướng Hội An (một chiều: Hướng Hội An)' },
      { label: 'detectFps', text: '5' },
      { label: 'rtspUrl', text: 'changed' },
    ])
    const en = auditLines(
      { zones: [detail.zones[0]], lines: [] },
      '—',
      cameraAuditDescriber(i18n.getFixedT('en', camerasNs)),
    )
    expect(en).toEqual([
      { label: 'Zones', text: 'Khu cấm (Restricted) — 4 points' },
      { label: 'Count lines', text: 'none' },
    ])
  })

  it('leaves what is not zones or lines, or no longer parses as them, to the generic form without JSON', () => {
    const lines = auditLines(
      { zones: [{ id: 'x', points: 'old' }], target: { districts: ['Hội An'] }, name: 'Cổng' },
      '—',
      cameraAuditDescriber(i18n.getFixedT('vi', camerasNs)),
    )
    expect(lines).toEqual([
      { label: 'zones', text: 'id: x, points: old' },
      { label: 'target', text: 'districts: Hội An' },
      { label: 'name', text: 'Cổng' },
    ])
    const long = auditLines({ note: 'x'.repeat(500) }, '—')
    expect(long[0]!.text).toHaveLength(240)
    expect(long[0]!.text.endsWith('…')).toBe(true)
  })
})
