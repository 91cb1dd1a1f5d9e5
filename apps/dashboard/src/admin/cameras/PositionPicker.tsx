import { useQuery } from '@tanstack/react-query'
import { useMemo, type MouseEvent } from 'react'
import { mapBoundariesSchema, mapConfigSchema, type BoundaryFeature } from '@ioc/contracts'
import { useApi } from '../../shell/services.js'
import { boundsOfFeatures, featureContains, featuresAround, siteFeatureNames } from '../../wall/map/geo.js'
import { adminCamerasQuery } from './camera-queries.js'

const W = 320
const H = 240

/**
 * A small map of the site (the boundaries holding the cameras, and their neighbours, as the wall
 * frames it; GET /api/map/boundaries): a click gives the position and names the area it falls in.
 * Without boundaries, lat and lon are typed.
 */
export function PositionPicker({
  lat,
  lon,
  onPick,
}: {
  lat: number | null
  lon: number | null
  onPick: (p: { lat: number; lon: number; area: string | null }) => void
}) {
  const api = useApi()
  const config = useQuery({
    queryKey: ['map', 'config'],
    queryFn: ({ signal }) => api.get('/api/map/config', mapConfigSchema, { signal }),
  })
  const boundaries = useQuery({
    queryKey: ['map', 'boundaries'],
    queryFn: ({ signal }) => api.get('/api/map/boundaries', mapBoundariesSchema, { signal }),
    enabled: config.data?.boundaries === true,
    staleTime: Infinity,
  })
  const cameras = useQuery(adminCamerasQuery(api))
  const features = useMemo(() => {
    if (!boundaries.data) return undefined
    const points = (cameras.data ?? []).map((c) => ({ lon: c.lon, lat: c.lat }))
    const site = siteFeatureNames(boundaries.data, points)
    return site.length > 0 ? featuresAround(boundaries.data, site, 0.15).features : boundaries.data.features
  }, [boundaries.data, cameras.data])
  const view = useMemo(() => (features ? projection(features) : null), [features])
  if (!features || !view) return null

  const click = (e: MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect()
    const { lon: x, lat: y } = view.invert(
      ((e.clientX - rect.left) / rect.width) * W,
      ((e.clientY - rect.top) / rect.height) * H,
    )
    const at = { lat: Number(y.toFixed(6)), lon: Number(x.toFixed(6)) }
    const area = features.find((f) => featureContains(f, at.lon, at.lat))?.properties.name ?? null
    onPick({ ...at, area })
  }
  const marker = lat !== null && lon !== null ? view.project(lon, lat) : null
  return (
    <svg
      className="admin-minimap"
      viewBox={`0 0 ${W} ${H}`}
      onClick={click}
      data-testid="position-picker"
      role="img"
    >
      {features.map((f, i) => (
        <path key={i} d={view.path(f)} className="admin-minimap-area">
          <title>{f.properties.name}</title>
        </path>
      ))}
      {marker && <circle cx={marker[0]} cy={marker[1]} r={6} className="admin-minimap-marker" />}
    </svg>
  )
}

/** Equirectangular, scaled by the cosine of the middle latitude: plain enough for one province. */
function projection(features: readonly BoundaryFeature[]) {
  const bounds = boundsOfFeatures(features)
  if (!bounds) return null
  const [[west, south], [east, north]] = bounds
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180)
  const scale = Math.min((W - 8) / ((east - west) * k || 1), (H - 8) / (north - south || 1))
  const project = (lon: number, lat: number): [number, number] => [
    4 + (lon - west) * k * scale,
    4 + (north - lat) * scale,
  ]
  const invert = (x: number, y: number) => ({
    lon: west + (x - 4) / (k * scale),
    lat: north - (y - 4) / scale,
  })
  const ring = (r: readonly (readonly number[])[]) =>
    r
      .map(
        ([x, y], i) =>
          `${i === 0 ? 'M' : 'L'}${project(x!, y!)
            .map((v) => v.toFixed(1))
            .join(',')}`,
      )
      .join('') + 'Z'
  const path = (f: BoundaryFeature) =>
    f.geometry.type === 'Polygon'
      ? f.geometry.coordinates.map(ring).join('')
      : f.geometry.coordinates.map((poly) => poly.map(ring).join('')).join('')
  return { project, invert, path }
}
