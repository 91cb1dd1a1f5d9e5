// A browser page that plays a camera's live.flv with mpegts.js, with the settings every client
// uses (@ioc/contracts live-video.ts), and samples every frame it shows: when it was shown (wall clock) and
// the mean level of each cell of the clock code (see @ioc/contracts clock-code.ts). Decoding the
// levels is left to the test, in Node, with the same pure function the unit tests check.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { CLOCK_CODE_COLUMNS, CLOCK_CODE_ROWS, liveFlvPlayerConfig, liveFlvSource } from '@ioc/contracts'

export interface ShownFrame {
  /** Wall-clock ms at which the frame is expected on screen. */
  shownAt: number
  /** Mean level (0-255) of each clock-code cell, row-major. */
  levels: number[]
  /** Seconds of video the element held beyond the frame shown (what mpegts.js chases). */
  bufferedS: number
}

const require = createRequire(import.meta.url)

// Each cell is drawn 20x15 px on a small canvas and averaged over its middle, away from edges that
// scaling and compression blur.
const pageHtml = `<!doctype html>
<html><body style="margin:0;background:#000">
<video id="video" muted autoplay playsinline width="640" height="360"></video>
<script src="/mpegts.js"></script>
<script>
const COLUMNS = ${CLOCK_CODE_COLUMNS}, ROWS = ${CLOCK_CODE_ROWS}, CELL_W = 20, CELL_H = 15
const canvas = document.createElement('canvas')
canvas.width = COLUMNS * CELL_W
canvas.height = ROWS * CELL_H
const context = canvas.getContext('2d', { willReadFrequently: true })
const video = document.getElementById('video')
window.shown = []
window.problems = []
function onFrame(now, metadata) {
  const shownAt = Date.now() + (metadata.expectedDisplayTime - now)
  context.drawImage(video, 0, 0, canvas.width, canvas.height)
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data
  const levels = []
  for (let row = 0; row < ROWS; row++)
    for (let column = 0; column < COLUMNS; column++) {
      let sum = 0, count = 0
      for (let y = row * CELL_H + 4; y < row * CELL_H + CELL_H - 4; y++)
        for (let x = column * CELL_W + 5; x < column * CELL_W + CELL_W - 5; x++) {
          sum += pixels[(y * canvas.width + x) * 4]
          count++
        }
      levels.push(sum / count)
    }
  const ranges = video.buffered
  const bufferedS = ranges.length ? ranges.end(ranges.length - 1) - metadata.mediaTime : 0
  window.shown.push({ shownAt, levels, bufferedS })
  video.requestVideoFrameCallback(onFrame)
}
window.play = (url) => {
  const player = mpegts.createPlayer(
    { ...${JSON.stringify(liveFlvSource)}, url },
    ${JSON.stringify(liveFlvPlayerConfig)},
  )
  player.on(mpegts.Events.ERROR, (type, detail, info) => window.problems.push([type, detail, info]))
  player.attachMediaElement(video)
  player.load()
  video.requestVideoFrameCallback(onFrame)
  return player.play()
}
</script>
</body></html>`

/**
 * Opens the player on the api's own origin, as the dashboard served by the api would be: the page
 * and mpegts.js are answered by the test, every other request (live.flv) reaches the real api.
 */
export async function openClockPlayer(browser: Browser, apiOrigin: string): Promise<ClockPlayer> {
  const mpegts = await readFile(require.resolve('mpegts.js/dist/mpegts.js'), 'utf8')
  const page = await browser.newPage({ viewport: { width: 640, height: 360 } })
  await page.route(`${apiOrigin}/clock-player.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: pageHtml }),
  )
  await page.route(`${apiOrigin}/mpegts.js`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: mpegts }),
  )
  await page.goto(`${apiOrigin}/clock-player.html`)
  // nothing of the video's way passes through the test's request interception
  await page.unrouteAll()
  return new ClockPlayer(page)
}

export class ClockPlayer {
  constructor(readonly page: Page) {}

  async play(url: string): Promise<void> {
    await this.page.evaluate(
      (u) => (globalThis as unknown as { play(u: string): Promise<void> }).play(u),
      url,
    )
  }

  /** The frames shown since the previous call. */
  takeShown(): Promise<ShownFrame[]> {
    return this.page.evaluate(() => (globalThis as unknown as { shown: ShownFrame[] }).shown.splice(0))
  }

  /** mpegts.js errors, as [type, detail, info]. */
  problems(): Promise<unknown[]> {
    return this.page.evaluate(() => (globalThis as unknown as { problems: unknown[] }).problems)
  }
}
