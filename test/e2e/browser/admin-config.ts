import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

    beforeAll(async () => {
      ;[traffic, people] = await Promise.all([
        ownCamera('traffic.mp4', password),
        ownCamera('people.mp4', password),
      ])
    }, 120_000)
    afterAll(async () => {
      // the demo's machine has its own cameras to analyse
      const token = await adminToken(shared()).catch(() => null)
      for (const id of [trafficId, peopleId])
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

    it('shows every admin screen whole at 1366x768 and 1920x1080, in Vietnamese and English', async () => {
      for (const locale of ['vi', 'en'] as const)
        for (const [width, height] of [
          [1366, 768],
          [1920, 1080],
        ] as const) {
          const { context, page } = await newScreen(shared(), { locale, width, height })
          try {
            await loginAs(shared(), page, 'admin', '/admin/users')
            for (const section of ['users', 'rules', 'sensors', 'cameras'] as const) {
              await page.getByTestId(`admin-tab-${section}`).click()
              await page.getByTestId(`admin-${section}`).locator('table').waitFor({ timeout: 15_000 })
              await page.getByTestId(`admin-${section}`).locator('tbody tr').first().click()
              await page.waitForTimeout(500)
              const sideways = await page.evaluate(
                () => document.documentElement.scrollWidth - window.innerWidth,
              )
              expect(sideways, `${section} ${width} ${locale}: sideways scroll`).toBeLessThanOrEqual(0)
              await page.screenshot({ path: join(outputDir, `admin-${section}-${width}-${locale}.png`) })
            }
          } finally {
            await context.close()
          }
        }
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
