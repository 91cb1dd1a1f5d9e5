import type { BoundaryFeature, BoundaryGeometry } from '@ioc/contracts'

export interface Point {
  lon: number
  lat: number
}

export interface Frame {
  west: number
  east: number
  south: number
  north: number
  /** the width of a degree of longitude against one of latitude, at the frame's middle */
  kx: number
}

const rings = (g: BoundaryGeometry): number[][][] =>
  (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flatMap((polygon) => polygon) as number[][][]

/** The box around `features` and `points`, a margin of 4% around it; null when there is nothing. */
export function frameOf(features: readonly BoundaryFeature[], points: readonly Point[]): Frame | null {
  const lons: number[] = points.map((p) => p.lon)
  const lats: number[] = points.map((p) => p.lat)
  for (const f of features)
    for (const ring of rings(f.geometry))
      for (const [lon, lat] of ring) {
        lons.push(lon!)
        lats.push(lat!)
      }
  if (lons.length === 0) return null
  let [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ]
  const pad = Math.max(east - west, north - south, 0.02) * 0.04
  ;[west, east, south, north] = [west - pad, east + pad, south - pad, north + pad]
  return { west, east, south, north, kx: Math.cos((((south + north) / 2) * Math.PI) / 180) }
}

/** The frame's size in SVG units for a width of `width` (an equirectangular view, north up). */
export function frameSize(frame: Frame, width: number): { width: number; height: number } {
  const w = (frame.east - frame.west) * frame.kx
  const h = frame.north - frame.south
  return { width, height: Math.max(1, Math.round((width * h) / w)) }
}

export function project(frame: Frame, width: number, p: Point): { x: number; y: number } {
  const scale = width / ((frame.east - frame.west) * frame.kx)
  return { x: (p.lon - frame.west) * frame.kx * scale, y: (frame.north - p.lat) * scale }
}

/** An SVG path of a feature's rings in the frame, coordinates rounded to 0.1 unit. */
export function pathOf(frame: Frame, width: number, feature: BoundaryFeature): string {
  return rings(feature.geometry)
    .map(
      (ring) =>
        'M' +
        ring
          .map(([lon, lat]) => {
            const { x, y } = project(frame, width, { lon: lon!, lat: lat! })
            return `${x.toFixed(1)},${y.toFixed(1)}`
          })
          .join('L') +
        'Z',
    )
    .join('')
}
