import type { KpiValue } from '@ioc/contracts'
import { useTopicRoom } from '../use-topic-room.js'
import { useLiveEvent } from '../use-live-event.js'

/** Each plan KPI value as it is reported (REST, CSV or MQTT). */
export function useKpiValues(onValue: (value: KpiValue) => void): void {
  useLiveEvent('kpi:value', onValue, useTopicRoom('kpis'))
}
