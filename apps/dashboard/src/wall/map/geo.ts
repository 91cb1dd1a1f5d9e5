import type { BoundaryFeature, MapBoundaries } from '@ioc/contracts'

/**
 * A number that changes when a point moves, changes district, or comes or goes, and not when only
 * its readings do: what depends on places alone (the site, its labels, the fit) is recomputed on
 * it, not on every live batch (10,000 stations tested against the boundaries took the map to
 * under a frame a second while panning).
 */
export function placesKey(points: readonly { lon: number; lat: number; district?: string | null }[]): number {
  let h = points.length
  for (const p of points) {
    h = (Math.imul(h, 31) + Math.round(p.lon * 1e6)) | 0
    h = (Math.imul(h, 31) + Math.round(p.lat * 1e6)) | 0
    const d = p.district ?? ''
    for (let i = 0; i < d.length; i++) h = (Math.imul(h, 31) + d.charCodeAt(i)) | 0
  }
  return h
}

/** [[west, south], [east, north]] */
export type Bounds = [[number, number], [number, number]]

type Ring = readonly (readonly number[])[]

function polygonsOf(feature: BoundaryFeature): (readonly Ring[])[] {
  const g = feature.geometry
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates
}

/** Even-odd ray casting: inside the outer ring and outside its holes. */
function inRing(ring: Ring, lon: number, lat: number): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

export function featureContains(feature: BoundaryFeature, lon: number, lat: number): boolean {
  return polygonsOf(feature).some(
    ([outer, ...holes]) =>
      outer !== undefined && inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat)),
  )
}

export function boundsOfFeatures(features: readonly BoundaryFeature[]): Bounds | null {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (const f of features)
    for (const polygon of polygonsOf(f))
      for (const [lon, lat] of polygon[0] ?? []) {
        w = Math.min(w, lon!)
        e = Math.max(e, lon!)
        s = Math.min(s, lat!)
        n = Math.max(n, lat!)
      }
  return Number.isFinite(w)
    ? [
        [w, s],
        [e, n],
      ]
    : null
}

export function boundsOfPoints(points: readonly { lon: number; lat: number }[]): Bounds | null {
  if (points.length === 0) return null
  const lons = points.map((p) => p.lon)
  const lats = points.map((p) => p.lat)
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ]
}

/**
 * The site is what the IOC watches: the boundaries that hold its cameras and sensors (Quảng Nam in
 * the demo, out of 63 provinces). Nothing about the site is written in code.
 */
export function siteFeatureNames(
  boundaries: MapBoundaries | null,
  points: readonly { lon: number; lat: number }[],
): string[] {
  if (!boundaries) return []
  const names = new Set<string>()
  const withBounds = boundaries.features.map((f) => ({ f, b: boundsOfFeatures([f]) }))
  for (const p of points)
    for (const { f, b } of withBounds) {
      if (!b || p.lon < b[0][0] || p.lon > b[1][0] || p.lat < b[0][1] || p.lat > b[1][1]) continue
      if (featureContains(f, p.lon, p.lat)) names.add(f.properties.name)
    }
  return [...names].sort()
}

/**
 * The site's boundaries and their neighbours (those whose extent comes within `margin` times the
 * site's size of it). The file may hold the whole country: the other provinces lie off the wall's
 * view yet their outlines would be drawn at every frame, which costs seconds a frame on a wall PC
 * without a GPU (measured: the page's main thread stalled 0.5-1.2 s at a time with all 63).
 */
export function featuresAround(
  boundaries: MapBoundaries,
  siteNames: readonly string[],
  margin = 0.5,
): MapBoundaries {
  const site = new Set(siteNames)
  const bounds = boundsOfFeatures(boundaries.features.filter((f) => site.has(f.properties.name)))
  if (!bounds) return boundaries
  const [[w, s], [e, n]] = bounds
  const dx = (e - w) * margin
  const dy = (n - s) * margin
  const near = (b: Bounds | null) =>
    b !== null && b[0][0] <= e + dx && b[1][0] >= w - dx && b[0][1] <= n + dy && b[1][1] >= s - dy
  return {
    ...boundaries,
    features: boundaries.features.filter((f) => site.has(f.properties.name) || near(boundsOfFeatures([f]))),
  }
}
