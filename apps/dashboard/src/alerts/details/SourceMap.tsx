import { lazy, Suspense, useEffect, useState } from 'react'

// The wall's map, in a chunk of its own: deck.gl and MapLibre load only when a details pane shows a place.
const ProvinceMap = lazy(async () => ({
  default: (await import('../../wall/map/ProvinceMap.js')).ProvinceMap,
}))

/**
 * The alert's place on the wall's map, small. Started a moment after the pane (a WebGL context
 * is slow to start on a PC without a GPU), and kept while the cursor moves on, only refocused.
 */
export function SourceMap({ lon, lat }: { lon: number; lat: number }) {
  const [start, setStart] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setStart(true), 600)
    return () => clearTimeout(timer)
  }, [])
  return (
    <div className="console-map" data-testid="alert-map">
      {start && (
        <Suspense fallback={null}>
          <ProvinceMap name="console" compact focus={{ lon, lat, zoom: 12 }} />
        </Suspense>
      )}
    </div>
  )
}
