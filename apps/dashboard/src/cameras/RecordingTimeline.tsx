import { useTranslation } from 'react-i18next'
import type { CameraRecordings } from '@ioc/contracts'
import { formatTime } from '../i18n/format.js'
import { useLocale } from '../i18n/use-locale.js'
import { cameraNs } from './i18n.js'
import { fraction, spanBoxes, timeAt, type Window } from './timeline.js'

const pct = (f: number) => `${(f * 100).toFixed(3)}%`

/**
 * The window as a bar: recorded spans, the camera's alerts (red) and detection events (amber) as
 * ticks, the played moment as a cursor. A click (or Enter on a mark) plays from there.
 */
export function RecordingTimeline({
  window,
  recordings,
  playing,
  onPick,
}: {
  window: Window
  recordings: CameraRecordings | null
  playing: number | null
  onPick: (atMs: number) => void
}) {
  const { t } = useTranslation(cameraNs)
  const { locale } = useLocale()
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    f,
    label: formatTime(locale, new Date(timeAt(window, f))).slice(0, 5),
  }))
  return (
    <div className="camera-timeline" data-testid="camera-timeline">
      <div
        className="camera-timeline__bar"
        role="slider"
        tabIndex={0}
        aria-label={t('timeline')}
        aria-valuemin={window.fromMs}
        aria-valuemax={window.toMs}
        aria-valuenow={playing ?? window.toMs}
        aria-valuetext={playing === null ? t('live') : formatTime(locale, new Date(playing))}
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect()
          onPick(timeAt(window, (e.clientX - box.left) / box.width))
        }}
      >
        {spanBoxes(window, recordings?.spans ?? []).map((b) => (
          <span
            key={b.start}
            className="camera-timeline__span"
            style={{ left: pct(b.left), width: pct(b.width) }}
            data-testid="camera-timeline-span"
          />
        ))}
        {(recordings?.marks ?? []).map((m, i) => (
          <button
            key={`${m.kind}-${m.ref}-${m.at}-${i}`}
            type="button"
            className={`camera-timeline__mark camera-timeline__mark--${m.kind}`}
            style={{ left: pct(fraction(window, Date.parse(m.at))) }}
            title={`${formatTime(locale, m.at)} · ${m.label}`}
            aria-label={`${t(`legend.${m.kind}`)} ${formatTime(locale, m.at)}: ${m.label}`}
            onClick={(e) => {
              e.stopPropagation()
              // from a little before, as an alert's clip
              onPick(Date.parse(m.at) - 10_000)
            }}
          />
        ))}
        {playing !== null && (
          <span className="camera-timeline__cursor" style={{ left: pct(fraction(window, playing)) }} />
        )}
      </div>
      <div className="camera-timeline__ticks" aria-hidden>
        {ticks.map((tick) => (
          <span key={tick.f} style={{ left: pct(tick.f) }}>
            {tick.label}
          </span>
        ))}
      </div>
      <div className="camera-timeline__legend">
        <span className="camera-legend camera-legend--recorded">{t('legend.recorded')}</span>
        <span className="camera-legend camera-legend--alert">{t('legend.alert')}</span>
        <span className="camera-legend camera-legend--event">{t('legend.event')}</span>
      </div>
    </div>
  )
}
