import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber, formatTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useCityKpis, cityKpisQueryKey } from '../../shell/socket/hooks/use-city-kpis.js'
import { useConnectionState } from '../../shell/socket/hooks/use-connection-state.js'
import { useApi } from '../../shell/services.js'
import { camerasQuery } from '../map/use-map-data.js'
import { aqiColors, severityColors, toCss } from '../map/colors.js'
import { kpiStripNs } from './i18n.js'
import { durationParts, summarize } from './kpi-summary.js'
import './kpi-strip.css'

function Cell({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="kpi-cell" data-testid={testId}>
      <div className="kpi-cell__label">{label}</div>
      <div className="kpi-cell__value">{children}</div>
    </div>
  )
}

/** The live city indicators in one strip, large enough to read from the back of the room. */
export function KpiStrip() {
  const { t } = useTranslation(kpiStripNs)
  const { locale } = useLocale()
  const kpis = useCityKpis()
  const connection = useConnectionState()
  const error = useQueryClient().getQueryState(cityKpisQueryKey)?.error
  // flows count whole minutes: lines that exist but have no complete minute yet are "counting"
  const hasLines = (useQuery(camerasQuery(useApi())).data ?? []).some((c) => c.lines.length > 0)
  const n = (v: number) => formatNumber(locale, v)

  if (!kpis)
    return (
      <div
        className="kpi-strip kpi-strip--state"
        data-testid="kpi-strip"
        data-state={error ? 'error' : 'loading'}
      >
        {error ? t('failed', { reason: error.message }) : t('loading')}
      </div>
    )

  const s = summarize(kpis)
  const offline = connection.kind === 'reconnecting' || connection.kind === 'connecting'
  const duration = (secs: number) => {
    const d = durationParts(secs)
    if (d.hours > 0) return t('hours', { h: n(d.hours), m: n(d.minutes) })
    if (d.minutes > 0) return t('minutes', { m: n(d.minutes), s: n(d.seconds) })
    return t('seconds', { s: n(d.seconds) })
  }
  const share = (x: { online: number; total: number; percent: number | null }) => (
    <>
      <span className="kpi-big">{n(x.online)}</span>
      <span className="kpi-unit">/{n(x.total)}</span>
    </>
  )

  return (
    <div
      className={`kpi-strip${offline ? ' kpi-strip--offline' : ''}`}
      data-testid="kpi-strip"
      data-state={offline ? 'offline' : 'live'}
      aria-label={t('title')}
    >
      {offline && (
        <div className="kpi-strip__offline">{t('offline', { time: formatTime(locale, kpis.ts) })}</div>
      )}
      <Cell label={t('vehicles')} testId="kpi-vehicles">
        {s.vehiclesByDirection.length === 0 ? (
          <span className="kpi-empty">{t(hasLines ? 'firstMinute' : 'noVehicles')}</span>
        ) : (
          s.vehiclesByDirection.slice(0, 3).map((v) => (
            <span key={v.direction} className="kpi-pair">
              <span className="kpi-pair__name">{v.direction}</span>
              <span className="kpi-big">{n(v.count)}</span>
            </span>
          ))
        )}
      </Cell>
      <Cell label={t('persons')} testId="kpi-persons">
        {s.zones === 0 ? (
          <span className="kpi-empty">{t('noZones')}</span>
        ) : (
          <>
            <span className="kpi-big">{n(s.personsInZones)}</span>
            <span className="kpi-unit">{t('zones', { count: s.zones })}</span>
          </>
        )}
      </Cell>
      <Cell label={t('aqi')} testId="kpi-aqi">
        {s.aqi.length === 0 ? (
          <span className="kpi-empty">{t('noAqi')}</span>
        ) : (
          s.aqi.slice(0, 4).map((d) => (
            <span key={d.district} className="kpi-pair">
              <span className="kpi-pair__name">{d.district}</span>
              <span className="kpi-chip" style={{ background: toCss(aqiColors[d.category]) }}>
                {n(d.aqi)}
              </span>
            </span>
          ))
        )}
      </Cell>
      <Cell label={t('cameras')} testId="kpi-cameras">
        {share(s.camerasOnline)}
      </Cell>
      <Cell label={t('sensors')} testId="kpi-sensors">
        {share(s.sensorsOnline)}
      </Cell>
      <Cell label={t('alerts')} testId="kpi-alerts">
        {s.openAlerts
          .filter((a) => a.count > 0 || a.severity === 'critical' || a.severity === 'major')
          .map((a) => (
            <span
              key={a.severity}
              className="kpi-chip kpi-chip--severity"
              title={t(`severityFull.${a.severity}`)}
              style={{ borderColor: toCss(severityColors[a.severity]) }}
            >
              <span className="kpi-chip__tag" style={{ background: toCss(severityColors[a.severity]) }}>
                {t(`severity.${a.severity}`)}
              </span>
              {n(a.count)}
            </span>
          ))}
      </Cell>
      <Cell label={t('mtta')} testId="kpi-mtta">
        {s.mttaSeconds === null ? (
          <span className="kpi-empty">{t('noMtta')}</span>
        ) : (
          <span className="kpi-big kpi-big--text">{duration(s.mttaSeconds)}</span>
        )}
      </Cell>
    </div>
  )
}
