// The wall's map and alerts in a real browser against the shared demo: the map canvas draws the
// demo's cameras and stations (deck.gl picking over the whole canvas), and an alert caused by an
// MQTT reading pops up within 2 s with its sound counted and is acknowledged there (screenshot).
import { join } from 'node:path'
import mqtt from 'mqtt'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cameraViewSchema, deviceSchema, ruleSchema, streams } from '@ioc/contracts'
import { demoPassword, loginAs, newScreen, outputDir, type SharedDemo } from '../support/shared-demo.js'

// the demo's service account on its embedded broker (IOC_BROKER_SERVICE_PASSWORD's demo default)
const servicePassword = process.env.IOC_BROKER_SERVICE_PASSWORD ?? 'ioc-service-demo'

// what the wall puts on window for tests (ProvinceMap, alerts/sound.ts)
declare global {
  interface Window {
    __iocMaps?: Record<string, unknown>
    __iocSoundsPlayed?: number
  }
}

interface Picked {
  cameras: string[]
  sensors: string[]
}

/** What deck.gl has drawn where, over the whole canvas: the ids of the picked cameras and stations. */
function pickedOnCanvas(page: Page): Promise<Picked | null> {
  return page.evaluate(() => {
    const deck = window.__iocMaps?.province as
      { pickObjects(o: object): { layer: { id: string }; object: { id: string } }[] } | undefined
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map-province"] canvas')
    if (!deck || !canvas) return null
    // one layer at a time: a camera standing on a station's spot would hide it from a joint pick
    const ids = (layer: string) => {
      const picked = deck.pickObjects({
        x: 0,
        y: 0,
        width: canvas.clientWidth,
        height: canvas.clientHeight,
        layerIds: [layer],
      })
      return [...new Set(picked.map((p) => p.object.id))].sort()
    }
    return { cameras: ids('cameras'), sensors: ids('sensors') }
  })
}

