// One tile of the wall: the camera's live video with its boxes drawn in step with the frames, its
// name, state and age behind live; the latest snapshot with the reason while the video cannot play.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CameraState, CountLine, Zone } from '@ioc/contracts'
import { CameraPlayer, type PlayerStats, type ShownFrame } from './CameraPlayer.js'
import type { DetectionTimeline } from './detection-timeline.js'
import type { FocusReason } from './focus.js'
import { failureKind } from './governor.js'
import { videoNs } from './i18n.js'
import { containRect, drawDetections, drawZonesAndLines } from './overlay-draw.js'
import { liveFlvUrl, snapshotUrl } from './stream-url.js'
import { useStreamGovernor } from './use-stream-governor.js'

export interface TileCamera {
  id: string
  name: string
  zones: Zone[]
  lines: CountLine[]
}

export interface CameraTileProps {
  camera: TileCamera
  state: CameraState | null
  /** Origin of the api (the page's own in production and behind Vite's proxy). */
  origin: string
  token: string
  /** Position among the wall's tiles, to stagger player recycling. */
  index: number
  count: number
  large: boolean
  focus: FocusReason | null
  pinned: boolean
  showZones: boolean
  timeline: DetectionTimeline | null
  onClick?: (cameraId: string) => void
  onPin?: (cameraId: string) => void
}

function useCanvasSize(canvas: React.RefObject<HTMLCanvasElement | null>): void {
  useEffect(() => {
    const element = canvas.current
    if (!element) return
    const resize = () => {
      const ratio = window.devicePixelRatio || 1
      element.width = Math.round(element.clientWidth * ratio)
      element.height = Math.round(element.clientHeight * ratio)
    }
    resize()
    const observer = new ResizeObserver(resize)
    observer.observe(element)
    return () => observer.disconnect()
  }, [canvas])
}

