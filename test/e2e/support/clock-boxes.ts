// Boxes in step, measured: the clock camera's frames show when they were captured (clock code of
// @ioc/contracts), and this stands in for detection on that camera. It pulls the camera's RTSP
// stream with ffmpeg exactly as the ingest does (its decoder options, frames sampled at 5 fps, each
// stamped by the ingest's own rule from when ffmpeg hands it over: frame-time.ts) and publishes one detection frame per
// sampled frame on the ingest's MQTT topic, its box placed where that frame's own clock code says.
// The wall then draws, over each frame it shows, the box it matched by time; the page reads the
// frame's code and the box's position: equal when boxes are in step.
import { spawn, type ChildProcess } from 'node:child_process'
import mqtt, { type MqttClient } from 'mqtt'
import { clockCellMeans, publishTo, readClockCode, streams, type DetectionFrame } from '@ioc/contracts'
import { decoderInputOptions, sampledFrameTime } from '../../../apps/ingest/src/cameras/frame-time.js'

const WIDTH = 640
const HEIGHT = 360
const FPS = 5
/** The box moves across the picture once a period: its left edge at BOX_X0 + BOX_SPAN * phase. */
export const PERIOD_MS = 2000
export const BOX_X0 = 0.05
export const BOX_SPAN = 0.8
export const BOX_Y = [0.4, 0.6] as const

/** Where the box of a frame captured at `code` (ms modulo 2^32) stands, and its track id. */
export function boxFor(code: number): { x1: number; trackId: number } {
  return { x1: BOX_X0 + BOX_SPAN * ((code % PERIOD_MS) / PERIOD_MS), trackId: Math.floor(code / PERIOD_MS) }
}

/** The capture time modulo the period that a box at `x1` stands for. */
export function phaseOf(x1: number): number {
  return ((x1 - BOX_X0) / BOX_SPAN) * PERIOD_MS
}

/** a - b modulo the period, in (-PERIOD/2, PERIOD/2]. */
export function phaseDiff(a: number, b: number): number {
  const d = (((a - b) % PERIOD_MS) + PERIOD_MS) % PERIOD_MS
  return d > PERIOD_MS / 2 ? d - PERIOD_MS : d
}

export interface ClockBoxes {
  published: () => number
  unreadable: () => number
  stop(): Promise<void>
}

export async function startClockBoxes(options: {
  rtspUrl: string
  cameraId: string
  mqttUrl: string
  username: string
  password: string
}): Promise<ClockBoxes> {
  const client: MqttClient = await mqtt.connectAsync(options.mqttUrl, {
    username: options.username,
    password: options.password,
    clientId: `wall-clock-boxes-${process.pid}`,
  })
  const ffmpeg: ChildProcess = spawn(
    'ffmpeg',
    [
      ['-hide_banner', '-loglevel', 'error', ...decoderInputOptions],
      ['-rtsp_transport', 'tcp', '-i', options.rtspUrl],
      [
        '-map',
        '0:v:0',
        '-vf',
        `fps=${FPS},scale=${WIDTH}:${HEIGHT}`,
        '-pix_fmt',
        'gray',
        '-f',
        'rawvideo',
        'pipe:1',
      ],
    ].flat(),
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let published = 0
  let unreadable = 0
  let pending = Buffer.alloc(0)
  const size = WIDTH * HEIGHT
  ffmpeg.stdout!.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk])
    while (pending.length >= size) {
      const gray = pending.subarray(0, size)
      pending = pending.subarray(size)
      const ts = sampledFrameTime(Date.now(), FPS)
      const code = readClockCode(clockCellMeans(gray, WIDTH, HEIGHT, 4))
      if (code === null) {
        unreadable++
        continue
      }
      const { x1, trackId } = boxFor(code)
      const frame: DetectionFrame = {
        cameraId: options.cameraId,
        ts: new Date(ts).toISOString(),
        width: WIDTH,
        height: HEIGHT,
        detections: [{ label: 'clock', score: 1, box: [x1, BOX_Y[0], x1 + 0.1, BOX_Y[1]], trackId }],
      }
      publishTo(client, streams.detections, { cameraId: options.cameraId }, frame)
      published++
    }
  })
  return {
    published: () => published,
    unreadable: () => unreadable,
    async stop() {
      if (ffmpeg.exitCode === null) {
        const exited = new Promise((ok) => ffmpeg.once('exit', ok))
        ffmpeg.kill('SIGTERM')
        await exited
      }
      await client.endAsync()
    },
  }
}

/** One frame the wall showed: its clock-code cell levels, and where the box drawn over it stands. */
export interface WallSample {
  levels: number[]
  /** Left edge of the box over the frame, normalised to the picture; null when none was drawn. */
  boxX1: number | null
}

/**
 * Installed in the wall's page: samples every frame the camera's tile shows. It registers its
 * video-frame callback after the tile's own, so it runs after the tile drew its overlay for the
 * same frame; the overlay canvas then holds the box drawn over that frame.
 */
export const wallSamplerScript = `
window.__wallSamples = []
window.__startWallSampler = (cameraId, columns, rows) => {
  const tile = document.querySelector('[data-camera-id="' + cameraId + '"]')
  const video = tile.querySelector('video')
  const overlay = tile.querySelector('canvas.wall-tile-overlay')
  const CELL_W = 20, CELL_H = 15
  const grab = document.createElement('canvas')
  grab.width = columns * CELL_W
  grab.height = rows * CELL_H
  const g = grab.getContext('2d', { willReadFrequently: true })
  const onFrame = () => {
    g.drawImage(video, 0, 0, grab.width, grab.height)
    const px = g.getImageData(0, 0, grab.width, grab.height).data
    const levels = []
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        let sum = 0, n = 0
        for (let y = r * CELL_H + 4; y < r * CELL_H + CELL_H - 4; y++)
          for (let x = c * CELL_W + 5; x < c * CELL_W + CELL_W - 5; x++) { sum += px[(y * grab.width + x) * 4]; n++ }
        levels.push(sum / n)
      }
    // the picture's place in the overlay (object-fit: contain), then the box's left stroke along
    // the row through the middle of the box
    const W = overlay.width, H = overlay.height
    const scale = Math.min(W / video.videoWidth, H / video.videoHeight)
    const pw = video.videoWidth * scale, ph = video.videoHeight * scale
    const ox = (W - pw) / 2, oy = (H - ph) / 2
    const row = Math.round(oy + ph * ${(BOX_Y[0] + BOX_Y[1]) / 2})
    const line = overlay.getContext('2d').getImageData(0, row, W, 1).data
    let first = -1, last = -1
    for (let x = 0; x < W; x++) {
      if (line[x * 4 + 3] > 128) { if (first < 0) first = x; last = x }
      else if (first >= 0) break
    }
    const boxX1 = first < 0 ? null : ((first + last) / 2 - ox) / pw
    window.__wallSamples.push({ levels, boxX1 })
    video.requestVideoFrameCallback(onFrame)
  }
  video.requestVideoFrameCallback(onFrame)
}
`
