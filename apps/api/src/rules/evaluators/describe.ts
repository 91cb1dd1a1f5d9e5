import {
  bilingualText,
  metricCatalog,
  type DetectionEvent,
  type KnownMetric,
  type Rule,
  type ThresholdOp,
} from '@ioc/contracts'
import type { SourceInfo } from './target.js'

// What operators read: Vietnamese first, English second, one line each (bilingualText).
const opText: Record<ThresholdOp, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' }

function metricText(metric: string): { vi: string; en: string; unit: string } {
  const info = metricCatalog[metric as KnownMetric] as (typeof metricCatalog)[KnownMetric] | undefined
  return info
    ? { ...info.label, unit: info.unit ? ` ${info.unit}` : '' }
    : { vi: metric, en: metric, unit: '' }
}

const round = (v: number) => Math.round(v * 100) / 100

export function alertTitle(rule: Rule, source: SourceInfo): string {
  return `${rule.name} · ${source.name}`.slice(0, 200)
}

export function thresholdText(rule: Extract<Rule, { kind: 'threshold' }>, value: number): string {
  const p = rule.params
  const m = metricText(p.metric)
  const cond = `${opText[p.op]} ${p.value}${m.unit}`
  const held =
    p.forSeconds > 0
      ? { vi: ` trong ${p.forSeconds} giây`, en: ` for ${p.forSeconds} s` }
      : { vi: '', en: '' }
  return bilingualText(
    `${m.vi} = ${round(value)}${m.unit} (ngưỡng ${cond}${held.vi})`,
    `${m.en} = ${round(value)}${m.unit} (threshold ${cond}${held.en})`,
  )
}

export function rateText(
  rule: Extract<Rule, { kind: 'rate_of_change' }>,
  rate: number,
  value: number,
): string {
  const p = rule.params
  const m = metricText(p.metric)
  return bilingualText(
    `${m.vi} thay đổi ${round(rate)}${m.unit}/phút (giới hạn ${p.deltaPerMinute}${m.unit}/phút), hiện ${round(value)}${m.unit}`,
    `${m.en} changing ${round(rate)}${m.unit}/min (limit ${p.deltaPerMinute}${m.unit}/min), now ${round(value)}${m.unit}`,
  )
}

/**
 * A moment as operators read it on every screen: the province's time (Vietnam, UTC+7 all year),
 * `00:01:35 07/12/2026`. Descriptions are stored text, so the reader's own zone cannot apply.
 */
const siteTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
})

export function offlineText(afterSeconds: number, lastSeen: Date): string {
  const at = siteTime.format(lastSeen)
  return bilingualText(
    `Thiết bị không gửi dữ liệu quá ${afterSeconds} giây (lần cuối ${at})`,
    `Device silent for more than ${afterSeconds} s (last seen ${at})`,
  )
}

const eventText: Record<DetectionEvent['kind'], { vi: string; en: string }> = {
  person_in_zone: { vi: 'Người trong vùng', en: 'Person in zone' },
  crowd: { vi: 'Đám đông trong vùng', en: 'Crowd in zone' },
  vehicle_stopped: { vi: 'Phương tiện dừng trong vùng', en: 'Vehicle stopped in zone' },
  wrong_way: { vi: 'Đi ngược chiều qua vạch', en: 'Wrong-way crossing of line' },
}

export function detectionText(event: DetectionEvent): string {
  const t = eventText[event.kind]
  const place = event.kind === 'wrong_way' ? event.lineId : event.zoneId
  const extra =
    event.kind === 'crowd'
      ? { vi: `, ${event.count} người`, en: `, ${event.count} people` }
      : event.kind === 'vehicle_stopped'
        ? { vi: `, ${round(event.seconds)} giây`, en: `, ${round(event.seconds)} s` }
        : { vi: '', en: '' }
  return bilingualText(`${t.vi} "${place}"${extra.vi}`, `${t.en} "${place}"${extra.en}`)
}
