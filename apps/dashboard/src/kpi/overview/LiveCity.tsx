import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber, formatTime } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { useCityKpis } from '../../shell/socket/hooks/use-city-kpis.js'
import { durationParts, summarize } from '../../wall/kpi-strip/kpi-summary.js'
import { kpiStripNs } from '../../wall/kpi-strip/i18n.js'
import { aqiColors, severityColors, toCss } from '../../wall/map/colors.js'
import { kpiNs } from '../i18n.js'
import { AqiMap } from './AqiMap.js'

function Tile({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="kpi-city__tile" data-testid={testId}>
      <div className="kpi-city__label">{label}</div>
      <div className="kpi-city__value">{children}</div>
    </div>
  )
}

/** The live city indicators of the wall's strip (one hook, one summary), sized for a tablet. */
export function LiveCity() {
  const { t } = useTranslation(kpiNs)
  const strip = useTranslation(kpiStripNs).t
  const { locale } = useLocale()
  const { i18n } = useTranslation()
  // the site's boundary carries its Vietnamese name, as the plans do
  const site = i18n.getFixedT('vi')('site')
  const kpis = useCityKpis()
  const n = (v: number) => formatNumber(locale, v)
  if (!kpis) return <p className="kpi-muted">{t('city.loading')}</p>
  const s = summarize(kpis)
  const duration = (secs: number) => {
    const d = durationParts(secs)
    if (d.hours > 0) return strip('hours', { h: n(d.hours), m: n(d.minutes) })
    if (d.minutes > 0) return strip('minutes', { m: n(d.minutes), s: n(d.seconds) })
    return strip('seconds', { s: n(d.seconds) })
  }
  return (
    <>
      <p className="kpi-asof" data-testid="kpi-city-asof">
        {t('city.asOf', { time: formatTime(locale, kpis.ts) })}
      </p>
      <div className="kpi-city" data-testid="kpi-city">
        <Tile label={t('city.vehicles')} testId="kpi-city-vehicles">
          {s.vehiclesByDirection.length === 0 ? (
            <span className="kpi-muted">{t('city.noVehicles')}</span>
          ) : (
            s.vehiclesByDirection.slice(0, 3).map((v) => (
              <span key={v.direction} className="kpi-city__pair">
                <span>{v.direction}</span>
                <strong>{n(v.count)}</strong>
              </span>
            ))
          )}
        </Tile>
        <Tile label={t('city.cameras')} testId="kpi-city-cameras">
          <strong className="kpi-city__big">{n(s.camerasOnline.online)}</strong>/{n(s.camerasOnline.total)}
        </Tile>
        <Tile label={t('city.sensors')} testId="kpi-city-sensors">
          <strong className="kpi-city__big">{n(s.sensorsOnline.online)}</strong>/{n(s.sensorsOnline.total)}
        </Tile>
        <Tile label={t('city.mtta')} testId="kpi-city-mtta">
          {s.mttaSeconds === null ? (
            <span className="kpi-muted">{t('city.noMtta')}</span>
          ) : (
            <strong>{duration(s.mttaSeconds)}</strong>
          )}
        </Tile>
        <Tile label={t('city.alerts')} testId="kpi-city-alerts">
          {s.openAlerts.map((a) => (
            <span
              key={a.severity}
              className="kpi-city__severity"
              style={{ borderColor: toCss(severityColors[a.severity]) }}
            >
              {strip(`severityFull.${a.severity}`)} <strong>{n(a.count)}</strong>
            </span>
          ))}
        </Tile>
        <Tile label={t('city.aqi')} testId="kpi-city-aqi">
          {s.aqi.length === 0 ? (
            <span className="kpi-muted">{t('city.noAqi')}</span>
          ) : (
            s.aqi.map((d) => (
              <span key={d.district} className="kpi-city__pair">
                <span>{d.district}</span>
                <span className="kpi-city__aqi" style={{ background: toCss(aqiColors[d.category]) }}>
                  {n(d.aqi)}
                </span>
              </span>
            ))
          )}
        </Tile>
      </div>
      {s.aqi.length > 0 && <AqiMap aqi={s.aqi} site={site} />}
    </>
  )
}