export function CameraTile(props: CameraTileProps) {
  const { camera, state, timeline } = props
  const { t } = useTranslation(videoNs)
  const tileRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const [stats, setStats] = useState<PlayerStats | null>(null)
  const [playing, setPlaying] = useState(false)
  const governed = useStreamGovernor(tileRef, {
    cameraOffline: state === 'offline',
    index: props.index,
    count: props.count,
  })
  useCanvasSize(canvasRef)
  const streaming = governed.decision.kind === 'stream'
  // the token is read when a player starts: a refreshed token must not restart every tile (an
  // expired one fails the next start, which retries with the then current token)
  const token = useRef(props.token)
  token.current = props.token
  const url = useMemo(
    () => (streaming ? liveFlvUrl(props.origin, camera.id, token.current) : null),
    [streaming, governed.generation, governed.failure?.attempts, props.origin, camera.id],
  )

  const drawn = useRef({ showZones: props.showZones, camera, t })
  drawn.current = { showZones: props.showZones, camera, t }
  const onFrame = useCallback(
    (video: HTMLVideoElement, frame: ShownFrame) => {
      const canvas = canvasRef.current
      const ctx = canvas?.getContext('2d')
      if (!canvas || !ctx) return
      const ratio = window.devicePixelRatio || 1
      const rect = containRect(
        canvas.width,
        canvas.height,
        frame.width || video.videoWidth,
        frame.height || video.videoHeight,
      )
      ctx.clearRect(0, 0, canvas.width, canvas.height)
      const scale = ratio * Math.max(1, rect.width / 640)
      const { showZones, camera: cam, t: tr } = drawn.current
      if (showZones) drawZonesAndLines(ctx, rect, cam.zones, cam.lines, scale)
      const boxes = frame.wallTime !== null ? timeline?.at(frame.wallTime) : null
      if (boxes)
        drawDetections(
          ctx,
          rect,
          boxes.detections,
          { label: (l) => tr(`label.${l}`, { defaultValue: l }) },
          scale,
        )
    },
    [timeline],
  )
  const onPlaying = useCallback(() => {
    setPlaying(true)
    governed.onPlaying()
  }, [governed.onPlaying])
  const onFailure = useCallback(
    (reason: string) => {
      setPlaying(false)
      governed.onFailure(reason)
    },
    [governed.onFailure],
  )
  useEffect(() => {
    if (!streaming) setPlaying(false)
  }, [streaming])

  const failure = governed.failure
  const showSnapshot = !playing
  const stateKey = state ?? 'unknown'
  const ageS = stats?.ageMs != null && playing ? (stats.ageMs / 1000).toFixed(1) : null

  return (
    <div
      ref={tileRef}
      className={`wall-tile state-${stateKey}${props.large ? ' large' : ''}${props.focus ? ` focus-${props.focus}` : ''}`}
      data-camera-id={camera.id}
      data-playing={playing ? 'true' : 'false'}
      onClick={() => props.onClick?.(camera.id)}
    >
      {showSnapshot && (
        <img
          className="wall-tile-snapshot"
          alt={t('lastSnapshot')}
          src={snapshotUrl(props.origin, camera.id, props.token, failure?.attempts ?? 0)}
          onError={(e) => (e.currentTarget.style.visibility = 'hidden')}
          onLoad={(e) => (e.currentTarget.style.visibility = 'visible')}
        />
      )}
      <CameraPlayer
        url={url}
        generation={governed.generation}
        onFrame={onFrame}
        onPlaying={onPlaying}
        onFailure={onFailure}
        onStats={setStats}
        className={`wall-tile-video${playing ? '' : ' hidden'}`}
      >
        <canvas ref={canvasRef} className="wall-tile-overlay" />
      </CameraPlayer>
      <div className="wall-tile-bar">
        <span className={`wall-state-dot state-${stateKey}`} aria-hidden />
        <span className="wall-tile-name" title={camera.name}>
          {camera.name}
        </span>
        <span className="wall-tile-state">{t(`state.${stateKey}`)}</span>
        {ageS !== null && <span className="wall-tile-age">{t('age', { seconds: ageS })}</span>}
        {props.focus && (
          <span className={`wall-tile-focus focus-${props.focus}`}>{t(`focus.${props.focus}`)}</span>
        )}
        <button
          type="button"
          className={`wall-tile-pin${props.pinned ? ' pinned' : ''}`}
          title={props.pinned ? t('unpin') : t('pin')}
          aria-pressed={props.pinned}
          onClick={(e) => {
            e.stopPropagation()
            props.onPin?.(camera.id)
          }}
        >
          {/* drawn, not an emoji: the wall's browsers (Debian's Chromium) may have no emoji font */}
          <svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true">
            <path
              fill="currentColor"
              d="M16 3v2h-1v5.2l2.6 2.8H18v2h-5v6l-1 1-1-1v-6H6v-2h.4L9 10.2V5H8V3h8z"
            />
          </svg>
        </button>
      </div>
      {!playing && (
        <div className="wall-tile-message">
          {governed.decision.kind === 'idle'
            ? t(`why.${governed.decision.why}`)
            : failure
              ? `${t('failed', { reason: t(`reason.${failureKind(failure.reason)}`) })}${
                  governed.decision.kind === 'backoff'
                    ? ` · ${t('retryIn', { seconds: Math.max(1, Math.ceil((governed.decision.retryAt - Date.now()) / 1000)) })}`
                    : ''
                }`
              : t('state.connecting')}
        </div>
      )}
    </div>
  )
}

/**
 * One camera's live tile outside the wall's grid (a camera's page, an alert's pop-up, its details
 * in the console): alone on its page, never focused, pinned or drawn with boxes by a timeline.
 */
export function LoneCameraTile(props: {
  camera: TileCamera
  state: CameraState | null
  token: string
  large: boolean
  showZones: boolean
}) {
  return (
    <CameraTile
      {...props}
      camera={{
        id: props.camera.id,
        name: props.camera.name,
        zones: props.camera.zones,
        lines: props.camera.lines,
      }}
      origin={window.location.origin}
      index={0}
      count={1}
      focus={null}
      pinned={false}
      timeline={null}
    />
  )
}
