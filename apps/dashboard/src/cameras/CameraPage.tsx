import { useQuery } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { cameraRecordingsSchema, cameraViewSchema } from '@ioc/contracts'
import { formatDateTime, formatNumber } from '../i18n/format.js'
import { useLocale } from '../i18n/use-locale.js'
import { useApi } from '../shell/services.js'
import { ShellHeader } from '../shell/layout/ShellHeader.js'
import { useSession } from '../shell/session/use-session.js'
import { useCameraStatus } from '../shell/socket/hooks/use-camera-status.js'
import { useNow } from '../wall/alerts/AlertTicker.js'
import { LoneCameraTile } from '../wall/video/CameraTile.js'
import { cameraNs } from './i18n.js'
import { recordingClipUrl } from './recording-urls.js'
import { RecordingTimeline } from './RecordingTimeline.js'
import { PLAY_CLIP_MS, playableFrom, windowEnding, type TimelineWindow } from './timeline.js'
import './camera.css'

/** `/cameras/:id`: the camera live, and its recordings on a timeline that plays the past and returns to live. */
export function CameraPage() {
  const { t } = useTranslation(cameraNs)
  const { locale } = useLocale()
  const { id = '' } = useParams()
  const api = useApi()
  const { state } = useSession()
  const statuses = useCameraStatus()
  const now = useNow(15_000)
  const [span, setSpan] = useState<TimelineWindow>('1h')
  // null: live; else the clip played (its range chosen once, so the player is not reloaded)
  const [past, setPast] = useState<{ fromMs: number; toMs: number } | null>(null)
  const pastFrom = past?.fromMs ?? null
  const token = state.kind === 'active' ? state.session.accessToken : ''
  const path = `/api/cameras/${encodeURIComponent(id)}`
  const camera = useQuery({
    queryKey: ['cameras', id],
    queryFn: ({ signal }) => api.get(path, cameraViewSchema, { signal }),
  })
  const window = windowEnding(now.getTime(), span)
  const recordings = useQuery({
    queryKey: ['cameras', id, 'recordings', span, Math.floor(now.getTime() / 15_000)],
    queryFn: ({ signal }) =>
      api.get(`${path}/recordings`, cameraRecordingsSchema, {
        signal,
        query: { from: new Date(window.fromMs).toISOString(), to: new Date(window.toMs).toISOString() },
      }),
    enabled: camera.isSuccess,
    placeholderData: (previous) => previous,
  })

  if (camera.isPending)
    return (
      <Frame title={id}>
        <p className="shell-muted">{t('loading')}</p>
      </Frame>
    )
  if (camera.isError)
    return (
      <Frame title={id}>
        <p data-testid="camera-not-found">{t('notFound', { id })}</p>
        <Link to="/">{t('back')}</Link>
      </Frame>
    )
  const cam = camera.data
  const spans = recordings.data?.spans ?? []
  const play = (atMs: number) => {
    const from = playableFrom(spans, atMs)
    // the last seconds are still being written: the clip ends where the closed segments end
    const end = Math.max(...spans.map((s) => Date.parse(s.end)))
    if (from !== null) setPast({ fromMs: from, toMs: Math.min(from + PLAY_CLIP_MS, end) })
  }
  return (
    <Frame title={cam.name}>
      <div className="camera-page" data-testid="camera-page">
        <div className="camera-player">
          {pastFrom === null ? (
            <LoneCameraTile
              key="live"
              camera={cam}
              state={statuses.get(cam.id)?.state ?? cam.status?.state ?? null}
              token={token}
              large
              showZones={false}
            />
          ) : (
            <video
              key={pastFrom}
              className="camera-player__video"
              src={recordingClipUrl(
                globalThis.location.origin,
                cam.id,
                new Date(past!.fromMs),
                new Date(past!.toMs),
                token,
              )}
              controls
              autoPlay
              muted
              playsInline
              data-testid="camera-playback"
            />
          )}
        </div>
        <div className="camera-bar">
          <span className={`camera-bar__state camera-bar__state--${pastFrom === null ? 'live' : 'past'}`}>
            {pastFrom === null
              ? t('live')
              : t('past', {
                  time: formatDateTime(locale, new Date(pastFrom), {
                    dateStyle: 'short',
                    timeStyle: 'medium',
                  }),
                })}
          </span>
          {pastFrom !== null && (
            <button
              type="button"
              className="camera-bar__live"
              onClick={() => setPast(null)}
              data-testid="camera-back-to-live"
            >
              {t('backToLive')}
            </button>
          )}
          <span className="camera-bar__mode">{t(`mode.${cam.recording.mode}`)}</span>
          <span className="camera-bar__note" data-testid="camera-recordings-state">
            {recordings.isError
              ? t('recordingsFailed')
              : !recordings.data
                ? t('recordingsLoading')
                : cam.recording.mode === 'off' && spans.length === 0
                  ? t('off')
                  : spans.length === 0
                    ? t('none')
                    : t('recorded', {
                        count: recordings.data.segments,
                        size: formatNumber(locale, recordings.data.bytes / 1e6, { maximumFractionDigits: 1 }),
                      })}
          </span>
          <span className="camera-bar__windows" role="group" aria-label={t('window')}>
            {(['1h', '6h', '24h'] as const).map((w) => (
              <button
                key={w}
                type="button"
                aria-pressed={span === w}
                className={span === w ? 'is-active' : ''}
                onClick={() => setSpan(w)}
              >
                {t(`windows.${w}`)}
              </button>
            ))}
          </span>
        </div>
        <RecordingTimeline
          window={window}
          recordings={recordings.data ?? null}
          playing={pastFrom}
          onPick={play}
        />
      </div>
    </Frame>
  )
}

function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="shell-frame">
      <ShellHeader title={title} />
      <main className="shell-page camera-main">{children}</main>
    </div>
  )
}