export function wallMapAlertsTests(shared: () => SharedDemo): void {
  async function token(user: string): Promise<string> {
    const res = await fetch(shared().api('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: demoPassword }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { accessToken: string }).accessToken
  }
  async function get<T>(path: string, schema: { parse(v: unknown): T }): Promise<T> {
    const res = await fetch(shared().api(path), {
      headers: { authorization: `Bearer ${await token('admin')}` },
    })
    expect(res.status, path).toBe(200)
    return schema.parse(await res.json())
  }

  describe('wall map and alerts', () => {
    it('the map canvas draws every camera and station of the demo', async () => {
      const cameras = await get('/api/cameras', cameraViewSchema.array())
      const sensors = await get('/api/sensors', deviceSchema.array())
      expect(cameras.length).toBeGreaterThan(0)
      const { context, page } = await newScreen(shared())
      try {
        await loginAs(shared(), page, 'operator', '/wall')
        await page.locator('[data-testid="map-province"][data-ready="true"]').waitFor({ timeout: 90_000 })
        await expect
          .poll(async () => (await pickedOnCanvas(page))?.cameras.length ?? 0, { timeout: 60_000 })
          .toBe(new Set(cameras.map((c) => c.id)).size)
        const picked = (await pickedOnCanvas(page))!
        expect(picked.cameras).toEqual(cameras.map((c) => c.id).sort())
        // a district's stations stand almost on one spot, so the topmost hides the rest: every
        // district with stations shows at least one, and only known stations are drawn
        const districts = new Set(sensors.map((s) => s.district))
        const shownDistricts = new Set(picked.sensors.map((id) => sensors.find((s) => s.id === id)?.district))
        expect([...districts].every((d) => shownDistricts.has(d))).toBe(true)
        expect(picked.sensors.every((id) => sensors.some((s) => s.id === id))).toBe(true)
      } finally {
        await context.close()
      }
    })

    it('an alert caused by an MQTT reading pops up within 2 s with its sound, and is acknowledged there', async () => {
      const sensors = await get('/api/sensors', deviceSchema.array())
      const station = sensors.find((s) => s.kind === 'water_level')!
      expect(station, 'a simulated water-level station').toBeDefined()
      // a rule of its own, firing at once (the demo's flood rule waits 120 s), on this station only
      const ruleRes = await fetch(shared().api('/api/rules'), {
        method: 'POST',
        headers: { authorization: `Bearer ${await token('admin')}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: `Mực nước tăng vọt ${Date.now()}`,
          kind: 'threshold',
          severity: 'critical',
          category: 'naturalDisaster',
          subCategory: 'flood',
          target: { sourceIds: [station.id] },
          params: { metric: 'water_level_cm', op: 'gt', value: 600, forSeconds: 0, hysteresis: 0 },
        }),
      })
      expect(ruleRes.status, await ruleRes.clone().text()).toBe(201)
      const rule = ruleSchema.parse(await ruleRes.json())

      const { context, page } = await newScreen(shared())
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${shared().demo.ports.mqtt}`, {
        username: 'ioc-service',
        password: servicePassword,
        clientId: `e2e-wall-alert-${process.pid}`,
      })
      try {
        // when the alert reaches the page, to tell the pipeline's share from the page's in the log
        let deliveredAt = 0
        page.on('websocket', (ws) =>
          ws.on('framereceived', (frame) => {
            const text = String(frame.payload)
            if (!deliveredAt && text.includes('"created"') && text.includes(rule.id)) deliveredAt = Date.now()
          }),
        )
        // signing in is the operator's gesture that lets the page play sound (autoplay policy)
        await loginAs(shared(), page, 'operator', '/wall')
        await page.locator('[data-testid="alert-ticker"]').waitFor()
        await expect
          .poll(() => page.getByTestId('live-pill').getAttribute('data-state'), { timeout: 15_000 })
          .toBe('live')
        // an operator's wall is settled, not starting: the map drawn and every tile playing
        await page.locator('[data-testid="map-province"][data-ready="true"]').waitFor({ timeout: 60_000 })
        await expect
          .poll(
            () =>
              page.evaluate(() => {
                const videos = [...document.querySelectorAll('[data-testid="wall-video"] video')]
                return videos.length > 0 && videos.every((v) => (v as HTMLVideoElement).currentTime > 1)
              }),
            { timeout: 60_000 },
          )
          .toBe(true)
        await page.waitForTimeout(2000)
        const soundsBefore = await page.evaluate(() => window.__iocSoundsPlayed ?? 0)

        const sentAt = Date.now()
        await client.publishAsync(
          streams.sensorReadings.topic({ deviceId: station.id }),
          JSON.stringify({ ts: new Date().toISOString(), values: { water_level_cm: 650 } }),
          { qos: 1 },
        )
        // this station's pop-up: the demo's cameras raise critical alerts of their own meanwhile
        const popup = page.locator('[data-testid="alert-popup"][data-severity="critical"]', {
          has: page.getByTestId('alert-popup-place').filter({ hasText: station.name }),
        })
        await popup.waitFor({ timeout: 10_000 })
        const elapsed = Date.now() - sentAt
        console.log(
          `alert pop-up ${elapsed} ms after the MQTT publish (on the page's socket after ${deliveredAt ? deliveredAt - sentAt : '?'} ms)`,
        )
        expect(elapsed).toBeLessThan(2000)
        await expect.poll(() => page.evaluate(() => window.__iocSoundsPlayed ?? 0)).toBe(soundsBefore + 1)
        expect(await popup.getByTestId('alert-popup-place').textContent()).toContain(station.name)
        await page.waitForTimeout(1500) // the small map and its tiles draw
        await page.screenshot({ path: join(outputDir, 'wall-alert-popup-vi.png') })
        await popup.getByRole('button', { name: 'Xác nhận' }).click()
        await popup.waitFor({ state: 'detached', timeout: 10_000 })
      } finally {
        await client.endAsync()
        await context.close()
        await fetch(shared().api(`/api/rules/${rule.id}`), {
          method: 'DELETE',
          headers: { authorization: `Bearer ${await token('admin')}` },
        })
      }
    })
  })
}
