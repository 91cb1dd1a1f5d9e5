// A browser page with several tiles, each a <video> played by its own mpegts.js player with the
// settings every client uses: what one wall page asks of the browser's connections to the api.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { liveFlvPlayerConfig, liveFlvSource } from '@ioc/contracts'

const require = createRequire(import.meta.url)

const pageHtml = `<!doctype html>
<html><body style="margin:0;background:#000;display:flex;flex-wrap:wrap">
<script src="/mpegts.js"></script>
<script>
window.tiles = []
window.start = (url, count) => {
  for (let i = 0; i < count; i++) {
    const video = document.createElement('video')
    Object.assign(video, { muted: true, autoplay: true, playsInline: true, width: 320, height: 180 })
    document.body.appendChild(video)
    const player = mpegts.createPlayer(
      { ...${JSON.stringify(liveFlvSource)}, url },
      ${JSON.stringify(liveFlvPlayerConfig)},
    )
    player.attachMediaElement(video)
    player.load()
    // a tile that cannot connect never starts: its play() stays pending, which is no error here
    void player.play()?.catch?.(() => {})
    window.tiles.push(video)
  }
}
window.progress = () =>
  window.tiles.map((v) => ({ currentTime: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames }))
</script>
</body></html>`

export interface TileProgress {
  currentTime: number
  /** Frames the tile decoded so far. */
  frames: number
}

/** A wall page on the api's origin (the page and mpegts.js come from the test, video from the api). */
export async function openWallPage(browser: Browser, apiOrigin: string): Promise<WallPage> {
  const mpegts = await readFile(require.resolve('mpegts.js/dist/mpegts.js'), 'utf8')
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.route(`${apiOrigin}/wall.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: pageHtml }),
  )
  await page.route(`${apiOrigin}/mpegts.js`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: mpegts }),
  )
  await page.goto(`${apiOrigin}/wall.html`)
  await page.unrouteAll()
  return new WallPage(page)
}

export class WallPage {
  constructor(readonly page: Page) {}

  /** `count` tiles playing the same live.flv URL. */
  async start(url: string, count: number): Promise<void> {
    await this.page.evaluate(
      ([u, n]) => (globalThis as unknown as { start(u: string, n: number): void }).start(u, n),
      [url, count] as const,
    )
  }

  progress(): Promise<TileProgress[]> {
    return this.page.evaluate(() => (globalThis as unknown as { progress(): TileProgress[] }).progress())
  }
}
