// The one owner of a camera's mpegts.js player: creates it for `url`, and disposes it completely
// (unload, detach, destroy, the element's src unset) when the url goes, changes or `generation`
// changes, so a recycled or stopped tile leaves nothing behind in the browser. Everything that
// draws over the video (boxes, the clock test) gets each shown frame through `onFrame`, with the
// wall-clock time that frame was stamped with.
import { useEffect, useRef, type ReactNode } from 'react'
import type MpegtsNs from 'mpegts.js'
import { liveFlvPlayerConfig } from '@ioc/contracts'
import { stallMs } from './governor.js'
import { StreamClock } from './stream-clock.js'
import { liveMediaSource } from './stream-url.js'

type Mpegts = typeof MpegtsNs
type Player = ReturnType<Mpegts['createPlayer']>

export interface ShownFrame {
  /** Media time of the frame (s). */
  mediaTime: number
  /** Wall-clock ms the ingest stamped on this frame (the detection frames' clock), when known. */
  wallTime: number | null
  width: number
  height: number
}

export interface PlayerStats {
  /** How far behind live the frame on screen is (ms): buffered video ahead of it plus its time in transit. */
  ageMs: number | null
  decodedFrames: number
  droppedFrames: number
}

export interface CameraPlayerProps {
  /** Where to play from; null: no stream (the player is disposed). */
  url: string | null
  /** A new value rebuilds the player (the governor's recycling). */
  generation?: number
  /** Called for each frame the element is about to show. */
  onFrame?: (video: HTMLVideoElement, frame: ShownFrame) => void
  onPlaying?: () => void
  onFailure?: (reason: string) => void
  onStats?: (stats: PlayerStats) => void
  className?: string
  /** Drawn over the video (overlays). */
  children?: ReactNode
}

let mpegtsModule: Promise<Mpegts> | null = null
function loadMpegts(): Promise<Mpegts> {
  // loaded with the first tile, so routes without video do not carry it
  mpegtsModule ??= import('mpegts.js').then((m) => m.default)
  return mpegtsModule
}

/** Tears a player down the way that frees its MediaSource and network (flv.js #770, mpegts.js #185). */
function dispose(player: Player, video: HTMLVideoElement): void {
  try {
    player.pause()
    player.unload()
    player.detachMediaElement()
  } finally {
    player.destroy()
    video.removeAttribute('src')
    video.load()
  }
}

export function CameraPlayer(props: CameraPlayerProps) {
  const videoRef = useRef<HTMLVideoElement>(null)
  // callbacks read through a ref: a parent re-render must not rebuild the player
  const handlers = useRef(props)
  handlers.current = props
  const { url, generation = 0 } = props

  useEffect(() => {
    const video = videoRef.current
    if (!url || !video) return
    let player: Player | null = null
    let stopped = false
    let frameHandle = 0
    let pollHandle = 0
    let lastFrameAt = 0
    let playing = false
    const clock = new StreamClock()

    const fail = (reason: string) => {
      if (stopped) return
      stopped = true
      handlers.current.onFailure?.(reason)
    }
    const bufferedEnd = () => (video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0)
    // the buffered end is read every animation frame: it moves when media arrives, and the sooner
    // after an append it is read, the closer the clock's estimate (see stream-clock.ts)
    const poll = () => {
      clock.observe({ at: Date.now(), bufferedEnd: bufferedEnd() })
      pollHandle = requestAnimationFrame(poll)
    }
    const onVideoFrame: VideoFrameRequestCallback = (now, metadata) => {
      lastFrameAt = Date.now()
      if (!playing) {
        playing = true
        handlers.current.onPlaying?.()
      }
      // metadata.mediaTime is the frame about to be composited; what is drawn now shows with it
      handlers.current.onFrame?.(video, {
        mediaTime: metadata.mediaTime,
        wallTime: clock.wallTimeAt(metadata.mediaTime),
        width: metadata.width,
        height: metadata.height,
      })
      frameHandle = video.requestVideoFrameCallback(onVideoFrame)
    }

    const startedAt = Date.now()
    void loadMpegts().then((mpegts) => {
      if (stopped) return
      player = mpegts.createPlayer(liveMediaSource(url), { ...liveFlvPlayerConfig })
      player.on(mpegts.Events.ERROR, (type: string, detail: string) => fail(`${type}: ${detail}`))
      player.attachMediaElement(video)
      player.load()
      const started = player.play()
      if (started) started.catch((err: Error) => fail(`play: ${err.message}`))
      frameHandle = video.requestVideoFrameCallback(onVideoFrame)
      pollHandle = requestAnimationFrame(poll)
    })
    const statsTimer = setInterval(() => {
      const now = Date.now()
      // a connection that stalls without an error shows as frames that stop coming
      if (now - Math.max(lastFrameAt, startedAt) > stallMs * (playing ? 1 : 2))
        fail(playing ? 'stalled' : 'no_video')
      const quality = video.getVideoPlaybackQuality?.()
      const wall = clock.wallTimeAt(video.currentTime)
      handlers.current.onStats?.({
        ageMs: playing && wall !== null ? Math.max(0, now - wall) : null,
        decodedFrames: quality?.totalVideoFrames ?? 0,
        droppedFrames: quality?.droppedVideoFrames ?? 0,
      })
    }, 1000)

    return () => {
      stopped = true
      clearInterval(statsTimer)
      cancelAnimationFrame(pollHandle)
      video.cancelVideoFrameCallback(frameHandle)
      if (player) dispose(player, video)
    }
  }, [url, generation])

  return (
    <div className={props.className} style={{ position: 'relative', width: '100%', height: '100%' }}>
      <video
        ref={videoRef}
        muted
        playsInline
        autoPlay
        style={{ width: '100%', height: '100%', objectFit: 'contain', display: 'block', background: '#000' }}
      />
      {props.children}
    </div>
  )
}
