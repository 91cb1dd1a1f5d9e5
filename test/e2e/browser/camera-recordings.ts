import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword, loginAs, newScreen, outputDir, type SharedDemo } from '../support/shared-demo.js'

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

    it("plays a camera alert's clip in the alert console, seeking in it", async () => {
      // an operator's token, to find a camera alert old enough for its whole clip to be recorded
      const login = await fetch(shared().api('/api/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'operator', password: demoPassword }),
      })
      const { accessToken } = (await login.json()) as { accessToken: string }
      const ripe = async () => {
        const res = await fetch(shared().api('/api/alerts?limit=500'), {
          headers: { authorization: `Bearer ${accessToken}` },
        })
        const { items } = (await res.json()) as {
          items: { sourceType: string; sourceId: string; firstSeen: string }[]
        }
        // the clip ends 20 s after the raise, and its last segment closes a few seconds later; an
        // alert of the demo's first seconds has less recorded before it: the clip holds what is
        const old = items
          .filter((a) => a.sourceType === 'camera' && Date.now() - Date.parse(a.firstSeen) > 32_000)
          .sort((a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen))
        for (const a of old) {
          const from = Date.parse(a.firstSeen) - 10_000
          const to = Date.parse(a.firstSeen) + 20_000
          const rec = await fetch(
            shared().api(
              `/api/cameras/${encodeURIComponent(a.sourceId)}/recordings?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
            ),
            { headers: { authorization: `Bearer ${accessToken}` } },
          )
          const { spans } = (await rec.json()) as { spans: { start: string; end: string }[] }
          const recorded = spans.reduce(
            (sum, s) =>
              sum + Math.max(0, Math.min(to, Date.parse(s.end)) - Math.max(from, Date.parse(s.start))),
            0,
          )
          if (recorded > 10_000) return { ...a, recordedS: recorded / 1000 }
        }
        return undefined
      }
      let alert: Awaited<ReturnType<typeof ripe>>
      await expect.poll(async () => (alert = await ripe()), { timeout: 120_000, interval: 3000 }).toBeTruthy()
      const { context, page } = await newScreen(shared(), { width: 1366, height: 768 })
      try {
        // its camera's alerts, the longest waiting first: the alert found above heads the list
        await loginAs(
          shared(),
          page,
          'operator',
          `/alerts?source=${encodeURIComponent(alert!.sourceId)}&sort=oldest`,
        )
        const clip = page.getByTestId('alert-clip')
        await clip.waitFor({ timeout: 20_000 })
        await clip.evaluate((v: HTMLVideoElement) => v.play())
        const state = () =>
          clip.evaluate((v: HTMLVideoElement) => ({
            time: v.currentTime,
            duration: v.duration,
            error: v.error?.message ?? null,
          }))
        await expect.poll(async () => (await state()).time, { timeout: 20_000 }).toBeGreaterThan(0.5)
        const { duration, error } = await state()
        expect(error).toBeNull()
        // 10 s before the raise to 20 s after (what of it is recorded), from the key frame at or before its start
        console.log(
          `alert clip: ${duration.toFixed(2)} s for ${alert!.recordedS.toFixed(2)} s recorded of its 30 s`,
        )
        expect(duration).toBeGreaterThan(alert!.recordedS - 0.5)
        expect(duration).toBeLessThan(alert!.recordedS + 1.5)
        const landed = await clip.evaluate(
          (v: HTMLVideoElement) =>
            new Promise<number>((ok) => {
              v.addEventListener('seeked', () => ok(v.currentTime), { once: true })
              v.currentTime = v.duration / 2
            }),
        )
        expect(Math.abs(landed - duration / 2)).toBeLessThan(1.1)
        await page.screenshot({ path: join(outputDir, 'alert-console-clip-vi.png') })
        await page.getByRole('button', { name: /English/ }).click()
        await page.getByText(/Clip \(10 s before/).waitFor()
        await page.screenshot({ path: join(outputDir, 'alert-console-clip-en.png') })
      } finally {
        await context.close()
      }
    }, 200_000)

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
