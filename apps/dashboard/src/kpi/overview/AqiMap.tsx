import { useQuery } from '@tanstack/react-query'
import { mapBoundariesSchema, sensorViewSchema, type CityKpis } from '@ioc/contracts'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../../i18n/format.js'
import { useLocale } from '../../i18n/use-locale.js'
import { ApiError } from '../../shell/api/api-error.js'
import { useApi } from '../../shell/services.js'
import { aqiColors, toCss } from '../../wall/map/colors.js'
import { kpiNs } from '../i18n.js'
import { frameOf, frameSize, pathOf, project, type Point } from '../logic/svg-map.js'

const WIDTH = 600
const sensorsSchema = sensorViewSchema.array()

/**
 * AQI by district on a small SVG map (no map library: the KPI route loads none). The site's
 * boundaries (GET /api/map/boundaries) are drawn, the districts that have a boundary of their name
 * filled in their AQI colour; each district's figure sits at the middle of its stations (GET
 * /api/sensors). Not kept offline (['kpi-map', ...] is outside the KPI copy): the list beside it is.
 */
export function AqiMap({ aqi, site }: { aqi: CityKpis['aqiByDistrict']; site: string }) {
  const { t } = useTranslation(kpiNs)
  const { locale } = useLocale()
  const api = useApi()
  const boundaries = useQuery({
    queryKey: ['kpi-map', 'boundaries'],
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      try {
        return await api.get('/api/map/boundaries', mapBoundariesSchema, { signal })
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null // the site has no file
        throw err
      }
    },
  }).data
  const sensors = useQuery({
    queryKey: ['kpi-map', 'sensors'],
    staleTime: 5 * 60_000,
    queryFn: ({ signal }) => api.get('/api/sensors', sensorsSchema, { signal }),
  }).data
  const map = useMemo(() => {
    const byName = new Map(aqi.map((d) => [d.district, d]))
    const features = boundaries?.features ?? []
    const districts = features.filter((f) => byName.has(f.properties.name))
    // the districts' own boundaries when the file has them, else the site's outline
    const drawn = districts.length > 0 ? districts : features.filter((f) => f.properties.name === site)
    const dots = aqi.flatMap((d) => {
      const at = (sensors ?? []).filter((s) => s.district === d.district && s.lat !== null && s.lon !== null)
      if (at.length === 0) return []
      const mean: Point = {
        lon: at.reduce((a, s) => a + s.lon!, 0) / at.length,
        lat: at.reduce((a, s) => a + s.lat!, 0) / at.length,
      }
      return [{ ...d, at: mean }]
    })
    const frame = frameOf(
      drawn,
      dots.map((d) => d.at),
    )
    if (!frame || dots.length === 0) return null
    return { frame, drawn, dots, byName, size: frameSize(frame, WIDTH) }
  }, [aqi, boundaries, sensors, site])
  if (!map) return null
  const { frame, size } = map
  return (
    <figure className="kpi-aqi-map" data-testid="kpi-aqi-map">
      <svg viewBox={`0 0 ${size.width} ${size.height}`} role="img" aria-label={t('city.aqiMap')}>
        {map.drawn.map((f) => {
          const d = map.byName.get(f.properties.name)
          return (
            <path
              key={f.properties.name}
              d={pathOf(frame, WIDTH, f)}
              className="kpi-aqi-map__area"
              style={d ? { fill: toCss(aqiColors[d.category]), fillOpacity: 0.45 } : undefined}
            />
          )
        })}
        {map.dots.map((d, i) => {
          const { x, y } = project(frame, WIDTH, d.at)
          // a district's name goes above its figure when an earlier one's sits just below there
          const crowded = map.dots.slice(0, i).some((o) => {
            const p = project(frame, WIDTH, o.at)
            return Math.abs(p.x - x) < 90 && Math.abs(p.y - y) < 50
          })
          return (
            <g
              key={d.district}
              data-testid="kpi-aqi-dot"
              data-district={d.district}
              transform={`translate(${x},${y})`}
            >
              <circle r={17} style={{ fill: toCss(aqiColors[d.category]) }} className="kpi-aqi-map__dot" />
              <text className="kpi-aqi-map__value" textAnchor="middle" dy="0.35em">
                {formatNumber(locale, d.aqi)}
              </text>
              <text className="kpi-aqi-map__name" textAnchor="middle" y={crowded ? -26 : 34}>
                {d.district}
              </text>
            </g>
          )
        })}
      </svg>
    </figure>
  )
}
