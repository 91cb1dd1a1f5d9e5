import { aqiCategorySchema, cameraStateSchema } from '@ioc/contracts'
import { useTranslation } from 'react-i18next'
import { aqiColors, cameraStateColors, toCss, waterLevelColors } from './colors.js'
import { mapNs } from './i18n.js'

function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <li className="map-legend__item">
      <span className="map-legend__dot" style={{ background: color }} />
      {label}
    </li>
  )
}

/** The colours' meaning, always on screen: nobody can hover on a wall. */
export function MapLegend({ siteNames }: { siteNames: readonly string[] }) {
  const { t } = useTranslation(mapNs)
  return (
    <div className="map-legend" aria-label={t('title')}>
      {siteNames.length > 0 && <div className="map-legend__site">{siteNames.join(' · ')}</div>}
      <div className="map-legend__group">
        <div className="map-legend__heading">{t('legend.cameras')}</div>
        <ul>
          {cameraStateSchema.options.map((s) => (
            <Swatch key={s} color={toCss(cameraStateColors[s])} label={t(`cameraState.${s}`)} />
          ))}
        </ul>
      </div>
      <div className="map-legend__group">
        <div className="map-legend__heading">{t('legend.air')}</div>
        <ul>
          {aqiCategorySchema.options.map((c) => (
            <Swatch key={c} color={toCss(aqiColors[c])} label={t(`aqi.${c}`)} />
          ))}
        </ul>
      </div>
      <div className="map-legend__group">
        <div className="map-legend__heading">{t('legend.water')}</div>
        <ul>
          {(['normal', 'watch', 'flood'] as const).map((w) => (
            <Swatch key={w} color={toCss(waterLevelColors[w])} label={t(`water.${w}`)} />
          ))}
        </ul>
      </div>
    </div>
  )
}
