import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import mqtt from 'mqtt'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rulePreviewSchema, streams, type RuleCreateInput } from '@ioc/contracts'
import { freePort } from '@ioc/db/testing'
import { repoRoot } from '../support/demo-process.js'
import {
  demoPassword,
  loginAs,
  newScreen,
  outputDir,
  waitFor,
  type SharedDemo,
} from '../support/shared-demo.js'

interface Camera {
  child: ChildProcess
  url: string
}

/** A simulated camera of our own (its password known to the test) on a clip of the shared media. */
async function ownCamera(clip: string, password: string): Promise<Camera> {
  const port = await freePort()
  const args = ['--clip', join(repoRoot, '../shared/media', clip), '--port', String(port)]
  // the built simulator, as the demo runs it; stdin stays open: serve-one stops when it closes
  const child = spawn(
    process.execPath,
    ['apps/simulator/dist/cameras/serve-one.js', ...args, '--user', 'admin', '--password', password],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  const output: string[] = []
  for (const stream of [child.stdout!, child.stderr!])
    createInterface({ input: stream }).on('line', (l) => output.push(l))
  const until = Date.now() + 90_000
  while (!output.some((l) => l.includes('"ready"'))) {
    if (Date.now() > until || child.exitCode !== null)
      throw new Error(`camera on ${clip} did not start: ${output.slice(-5).join('\n')}`)
    await new Promise((ok) => setTimeout(ok, 250))
  }
  return { child, url: `rtsp://127.0.0.1:${port}/stream` }
}

async function stopCamera(camera: Camera | undefined): Promise<void> {
  if (!camera || camera.child.exitCode !== null || camera.child.signalCode !== null) return
  const exited = new Promise((ok) => camera.child.once('exit', ok))
  camera.child.kill('SIGTERM')
  const timer = setTimeout(() => camera.child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

async function adminToken(shared: SharedDemo): Promise<string> {
  const res = await fetch(shared.api('/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  })
  return ((await res.json()) as { accessToken: string }).accessToken
}

/** A click on the picture at a point given in its own 0..1 coordinates. */
async function clickPicture(page: Page, [x, y]: [number, number]): Promise<void> {
  const picture = page.getByTestId('geometry-picture')
  await picture.scrollIntoViewIfNeeded()
  const box = (await picture.boundingBox())!
  await page.mouse.click(box.x + x * box.width, box.y + y * box.height)
}

/** Fills the add-camera form and tests the connection; answers the result element's test id. */
async function addCamera(
  page: Page,
  c: { id: string; name: string; kind: string; url: string; password: string },
) {
  await page.getByRole('button', { name: /Add a camera|Thêm camera/ }).click()
  const form = page.getByTestId('camera-form')
  await form.locator('input[name="id"]').fill(c.id)
  await form.locator('input[name="name"]').fill(c.name)
  await form.locator('select[name="kind"]').selectOption(c.kind)
  await form.locator('input[name="district"]').fill('Tam Kỳ')
  await form.locator('input[name="lat"]').fill('15.5736')
  await form.locator('input[name="lon"]').fill('108.474')
  await form.locator('input[name="rtspUrl"]').fill(c.url)
  await form.locator('input[name="username"]').fill('admin')
  await form.locator('input[name="password"]').fill(c.password)
}

/** The demo broker's service account (apps/api and the ingest publish with it). */
const servicePassword = process.env.IOC_BROKER_SERVICE_PASSWORD ?? 'ioc-service-demo'

async function asAdmin(shared: SharedDemo, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(shared.api(path), {
    method,
    headers: {
      authorization: `Bearer ${await adminToken(shared)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

type Locale = 'vi' | 'en'
/** The admins' desks: a console's 1366x768 and a wall-sized 1920x1080, each language. */
const adminScreens: readonly (readonly [Locale, number, number])[] = [
  ['vi', 1366, 768],
  ['vi', 1920, 1080],
  ['en', 1366, 768],
  ['en', 1920, 1080],
]

/**
 * `look` on a fresh screen of each size and language, signed in as admin on `path`; the page
 * must not scroll sideways after it.
 */
async function onAdminScreens(
  shared: SharedDemo,
  path: string,
  screens: readonly (readonly [Locale, number, number])[],
  look: (page: Page, locale: Locale, width: number) => Promise<void>,
): Promise<void> {
  for (const [locale, width, height] of screens) {
    const { context, page } = await newScreen(shared, { locale, width, height })
    try {
      await loginAs(shared, page, 'admin', path)
      await look(page, locale, width)
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(sideways, `${path} ${width} ${locale}: sideways scroll`).toBeLessThanOrEqual(0)
    } finally {
      await context.close()
    }
  }
}

/** Presses the mouse on `from` and lets it go on `to` (page pixels), moving in steps as a hand does. */
async function dragMouse(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from)
  await page.mouse.down()
  await page.mouse.move(...to, { steps: 12 })
  await page.mouse.up()
}

/**
 * The configuration screens against the shared demo, at a desk's 1366x768: an admin adds a camera
 * with wrong credentials (auth failed), fixes them (snapshot), draws a count line across the
 * traffic clip's road and the counts show both named directions; draws a restricted zone on the
 * people clip, adds a rule on it and an alert is raised; a traffic or leader user gets no admin page.
 */
export function adminConfigTests(shared: () => SharedDemo): void {
  describe('configuration screens', () => {
    const run = randomBytes(3).toString('hex')
    const password = `Cam-${randomBytes(6).toString('hex')}`
    let traffic: Camera
    let people: Camera
    const trafficId = `cam-admin-t-${run}`
    const peopleId = `cam-admin-p-${run}`
    const dragId = `cam-admin-d-${run}`

    beforeAll(async () => {
      ;[traffic, people] = await Promise.all([
        ownCamera('traffic.mp4', password),
        ownCamera('people.mp4', password),
      ])
    }, 120_000)
    afterAll(async () => {
      // the demo's machine has its own cameras to analyse
      const token = await adminToken(shared()).catch(() => null)
      for (const id of [trafficId, peopleId, dragId])
        if (token)
          await fetch(shared().api(`/api/cameras/${id}`), {
            method: 'PATCH',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ enabled: false }),
          }).catch(() => {})
      await Promise.all([stopCamera(traffic), stopCamera(people)])
    })

    it('adds a camera: wrong credentials say auth failed, the right ones a snapshot; a count line counts both directions', async () => {
      const { context, page } = await newScreen(shared(), { locale: 'en', width: 1366, height: 768 })
      try {
        await loginAs(shared(), page, 'admin', '/admin/cameras')
        await page.getByTestId('admin-cameras').waitFor()
        await addCamera(page, {
          id: trafficId,
          name: 'Admin test traffic',
          kind: 'traffic',
          url: traffic.url,
          password: 'wrong-password',
        })
        const form = page.getByTestId('camera-form')
        await form.getByRole('button', { name: 'Test connection' }).click()
        await form
          .locator('[data-testid="connection-failed"][data-reason="auth_failed"]')
          .waitFor({ timeout: 12_000 })
        expect(await form.getByTestId('connection-failed').textContent()).toContain(
          'Wrong user name or password',
        )
        await page.screenshot({ path: join(outputDir, 'admin-camera-auth-failed-1366-en.png') })

        await form.locator('input[name="password"]').fill(password)
        await form.getByRole('button', { name: 'Test connection' }).click()
        await form.getByTestId('connection-ok').waitFor({ timeout: 12_000 })
        const picture = await form
          .locator('[data-testid="connection-ok"] img')
          .evaluate((img: HTMLImageElement) => img.naturalWidth)
        expect(picture).toBeGreaterThan(100)
        await page.screenshot({ path: join(outputDir, 'admin-camera-snapshot-1366-en.png') })
        await form.getByRole('button', { name: 'Create the camera' }).click()
        await page.getByTestId('geometry-editor').waitFor({ timeout: 15_000 })
        // the password field is empty again and the stored one is never shown
        expect(await page.getByTestId('camera-form').locator('input[name="password"]').inputValue()).toBe('')
        expect(await page.content()).not.toContain(password)

        // a line across both carriageways (the road runs left-right, lanes above and below y 0.42)
        await page.getByTestId('geometry-picture').locator('img').waitFor({ timeout: 60_000 })
        await page.getByRole('button', { name: 'Draw a count line' }).click()
        await clickPicture(page, [0.5, 0.98])
        await clickPicture(page, [0.5, 0.02])
        const selection = page.getByTestId('geometry-selection')
        await selection.locator('input[name="leftToRight"]').fill('To Hội An')
        await selection.locator('input[name="rightToLeft"]').fill('To Tam Kỳ')
        await page.getByRole('button', { name: 'Save zones and lines' }).click()
        await page.getByText('Saved; the ingest applies it').waitFor()
        await page.screenshot({ path: join(outputDir, 'admin-camera-line-1366-en.png') })

        const token = await adminToken(shared())
        const directions = async () => {
          const from = new Date(Date.now() - 10 * 60_000).toISOString()
          const res = await fetch(
            shared().api(`/api/cameras/${trafficId}/counts?from=${encodeURIComponent(from)}&bucket=1m`),
            {
              headers: { authorization: `Bearer ${token}` },
            },
          )
          const body = (await res.json()) as { items: { direction: string | null; count: number }[] }
          return new Set(body.items.filter((r) => r.count > 0).map((r) => r.direction))
        }
        await waitFor(
          'vehicles counted in both named directions',
          async () => {
            const seen = await directions()
            return seen.has('To Hội An') && seen.has('To Tam Kỳ')
          },
          120_000,
        )
        await page.screenshot({ path: join(outputDir, 'admin-camera-detections-1366-en.png') })
      } finally {
        await context.close()
      }
    }, 240_000)

    it('draws a restricted zone on the people clip, adds a rule on it, and an alert is raised', async () => {
      const { context, page } = await newScreen(shared(), { locale: 'vi', width: 1366, height: 768 })
      try {
        await loginAs(shared(), page, 'admin', '/admin/cameras')
        await page.getByTestId('admin-cameras').waitFor()
        await addCamera(page, {
          id: peopleId,
          name: 'Admin test people',
          kind: 'security',
          url: people.url,
          password,
        })
        await page.getByTestId('camera-form').getByRole('button', { name: 'Tạo camera' }).click()
        await page.getByTestId('geometry-editor').waitFor({ timeout: 15_000 })
        await page.getByTestId('geometry-picture').locator('img').waitFor({ timeout: 60_000 })
        await page.getByRole('button', { name: 'Vẽ vùng' }).click()
        for (const p of [
          [0.02, 0.3],
          [0.98, 0.3],
          [0.98, 0.995],
          [0.02, 0.995],
        ] as [number, number][])
          await clickPicture(page, p)
        await page.getByRole('button', { name: 'Xong' }).click()
        const selection = page.getByTestId('geometry-selection')
        const zoneId = await selection.locator('input[name="geometryId"]').inputValue()
        await selection.locator('input[name="zoneName"]').fill('Khu vực cấm thử')
        await page.getByRole('button', { name: 'Lưu vùng và vạch' }).click()
        await page.getByText('Đã lưu; bộ xử lý áp dụng').waitFor()
        // persons are boxed over the picture, red inside the zone
        await page.getByTestId('detection-box').first().waitFor({ timeout: 90_000 })
        await page.screenshot({ path: join(outputDir, 'admin-camera-zone-1366-vi.png') })

        await page.getByTestId('admin-tab-rules').click()
        await page.getByRole('button', { name: 'Quy tắc mới' }).click()
        const rule = page.getByTestId('rule-form')
        await rule.locator('input[name="name"]').fill(`Người vào khu cấm ${run}`)
        await rule.locator('select[name="kind"]').selectOption('detection')
        await rule.locator('select[name="event"]').selectOption('person_in_zone')
        await rule.locator('input[name="zoneId"]').fill(zoneId)
        await rule.locator('input[name="sourceIds"]').fill(peopleId)
        await rule.locator('select[name="severity"]').selectOption('critical')
        await rule.locator('select[name="category"]').selectOption('security')
        await rule.locator('select[name="subCategory"]').selectOption('intrusion')
        await rule.getByRole('button', { name: 'Tạo quy tắc' }).click()
        await page.getByTestId('audit-trail').waitFor({ timeout: 10_000 })
        await page.getByTestId('rule-preview').getByRole('button', { name: 'Xem trước' }).click()
        await page.getByTestId('rule-preview-result').waitFor({ timeout: 30_000 })
        await page.screenshot({ path: join(outputDir, 'admin-rules-1366-vi.png') })

        const token = await adminToken(shared())
        const auth = { headers: { authorization: `Bearer ${token}` } }
        const rules = (await (await fetch(shared().api('/api/rules'), auth)).json()) as {
          items: { id: string; name: string; params: { zoneId?: string } }[]
        }
        const created = rules.items.find((r) => r.name === `Người vào khu cấm ${run}`)
        expect(created?.params.zoneId).toBe(zoneId)
        // the demo's own intrusion rule fires on any zone: the alert must be this rule's
        await waitFor(
          'an alert of the new rule on the people camera',
          async () => {
            const res = await fetch(shared().api('/api/alerts?status=active&limit=1000'), auth)
            const body = (await res.json()) as { items: { sourceId: string; ruleId: string }[] }
            return body.items.some((a) => a.sourceId === peopleId && a.ruleId === created!.id)
          },
          120_000,
        )
      } finally {
        await context.close()
      }
    }, 240_000)

    it('drags a zone corner with the mouse and saves: the stored polygon moved; the trail words zones and lines', async () => {
      const zone = {
        id: 'keo-tha',
        name: 'Khu cấm kéo thử',
        kind: 'restricted',
        points: [
          [0.2, 0.2],
          [0.6, 0.2],
          [0.6, 0.6],
          [0.2, 0.6],
        ] as [number, number][],
      }
      const line = {
        id: 'lan-bac',
        name: 'Làn Bắc/Nam',
        points: [
          [0.1, 0.9],
          [0.9, 0.9],
        ],
        directions: { leftToRight: 'Hướng Tam Kỳ', rightToLeft: 'Hướng Hội An' },
      }
      // one analysed frame a second: the picture is what the test needs, not the detections
      const created = await asAdmin(shared(), 'POST', '/api/cameras', {
        id: dragId,
        name: 'Admin test drag',
        kind: 'security',
        lat: 15.5736,
        lon: 108.474,
        district: 'Tam Kỳ',
        detectFps: 1,
        rtspUrl: people.url,
        username: 'admin',
        password,
        zones: [zone],
        lines: [line],
      })
      expect(created.status, await created.clone().text()).toBe(201)
      const target: [number, number] = [0.8, 0.75]
      const trailText = async (page: Page) => {
        const trail = page.getByTestId('audit-trail')
        await expect
          .poll(() => trail.textContent(), { timeout: 15_000 })
          .toMatch(/(Vùng|Zones): Khu cấm kéo thử/)
        await trail.evaluate((el) => el.scrollIntoView({ block: 'center' }))
        return (await trail.textContent())!
      }
      const openCamera = async (page: Page) => {
        await page.getByTestId('admin-cameras').getByRole('button', { name: 'Admin test drag' }).click()
        await page.getByTestId('geometry-editor').waitFor({ timeout: 15_000 })
      }

      const { context, page } = await newScreen(shared(), { locale: 'vi', width: 1366, height: 768 })
      try {
        await loginAs(shared(), page, 'admin', '/admin/cameras')
        await openCamera(page)
        const picture = page.getByTestId('geometry-picture')
        // the camera's picture shown (a new camera's first snapshots fail until the ingest pulls it)
        await waitFor(
          'the camera picture loaded',
          () =>
            picture
              .locator('img')
              .evaluate((img: HTMLImageElement) => img.naturalWidth > 0 && img.style.visibility === 'visible')
              .catch(() => false),
          60_000,
        )
        await picture.evaluate((el) => el.scrollIntoView({ block: 'center' }))
        const onPicture = async ([x, y]: [number, number]): Promise<[number, number]> => {
          const area = (await picture.boundingBox())!
          expect(area.y + area.height, 'the whole picture on the screen').toBeLessThanOrEqual(768)
          return [area.x + x * area.width, area.y + y * area.height]
        }
        // a press inside the zone picks it: its corners get handles
        await page.mouse.click(...(await onPicture([0.4, 0.4])))
        const corner = page.getByTestId(`zone-${zone.id}`).locator('circle.admin-handle').nth(2)
        await corner.waitFor()
        const c = (await corner.boundingBox())!
        const grabbed: [number, number] = [c.x + c.width / 2, c.y + c.height / 2]
        const before = await onPicture(zone.points[2]!)
        expect(Math.hypot(grabbed[0] - before[0], grabbed[1] - before[1])).toBeLessThan(2)
        const released = await onPicture(target)
        const areaBefore = (await picture.boundingBox())!
        await dragMouse(page, grabbed, released)
        // where the release fell on the picture as it then stood (the page may have moved under
        // the mouse by a few pixels while the picture loaded): the editor's own reckoning
        const area = (await picture.boundingBox())!
        const dropped = [(released[0] - area.x) / area.width, (released[1] - area.y) / area.height]
        await page.screenshot({ path: join(outputDir, 'admin-camera-drag-1366-vi.png') })
        await page.getByRole('button', { name: 'Lưu vùng và vạch' }).click()
        await page.getByText('Đã lưu; bộ xử lý áp dụng').waitFor()

        const saved = (await (await asAdmin(shared(), 'GET', `/api/cameras/${dragId}`)).json()) as {
          zones: { id: string; points: [number, number][] }[]
          lines: unknown[]
        }
        const points = saved.zones.find((z) => z.id === zone.id)!.points
        // the corner is where the mouse let it go (a pixel of the picture is about 0.002)
        const where = `${JSON.stringify(points[2])} for ${JSON.stringify(dropped)}, picture at y ${areaBefore.y} then ${area.y}`
        expect(Math.abs(points[2]![0] - dropped[0]!), where).toBeLessThan(0.004)
        expect(Math.abs(points[2]![1] - dropped[1]!), where).toBeLessThan(0.004)
        expect(Math.hypot(points[2]![0] - target[0], points[2]![1] - target[1]), where).toBeLessThan(0.05)
        expect(points.filter((_, i) => i !== 2)).toEqual(zone.points.filter((_, i) => i !== 2))
        expect(saved.lines).toEqual([line])

        const vi = await trailText(page)
        expect(vi).toContain('Vùng: Khu cấm kéo thử (Vùng cấm) — 4 điểm')
        expect(vi).toContain('Vạch đếm: Làn Bắc/Nam: Hướng Tam Kỳ / Hướng Hội An')
        expect(vi, 'no JSON in the trail').not.toMatch(/\[\[|\{"/)
        await page.screenshot({ path: join(outputDir, 'admin-camera-audit-1366-vi.png') })
      } finally {
        await context.close()
      }
      await onAdminScreens(
        shared(),
        '/admin/cameras',
        adminScreens.filter(([l, w]) => l !== 'vi' || w !== 1366),
        async (page, locale, width) => {
          await openCamera(page)
          expect(await trailText(page)).toContain(
            locale === 'vi'
              ? 'Vùng: Khu cấm kéo thử (Vùng cấm) — 4 điểm'
              : 'Zones: Khu cấm kéo thử (Restricted) — 4 points',
          )
          await page.screenshot({ path: join(outputDir, `admin-camera-audit-${width}-${locale}.png`) })
        },
      )
    }, 180_000)

    it('previews an offline rule in the form: the silences of a station of its own, counted on the screen', async () => {
      // A station heard every 5 min from 6 h to 4 h ago and from 2 h to 1 h ago, silent since: over
      // 15 min of silence it raises 2 alerts (at 3 h 45 min ago, cleared at 2 h ago, and at 45 min
      // ago), on its 25 + 13 readings. The demo's own offline rule will see it silent too.
      const deviceId = `aq-off-${run}`
      const sensor = await asAdmin(shared(), 'POST', '/api/sensors', {
        id: deviceId,
        kind: 'air_quality',
        name: 'Trạm thử im lặng',
        lat: 15.57,
        lon: 108.47,
        district: 'Tam Kỳ',
        metrics: ['pm25'],
        password: `Dev-${randomBytes(6).toString('hex')}`,
      })
      expect(sensor.status, await sensor.clone().text()).toBe(201)
      const now = Date.now()
      const minutes = [
        ...Array.from({ length: 25 }, (_, i) => 360 - 5 * i),
        ...Array.from({ length: 13 }, (_, i) => 120 - 5 * i),
      ]
      const readings = minutes.map((m) => ({
        ts: new Date(now - m * 60_000).toISOString(),
        values: { pm25: 20 },
      }))
      const rule = {
        name: 'Trạm thử im lặng quá 15 phút',
        kind: 'offline',
        severity: 'minor',
        category: 'system',
        subCategory: 'deviceOffline',
        target: { sourceIds: [deviceId] },
        params: { afterSeconds: 900 },
      } satisfies RuleCreateInput
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${shared().demo.ports.mqtt}`, {
        username: 'ioc-service',
        password: servicePassword,
        clientId: `e2e-admin-offline-${process.pid}-${Date.now()}`,
      })
      try {
        // the ingest learns of a new device within its reload; the same readings again change nothing
        let published = 0
        await waitFor(
          "the station's readings stored",
          async () => {
            if (Date.now() - published < 3000) return false
            published = Date.now()
            await client.publishAsync(streams.sensorReadings.topic({ deviceId }), JSON.stringify(readings), {
              qos: 1,
            })
            const res = await asAdmin(shared(), 'POST', '/api/rules/preview', { rule })
            return rulePreviewSchema.parse(await res.json()).rowsReplayed === readings.length
          },
          60_000,
        )
      } finally {
        await client.endAsync()
      }
      const api = rulePreviewSchema.parse(
        await (await asAdmin(shared(), 'POST', '/api/rules/preview', { rule })).json(),
      )
      expect(api).toMatchObject({ alerts: 2, raises: 2, clears: 1, sources: 1, rowsReplayed: 38 })

      await onAdminScreens(shared(), '/admin/rules', adminScreens, async (page, locale, width) => {
        await page.getByRole('button', { name: locale === 'vi' ? 'Quy tắc mới' : 'New rule' }).click()
        const form = page.getByTestId('rule-form')
        await form.locator('input[name="name"]').fill(rule.name)
        await form.locator('select[name="kind"]').selectOption('offline')
        await form.locator('input[name="afterSeconds"]').fill('900')
        await form.locator('input[name="sourceIds"]').fill(deviceId)
        await form.locator('select[name="severity"]').selectOption('minor')
        await form.locator('select[name="category"]').selectOption('system')
        await form.locator('select[name="subCategory"]').selectOption('deviceOffline')
        const preview = page.getByTestId('rule-preview')
        await preview.getByRole('button', { name: locale === 'vi' ? 'Xem trước' : 'Preview' }).click()
        const result = preview.getByTestId('rule-preview-result')
        await result.waitFor({ timeout: 30_000 })
        expect(await result.locator('.admin-preview-summary').textContent()).toBe(
          locale === 'vi'
            ? 'Sẽ mở 2 cảnh báo ở 1 nguồn (2 lần kích hoạt, 1 lần tự hết), trên 38 bản ghi.'
            : 'Would open 2 alerts on 1 source (2 raises, 1 clear), over 38 rows.',
        )
        const firings = await result.locator('.admin-firings li').allTextContents()
        expect(firings).toHaveLength(2)
        for (const f of firings) expect(f).toContain(locale === 'vi' ? 'quá 900 giây' : 'more than 900 s')
        expect(await preview.textContent()).toContain(
          locale === 'vi' ? 'Trạng thái thiết bị không được lưu' : 'Device statuses are not stored',
        )
        await result.evaluate((el) => el.scrollIntoView({ block: 'center' }))
        await page.screenshot({ path: join(outputDir, `admin-rule-offline-preview-${width}-${locale}.png`) })
      })
    }, 180_000)

    it('shows every admin screen whole at 1366x768 and 1920x1080, in Vietnamese and English', async () => {
      await onAdminScreens(shared(), '/admin/users', adminScreens, async (page, locale, width) => {
        for (const section of ['users', 'rules', 'sensors', 'cameras'] as const) {
          await page.getByTestId(`admin-tab-${section}`).click()
          await page.getByTestId(`admin-${section}`).locator('table').waitFor({ timeout: 15_000 })
          await page.getByTestId(`admin-${section}`).locator('tbody tr').first().click()
          await page.waitForTimeout(500)
          const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
          expect(sideways, `${section} ${width} ${locale}: sideways scroll`).toBeLessThanOrEqual(0)
          await page.screenshot({ path: join(outputDir, `admin-${section}-${width}-${locale}.png`) })
        }
      })
    }, 240_000)

    it('gives a traffic or leader user no admin page', async () => {
      for (const user of ['traffic', 'leader'] as const) {
        const { context, page } = await newScreen(shared(), { locale: 'en', width: 1366, height: 768 })
        try {
          await loginAs(shared(), page, user)
          await page.locator('.shell-nav').waitFor()
          expect(await page.locator('.shell-nav a[href="/admin"]').count()).toBe(0)
          await page.goto(shared().url('/admin/cameras'))
          await page.getByTestId('forbidden').waitFor()
          expect(await page.getByRole('heading', { name: 'Not allowed' }).count()).toBe(1)
          expect(await page.getByTestId('admin-cameras').count()).toBe(0)
          await page.screenshot({ path: join(outputDir, `admin-forbidden-${user}-1366-en.png`) })
        } finally {
          await context.close()
        }
      }
    }, 60_000)
  })
}
