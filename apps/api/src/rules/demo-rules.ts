import { ruleSchema, type Rule } from '@ioc/contracts'

// Seeded in demo mode only, and only when missing, so an operator's edits survive restarts.
// Thresholds: Vietnam's QCVN 05:2023/BTNMT 24-hour PM2.5 limit is 50 µg/m³; 75 over five minutes
// is a clear episode. Water levels follow the simulator's river (about 120 cm, floods above 250).
export const demoRules: Rule[] = [
  {
    id: 'pm25-above-75-5min',
    name: 'PM2.5 > 75 µg/m³ trong 5 phút',
    kind: 'threshold',
    severity: 'major',
    category: 'environment',
    subCategory: 'airPollution',
    target: { deviceKinds: ['air_quality'] },
    params: { metric: 'pm25', op: 'gt', value: 75, forSeconds: 300, hysteresis: 5 },
  },
  {
    id: 'water-level-above-250',
    name: 'Mực nước > 250 cm (nguy cơ ngập)',
    kind: 'threshold',
    severity: 'critical',
    category: 'naturalDisaster',
    subCategory: 'flood',
    target: { deviceKinds: ['water_level'] },
    params: { metric: 'water_level_cm', op: 'gt', value: 250, forSeconds: 120, hysteresis: 10 },
  },
  {
    id: 'water-level-rising-fast',
    name: 'Mực nước lên nhanh > 1 cm/phút',
    kind: 'rate_of_change',
    severity: 'major',
    category: 'naturalDisaster',
    subCategory: 'flood',
    target: { deviceKinds: ['water_level'] },
    params: { metric: 'water_level_cm', deltaPerMinute: 1, windowSeconds: 900 },
  },
  {
    id: 'device-offline-5min',
    name: 'Thiết bị mất kết nối > 5 phút',
    kind: 'offline',
    severity: 'minor',
    category: 'system',
    subCategory: 'deviceOffline',
    target: {},
    params: { afterSeconds: 300 },
  },
  {
    id: 'person-in-restricted-zone',
    name: 'Người vào khu vực cấm',
    kind: 'detection',
    severity: 'critical',
    category: 'security',
    subCategory: 'intrusion',
    target: {},
    params: { event: 'person_in_zone' },
  },
  {
    id: 'vehicle-stopped-60s',
    name: 'Phương tiện dừng trên làn > 60 giây',
    kind: 'detection',
    severity: 'warning',
    category: 'traffic',
    subCategory: 'carStopped',
    target: {},
    params: { event: 'vehicle_stopped', minSeconds: 60 },
  },
].map((r) => ruleSchema.parse({ enabled: true, ...r }))
