import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loginAs, newScreen, outputDir, type SharedDemo } from '../support/shared-demo.js'

/** The demo records its simulated cameras continuously: a traffic camera of Tam Kỳ. */
const cameraId = 'cam-tk-phan-chu-trinh'

/** What the page's <video> reports: whether it plays, where it is, how long it is. */
function playback(page: Page) {
  return page.getByTestId('camera-playback').evaluate((v: HTMLVideoElement) => ({
    time: v.currentTime,
    duration: v.duration,
    paused: v.paused,
    ready: v.readyState,
    error: v.error?.message ?? null,
  }))
}

/** The camera page's timeline: recorded spans, a click plays the past, seeking works, back to live. */
export function cameraRecordingsTests(shared: () => SharedDemo): void {
  describe('camera page recordings', () => {
    it('plays a recorded moment from the timeline in Chromium, seeks in it, and returns to live', async () => {
      const { context, page } = await newScreen(shared(), { width: 1366, height: 768 })
      try {
        await loginAs(shared(), page, 'operator', `/cameras/${cameraId}`)
        await page.getByTestId('camera-page').waitFor()
        // the demo started recording with the camera: closed segments show within a minute
        await expect
          .poll(() => page.getByTestId('camera-timeline-span').count(), { timeout: 60_000, interval: 2000 })
          .toBeGreaterThan(0)
        await page.screenshot({ path: join(outputDir, 'camera-recordings-live-vi.png') })
        // a click on the end of the recorded span: the clip from there
        const span = page.getByTestId('camera-timeline-span').last()
        const box = (await span.boundingBox())!
        await page.mouse.click(box.x + box.width - 3, box.y + box.height / 2)
        await page.getByTestId('camera-playback').waitFor()
        await expect.poll(async () => (await playback(page)).time, { timeout: 20_000 }).toBeGreaterThan(0.5)
        const playing = await playback(page)
        expect(playing.error).toBeNull()
        expect(playing.paused).toBe(false)
        // seeking: to a point the browser has not played yet, answered by a range request
        const target = Math.max(0.2, Math.min(playing.duration - 0.5, 1.0))
        const seeked = await page.getByTestId('camera-playback').evaluate(
          (v: HTMLVideoElement, to: number) =>
            new Promise<number>((ok) => {
              v.addEventListener('seeked', () => ok(v.currentTime), { once: true })
              v.currentTime = to
            }),
          target,
        )
        expect(Math.abs(seeked - target)).toBeLessThan(1.1)
        await page.screenshot({ path: join(outputDir, 'camera-recordings-playback-vi.png') })
        await page.getByTestId('camera-back-to-live').click()
        await page.getByTestId('camera-playback').waitFor({ state: 'detached' })
        // English
        await page.getByRole('button', { name: /English/ }).click()
        await expect
          .poll(() => page.getByTestId('camera-recordings-state').textContent())
          .toMatch(/segments recorded/)
        await page.screenshot({ path: join(outputDir, 'camera-recordings-live-en.png') })
      } finally {
        await context.close()
      }
    }, 150_000)

    it('answers an unknown or hidden camera plainly', async () => {
      const { context, page } = await newScreen(shared(), { width: 1366, height: 768 })
      try {
        // security staff do not watch traffic cameras: the page says so, like an unknown id
        await loginAs(shared(), page, 'security', `/cameras/${cameraId}`)
        await page.getByTestId('camera-not-found').waitFor()
        await page.screenshot({ path: join(outputDir, 'camera-recordings-hidden-vi.png') })
      } finally {
        await context.close()
      }
    }, 60_000)
  })
}
