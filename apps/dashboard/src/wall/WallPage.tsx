import { lazy, Suspense, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ShellHeader } from '../shell/layout/ShellHeader.js'
import './wall.css'

// The wall's parts, each built in its own folder and loaded as a chunk of its own, so the header
// paints first while deck.gl and the players load.
const ProvinceMap = lazy(async () => ({ default: (await import('./map/ProvinceMap.js')).ProvinceMap }))
const VideoWall = lazy(async () => ({ default: (await import('./video/VideoWall.js')).VideoWall }))
const KpiStrip = lazy(async () => ({ default: (await import('./kpi-strip/KpiStrip.js')).KpiStrip }))
const AlertTicker = lazy(async () => ({ default: (await import('./alerts/AlertTicker.js')).AlertTicker }))
const AlertPopup = lazy(async () => ({ default: (await import('./alerts/AlertPopup.js')).AlertPopup }))

/**
 * The command-room wall at 1920x1080: the shell's header, the province map and the video wall side
 * by side, the live KPI strip and the alert ticker below. Each area sizes from the grid, never
 * from its text, so Vietnamese diacritics are never clipped.
 */
export function WallPage() {
  const { t } = useTranslation()
  return (
    <div className="wall" data-testid="wall">
      <div className="wall-header">
        <ShellHeader title={t('nav.wall')} />
      </div>
      <section className="wall-map" aria-label="map" data-testid="wall-map">
        <Part>
          <ProvinceMap />
        </Part>
      </section>
      <section className="wall-video" aria-label="video" data-testid="wall-video">
        <Part>
          <VideoWall />
        </Part>
      </section>
      <section className="wall-kpis" aria-label="kpi" data-testid="wall-kpis">
        <Part>
          <KpiStrip />
        </Part>
      </section>
      <section className="wall-ticker" aria-label="alerts" data-testid="wall-ticker">
        <Part>
          <AlertTicker />
        </Part>
      </section>
      <Suspense fallback={null}>
        <AlertPopup />
      </Suspense>
    </div>
  )
}

function Part({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  return <Suspense fallback={<div className="wall-slot">{t('loadingScreen')}</div>}>{children}</Suspense>
}
