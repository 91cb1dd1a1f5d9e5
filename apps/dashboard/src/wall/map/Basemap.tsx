import { useEffect, useRef } from 'react'
import type { Map as MaplibreMap } from 'maplibre-gl'

export interface BasemapView {
  longitude: number
  latitude: number
  zoom: number
  bearing?: number
  pitch?: number
}

/**
 * The site's tile server under the deck.gl canvas, when it has one (IOC_MAP_STYLE_URL). deck.gl
 * owns the view; the basemap follows it (MapLibre's zoom is deck.gl's Web Mercator zoom), so both
 * stay in step without a second controller. maplibre-gl is loaded only when a style is set.
 */
export function Basemap({ styleUrl, view }: { styleUrl: string; view: BasemapView }) {
  const container = useRef<HTMLDivElement>(null)
  const map = useRef<MaplibreMap | null>(null)
  const latestView = useRef(view)
  latestView.current = view

  useEffect(() => {
    let disposed = false
    void Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]).then(
      ([maplibre]) => {
        if (disposed || !container.current) return
        const v = latestView.current
        map.current = new maplibre.Map({
          container: container.current,
          style: styleUrl,
          interactive: false,
          attributionControl: { compact: true },
          center: [v.longitude, v.latitude],
          zoom: v.zoom,
        })
      },
    )
    return () => {
      disposed = true
      map.current?.remove()
      map.current = null
    }
  }, [styleUrl])

  useEffect(() => {
    map.current?.jumpTo({
      center: [view.longitude, view.latitude],
      zoom: view.zoom,
      bearing: view.bearing ?? 0,
      pitch: view.pitch ?? 0,
    })
  }, [view.longitude, view.latitude, view.zoom, view.bearing, view.pitch])

  return <div ref={container} className="province-map__basemap" />
}
