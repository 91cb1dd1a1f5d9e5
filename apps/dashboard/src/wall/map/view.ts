import { WebMercatorViewport } from '@deck.gl/core'
import type { MapBoundaries } from '@ioc/contracts'
import { boundsOfFeatures, boundsOfPoints, type Bounds } from './geo.js'

export interface MapView {
  longitude: number
  latitude: number
  zoom: number
  pitch: number
  bearing: number
}

/** Viet Nam, before anything is known. */
export const fallbackView: MapView = { longitude: 106.5, latitude: 16, zoom: 5, pitch: 0, bearing: 0 }

/** What the view is fitted to: the site's boundaries, else its cameras and sensors. */
export function siteBounds(
  boundaries: MapBoundaries | null | undefined,
  siteNames: readonly string[],
  points: readonly { lon: number; lat: number }[],
): Bounds | null {
  const site = new Set(siteNames)
  const features = boundaries?.features.filter((f) => site.has(f.properties.name)) ?? []
  return boundsOfFeatures(features) ?? boundsOfPoints(points)
}

export interface Padding {
  top: number
  bottom: number
  left: number
  right: number
}

export function fitView(bounds: Bounds, width: number, height: number, padding: Padding): MapView {
  const [[w, s], [e, n]] = bounds
  // a single point (one camera) has no extent: give it a city's
  const pad = w === e && s === n ? 0.05 : 0
  const fitted = new WebMercatorViewport({ width, height }).fitBounds(
    [
      [w - pad, s - pad],
      [e + pad, n + pad],
    ],
    // never more padding than leaves half of each side for the site
    { padding: clampPadding(padding, width, height) },
  )
  return { longitude: fitted.longitude, latitude: fitted.latitude, zoom: fitted.zoom, pitch: 0, bearing: 0 }
}

function clampPadding(p: Padding, width: number, height: number): Padding {
  const h = (v: number) => Math.min(v, Math.floor(width / 4))
  const v = (x: number) => Math.min(x, Math.floor(height / 4))
  return { top: v(p.top), bottom: v(p.bottom), left: h(p.left), right: h(p.right) }
}
