import { aqiCategory, metricCatalog, type KnownMetric } from '@ioc/contracts'
import type { TFunction } from 'i18next'
import { formatNumber } from '../../i18n/format.js'
import type { Locale } from '../../i18n/locale.js'
import { waterLevelOf } from './colors.js'
import { layerIds } from './layers.js'
import type { AlertRow, CameraRow, SensorRow } from './map-rows.js'

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function lines(title: string, ...rest: string[]): string {
  return `<div class="map-tip__title">${escape(title)}</div>${rest.map((l) => `<div>${escape(l)}</div>`).join('')}`
}

function sensorValue(row: SensorRow, threshold: number | undefined, t: TFunction, locale: Locale): string[] {
  if (!row.online) return [t('offline')]
  if (row.value === null) return [t('noValue')]
  const info = metricCatalog[row.metric as KnownMetric] as (typeof metricCatalog)[KnownMetric] | undefined
  const label = info?.label[locale] ?? row.metric
  const value = `${label}: ${formatNumber(locale, row.value, { maximumFractionDigits: 1 })}${info?.unit ? ` ${info.unit}` : ''}`
  if (row.metric === 'aqi') return [value, t(`aqi.${aqiCategory(row.value)}`)]
  if (row.kind === 'water_level' && threshold !== undefined)
    return [
      value,
      `${t(`water.${waterLevelOf(row.value, threshold)}`)} (${t('threshold', { value: formatNumber(locale, threshold) })})`,
    ]
  return [value]
}

/** What hovering shows, in the operator's language; null for layers that show nothing. */
export function tooltipHtml(
  layerId: string | undefined,
  object: unknown,
  ctx: { t: TFunction; locale: Locale; thresholds: ReadonlyMap<string, number> },
): string | null {
  const { t, locale } = ctx
  if (!object) return null
  if (layerId === layerIds.cameras) {
    const c = object as CameraRow
    return lines(c.name, `${t('camera')} · ${t(`cameraState.${c.state}`)}`, c.district, t('openHint'))
  }
  if (layerId === layerIds.sensors) {
    const s = object as SensorRow
    return lines(
      s.name,
      `${t('sensor')} · ${s.district}`,
      ...sensorValue(s, ctx.thresholds.get(s.id), t, locale),
    )
  }
  if (layerId === layerIds.alerts) {
    const a = object as AlertRow
    return lines(
      a.title,
      `${t('alert')} · ${t(`severity.${a.severity}`)}`,
      a.acknowledged ? t('acknowledged') : t('unacknowledged'),
    )
  }
  return null
}

/** Where a click on a map object leads: its camera's or its station's page. */
export function linkOf(layerId: string | undefined, object: unknown): string | null {
  if (!object) return null
  if (layerId === layerIds.cameras) return `/cameras/${encodeURIComponent((object as CameraRow).id)}`
  if (layerId === layerIds.sensors) return `/sensors/${encodeURIComponent((object as SensorRow).id)}`
  if (layerId === layerIds.alerts) {
    const a = object as AlertRow
    if (a.sourceType === 'camera') return `/cameras/${encodeURIComponent(a.sourceId)}`
    return `/sensors/${encodeURIComponent(a.sourceId)}`
  }
  return null
}
