// The alert console (/alerts) in a real browser against the shared demo, at the console's 1366x768:
// a traffic user acknowledges a traffic alert with the keyboard and another page's wall shows it
// within 1 s; security staff see that alert's actions disabled with the reason (and the api refuses
// them anyway); a leader is offered no action; a bulk acknowledge of 50 alerts is one request, every
// change audited; a new alert arriving under the pointer does not move the row there.
import { join } from 'node:path'
import mqtt from 'mqtt'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  alertDetailSchema,
  alertListSchema,
  alertReportSchema,
  deviceSchema,
  ruleSchema,
  streams,
  type Device,
  type Rule,
} from '@ioc/contracts'
import { demoPassword, loginAs, newScreen, outputDir, type SharedDemo } from '../support/shared-demo.js'

// the demo's service account on its embedded broker (IOC_BROKER_SERVICE_PASSWORD's demo default)
const servicePassword = process.env.IOC_BROKER_SERVICE_PASSWORD ?? 'ioc-service-demo'
const console1366 = { width: 1366, height: 768 }
// far above what the simulated loop counters count, within the metric's range
const JAM = 60_000

export function alertConsoleTests(shared: () => SharedDemo): void {
  const tokens = new Map<string, string>()
  async function token(user: string): Promise<string> {
    const known = tokens.get(user)
    if (known) return known
    const res = await fetch(shared().api('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password: demoPassword }),
    })
    expect(res.status).toBe(200)
    const value = ((await res.json()) as { accessToken: string }).accessToken
    tokens.set(user, value)
    return value
  }
  async function call(user: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(shared().api(path), {
      method,
      headers: {
        authorization: `Bearer ${await token(user)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  }
  async function get<T>(path: string, schema: { parse(v: unknown): T }): Promise<T> {
    const res = await call('admin', 'GET', path)
    expect(res.status, path).toBe(200)
    return schema.parse(await res.json())
  }

  /** A traffic rule of its own on one loop counter, firing at once on a jam reading. */
  async function trafficRule(counter: Device, name: string, severity = 'major'): Promise<Rule> {
    const res = await call('admin', 'POST', '/api/rules', {
      name,
      kind: 'threshold',
      severity,
      category: 'traffic',
      subCategory: 'trafficJam',
      target: { sourceIds: [counter.id] },
      // the simulated counter's next ordinary count must not clear it while the test works on it
      params: { metric: 'vehicle_count', op: 'gt', value: JAM - 10_000, forSeconds: 0, hysteresis: JAM },
    })
    expect(res.status, await res.clone().text()).toBe(201)
    return ruleSchema.parse(await res.json())
  }
  async function removeRules(rules: readonly Rule[]): Promise<void> {
    for (const rule of rules) await call('admin', 'DELETE', `/api/rules/${rule.id}`)
  }
  async function jam(counter: Device): Promise<void> {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${shared().demo.ports.mqtt}`, {
      username: 'ioc-service',
      password: servicePassword,
      clientId: `e2e-console-${process.pid}-${Date.now()}`,
    })
    try {
      await client.publishAsync(
        streams.sensorReadings.topic({ deviceId: counter.id }),
        JSON.stringify({ ts: new Date().toISOString(), values: { vehicle_count: JAM } }),
        { qos: 1 },
      )
    } finally {
      await client.endAsync()
    }
  }
  async function counter(): Promise<Device> {
    const found = (await get('/api/sensors', deviceSchema.array())).find((s) => s.kind === 'traffic_counter')
    expect(found, 'a simulated traffic loop counter').toBeDefined()
    return found!
  }
  /** The alerts raised by rules whose name holds `mark`, from the api. */
  async function alertsMarked(mark: string) {
    const list = await get('/api/alerts?status=active&category=traffic&limit=1000', alertListSchema)
    return list.items.filter((a) => a.title.includes(mark))
  }
  async function openConsole(user: 'traffic' | 'security' | 'leader', locale: 'vi' | 'en', query: string) {
    const screen = await newScreen(shared(), { locale, ...console1366 })
    await loginAs(shared(), screen.page, user, `/alerts${query}`)
    await screen.page.getByTestId('alert-console').waitFor()
    await expect
      .poll(() => screen.page.getByTestId('live-pill').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('live')
    // for whoever reads a failed run
    screen.page.on('pageerror', (err) => console.warn(`[${user}] page error: ${err.message}`))
    return screen
  }
  /** A picture of the page a test failed on (test-output/e2e/alert-console-failed-*.png), then the error. */
  async function failed(page: Page, name: string, err: unknown): Promise<never> {
    await page
      .screenshot({ path: join(outputDir, `alert-console-failed-${name}.png`) })
      .catch(() => undefined)
    throw err
  }
  const row = (page: Page, id: string) => page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`)
  /** Text cut off anywhere on the page: elements whose content is wider than their box, with no ellipsis. */
  const cutText = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.console *')]
        .filter((el) => el.children.length === 0 && (el.textContent ?? '').trim() !== '')
        .filter((el) => {
          const style = getComputedStyle(el)
          // ellipsed text says it is cut; labels for screen readers only are clipped on purpose
          if (style.textOverflow === 'ellipsis' || style.display === 'none') return false
          if (el.closest('.console-hidden')) return false
          return el.scrollWidth > el.clientWidth + 1 && style.overflowX === 'hidden'
        })
        .map((el) => el.textContent),
    )

  describe('alert console', () => {
    // one word each, so a search for one finds nothing of the others (search matches every word)
    const stamp = Date.now().toString(36)
    const mark = `e2e${stamp}`
    let jamRule: Rule
    let jamAlertId = ''

    it('a traffic user sees traffic alerts, acknowledges one with the keyboard, and the wall shows it within 1 s of the change', async () => {
      const loop = await counter()
      jamRule = await trafficRule(loop, `Ùn tắc ${mark}`)
      const desk = await openConsole('traffic', 'vi', '')
      // the wall opens once the console's first picture is taken: a screenshot of one page waits
      // for a frame, and a wall's sixteen players leave a loaded 2-core machine few to give
      let wall: Awaited<ReturnType<typeof newScreen>> | null = null
      try {
        // the domain facet narrows to traffic; the search finds this test's alert
        await jam(loop)
        const trafficFacet = desk.page.locator('[data-facet="category"][data-value="traffic"]')
        // a controlled checkbox: checked once the filter is in the URL and the list redrawn
        await trafficFacet.click({ timeout: 30_000 })
        await expect.poll(() => trafficFacet.isChecked()).toBe(true)
        await desk.page.getByTestId('console-search').fill(mark)
        const found = desk.page.locator('[data-testid="alert-row"]').first()
        await found.waitFor({ timeout: 30_000 })
        jamAlertId = (await found.getAttribute('data-alert-id'))!
        const categories = await desk.page
          .locator('[data-testid="alert-row"]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-category')))
        expect(new Set(categories)).toEqual(new Set(['traffic']))
        expect(await row(desk.page, jamAlertId).getAttribute('data-acknowledged')).toBe('false')
        await desk.page.getByTestId('sensor-chart').waitFor({ timeout: 30_000 })
        await desk.page.screenshot({ path: join(outputDir, 'alert-console-traffic-vi.png') })

        wall = await newScreen(shared())
        await loginAs(shared(), wall.page, 'operator', '/wall')
        await wall.page.locator('[data-testid="alert-ticker"]').waitFor({ timeout: 60_000 })
        await expect
          .poll(() => wall!.page.getByTestId('live-pill').getAttribute('data-state'), { timeout: 15_000 })
          .toBe('live')
        await wall.page
          .locator(`.alert-ticker__item[data-alert-id="${jamAlertId}"]`)
          .first()
          .waitFor({ timeout: 30_000 })
        // measured on a settled wall, as an operator's is (map drawn, every tile playing), not on
        // one whose sixteen players are starting and hold its main thread
        await wall.page
          .locator('[data-testid="map-province"][data-ready="true"]')
          .waitFor({ timeout: 60_000 })
        await expect
          .poll(
            () =>
              wall!.page.evaluate(() => {
                const videos = [...document.querySelectorAll('[data-testid="wall-video"] video')]
                return videos.length > 0 && videos.every((v) => (v as HTMLVideoElement).currentTime > 1)
              }),
            { timeout: 60_000 },
          )
          .toBe(true)
        await wall.page.waitForTimeout(2000)

        // Escape leaves the search for the list, Home puts the cursor on the first row, `a` acknowledges
        await desk.page.keyboard.press('Escape')
        await desk.page.keyboard.press('Home')
        await expect
          .poll(() => desk.page.getByTestId('alert-details').getAttribute('data-alert-id'))
          .toBe(jamAlertId)
        // the moment the wall's DOM says acknowledged, taken in the page by a MutationObserver: a
        // check polled from here would queue behind the wall's long map frames and measure those
        await wall.page.evaluate((id) => {
          const shown = () => {
            const items = [...document.querySelectorAll(`.alert-ticker__item[data-alert-id="${id}"]`)]
            return items.length > 0 && items.every((i) => !i.querySelector('.alert-ticker__title--new'))
          }
          const w = window as unknown as { __ackShownAt?: number }
          new MutationObserver((_, observer) => {
            if (!shown()) return
            w.__ackShownAt = Date.now()
            observer.disconnect()
          }).observe(document.body, { subtree: true, childList: true, attributes: true })
        }, jamAlertId)
        const wallShowsAck = expect
          .poll(
            () =>
              wall!.page.evaluate(() => (window as unknown as { __ackShownAt?: number }).__ackShownAt ?? 0),
            {
              timeout: 10_000,
            },
          )
          .toBeGreaterThan(0)
        // when the api's answer reached the console: the change is committed and pushed by then
        const answered = new Promise<number>((ok) =>
          desk.page.on('response', (r) => {
            if (r.request().method() === 'POST' && r.url().endsWith('/api/alerts/bulk')) ok(Date.now())
          }),
        )
        const requested = new Promise<number>((ok) =>
          desk.page.on('request', (r) => {
            if (r.method() === 'POST' && r.url().endsWith('/api/alerts/bulk')) ok(Date.now())
          }),
        )
        const pressedAt = Date.now()
        await desk.page.keyboard.press('a')
        await wallShowsAck
        const shownAt = await wall.page.evaluate(
          () => (window as unknown as { __ackShownAt: number }).__ackShownAt,
        )
        const answeredAt = await answered
        console.log(
          `key pressed: request sent after ${(await requested) - pressedAt} ms, the api answered after ${answeredAt - pressedAt} ms, the wall showed it after ${shownAt - pressedAt} ms`,
        )
        // the wall follows the console within 1 s of the change; the api's own time (one bulk
        // request under the alerts lock, 5 s on this shared 2-core machine in some runs) is logged
        expect(shownAt - answeredAt).toBeLessThan(1000)
        await wall.context.close()
        wall = null
        await expect.poll(() => row(desk.page, jamAlertId).getAttribute('data-acknowledged')).toBe('true')
        await desk.page.getByTestId('action-result').waitFor()

        // audited with who and from where, and the details pane's timeline says so
        const detail = await get(`/api/alerts/${jamAlertId}`, alertDetailSchema)
        const ack = detail.events.find((e) => e.action === 'acknowledged')
        expect(ack).toMatchObject({ actor: 'traffic' })
        expect(ack?.from?.userAgent).toContain('Chrome')
        await desk.page
          .locator('[data-testid="alert-timeline"] [data-action="acknowledged"][data-actor="traffic"]')
          .waitFor({ timeout: 10_000 })
        await desk.page.locator('[data-testid="alert-timeline"] [data-action="created"]').waitFor()
        await desk.page.getByTestId('sensor-chart').waitFor({ timeout: 15_000 })
        expect(await desk.page.getByTestId('sensor-chart').getAttribute('data-threshold')).toBe(
          String(JAM - 10_000),
        )
        expect(await cutText(desk.page)).toEqual([])
        await desk.page.screenshot({ path: join(outputDir, 'alert-console-traffic-acknowledged-vi.png') })
        await desk.page.keyboard.press('?')
        await desk.page.getByTestId('shortcut-help').waitFor()
        expect(await desk.page.locator('[data-testid="shortcut-help"] [data-command="ack"]').count()).toBe(1)
        await desk.page.screenshot({ path: join(outputDir, 'alert-console-shortcuts-vi.png') })
      } catch (err) {
        await wall?.page
          .screenshot({ path: join(outputDir, 'alert-console-failed-wall.png') })
          .catch(() => undefined)
        await failed(desk.page, 'traffic', err)
      } finally {
        await wall?.context.close()
        await desk.context.close()
      }
    })

    it("security staff see that alert's actions disabled with the reason, and the api refuses them anyway", async () => {
      expect(jamAlertId, 'the alert of the test before').not.toBe('')
      const desk = await openConsole('security', 'en', `?status=-&q=${encodeURIComponent(mark)}`)
      try {
        const bulk: string[] = []
        desk.page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().includes('/api/alerts')) bulk.push(r.url())
        })
        await row(desk.page, jamAlertId).click()
        await expect
          .poll(() => desk.page.getByTestId('alert-details').getAttribute('data-alert-id'))
          .toBe(jamAlertId)
        const buttons = desk.page.locator('[data-testid="action-bar"] [data-action]')
        expect(await buttons.count()).toBe(5)
        expect(await buttons.evaluateAll((b) => b.every((x) => (x as HTMLButtonElement).disabled))).toBe(true)
        expect(await desk.page.getByTestId('action-reason').textContent()).toBe(
          'The Security role does not act on Traffic alerts',
        )
        expect(await buttons.first().getAttribute('title')).toBe(
          'The Security role does not act on Traffic alerts',
        )
        // no comment box either, and the keys do nothing: never offered and then refused
        expect(await desk.page.locator('[data-testid="alert-comments"] textarea').count()).toBe(0)
        await desk.page.keyboard.press('a')
        await desk.page.keyboard.press('r')
        await desk.page.waitForTimeout(500)
        expect(bulk).toEqual([])
        expect(await desk.page.locator('[role="dialog"]').count()).toBe(0)
        await desk.page.screenshot({ path: join(outputDir, 'alert-console-security-en.png') })
      } catch (err) {
        await failed(desk.page, 'security', err)
      } finally {
        await desk.context.close()
      }
      // called anyway, the api refuses them: 403 on the single routes, `forbidden` per id in a bulk
      for (const [path, body] of [
        [`/api/alerts/${jamAlertId}/ack`, {}],
        [`/api/alerts/${jamAlertId}/comment`, { text: 'thử' }],
        [`/api/alerts/${jamAlertId}/resolve`, {}],
      ] as const) {
        const res = await call('security', 'POST', path, body)
        expect(res.status, path).toBe(403)
      }
      const res = await call('security', 'POST', '/api/alerts/bulk', {
        ids: [jamAlertId],
        action: { kind: 'comment', text: 'thử' },
      })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { items: { ok: boolean; code?: string }[] }).items).toMatchObject([
        { ok: false, code: 'forbidden' },
      ])
    })

    it('a leader reads every alert and is offered no action at all', async () => {
      const desk = await openConsole('leader', 'vi', `?status=-`)
      try {
        await desk.page.locator('[data-testid="alert-row"]').first().waitFor({ timeout: 30_000 })
        await desk.page.getByTestId('read-only').waitFor()
        expect(await desk.page.getByTestId('action-bar').count()).toBe(0)
        expect(await desk.page.locator('button[data-action]').count()).toBe(0)
        expect(
          await desk.page
            .locator('[data-testid="alert-console"] input[type="checkbox"].console-row__check')
            .count(),
        ).toBe(0)
        expect(await desk.page.getByTestId('select-all').count()).toBe(0)
        expect(await desk.page.locator('[data-testid="alert-comments"] textarea').count()).toBe(0)
        const posts: string[] = []
        desk.page.on('request', (r) => {
          if (r.method() === 'POST' && r.url().includes('/api/alerts')) posts.push(r.url())
        })
        await desk.page.keyboard.press('j')
        await desk.page.keyboard.press('a')
        await desk.page.keyboard.press('x')
        await desk.page.waitForTimeout(500)
        expect(posts).toEqual([])
        await desk.page.keyboard.press('?')
        await desk.page.getByTestId('shortcut-help').waitFor()
        expect(await desk.page.locator('[data-testid="shortcut-help"] [data-command="ack"]').count()).toBe(0)
        expect(await desk.page.locator('[data-testid="shortcut-help"] [data-command="next"]').count()).toBe(1)
        await desk.page.keyboard.press('Escape')
        await desk.page.screenshot({ path: join(outputDir, 'alert-console-leader-vi.png') })
      } catch (err) {
        await failed(desk.page, 'leader', err)
      } finally {
        await desk.context.close()
      }
    })

    it('a bulk acknowledge of 50 alerts is one request, and every change is audited', async () => {
      const loop = await counter()
      const bulkMark = `bulk${stamp}`
      const rules: Rule[] = []
      try {
        for (let i = 0; i < 50; i++) rules.push(await trafficRule(loop, `Ùn tắc ${bulkMark} #${i}`, 'minor'))
        const desk = await openConsole('traffic', 'en', `?q=${encodeURIComponent(bulkMark)}`)
        try {
          await jam(loop)
          await expect.poll(async () => (await alertsMarked(bulkMark)).length, { timeout: 20_000 }).toBe(50)
          await expect
            .poll(() => desk.page.getByTestId('console-count').textContent(), { timeout: 15_000 })
            .toMatch(/^50 \//)
          const requests: { url: string; ids: number }[] = []
          desk.page.on('request', (r) => {
            if (r.method() === 'POST' && r.url().includes('/api/alerts/'))
              requests.push({
                url: r.url(),
                ids: (JSON.parse(r.postData() ?? '{}') as { ids?: unknown[] }).ids?.length ?? 0,
              })
          })
          await desk.page.locator('[data-testid="alert-row"]').first().click()
          await desk.page.keyboard.press('*')
          await expect
            .poll(() => desk.page.getByTestId('action-targets').textContent())
            .toBe('50 alerts selected')
          await desk.page.screenshot({ path: join(outputDir, 'alert-console-bulk-en.png') })
          await desk.page.keyboard.press('a')
          await expect
            .poll(() => desk.page.getByTestId('action-result').textContent(), { timeout: 15_000 })
            .toBe('Acknowledged 50 / 50 alerts')
          expect(requests).toEqual([{ url: shared().url('/api/alerts/bulk'), ids: 50 }])
          await desk.page.screenshot({ path: join(outputDir, 'alert-console-bulk-done-en.png') })
        } catch (err) {
          await failed(desk.page, 'bulk', err)
        } finally {
          await desk.context.close()
        }
        const alerts = await alertsMarked(bulkMark)
        expect(alerts.every((a) => a.acknowledged && a.ackBy === 'traffic')).toBe(true)
        for (const alert of alerts) {
          const detail = await get(`/api/alerts/${alert.id}`, alertDetailSchema)
          const acks = detail.events.filter((e) => e.action === 'acknowledged')
          expect(acks, alert.id).toHaveLength(1)
          expect(acks[0]).toMatchObject({ actor: 'traffic', seq: alert.seq })
          expect(acks[0]!.from?.userAgent).toContain('Chrome')
        }
      } finally {
        await removeRules(rules)
      }
    })

    it('a new alert arriving while the pointer is on the list does not move the row under it', async () => {
      const loop = await counter()
      const holdMark = `giu${stamp}`
      const rules = [await trafficRule(loop, `Ùn tắc ${holdMark} một`, 'minor')]
      try {
        const desk = await openConsole('traffic', 'vi', `?q=${encodeURIComponent(holdMark)}`)
        try {
          await jam(loop)
          const first = desk.page.locator('[data-testid="alert-row"]').first()
          await first.waitFor({ timeout: 30_000 })
          const heldId = (await first.getAttribute('data-alert-id'))!
          const box = (await first.boundingBox())!
          await desk.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
          // a critical alert of the same search sorts above it
          rules.push(await trafficRule(loop, `Ùn tắc ${holdMark} hai`, 'critical'))
          await jam(loop)
          await desk.page.getByTestId('console-incoming').waitFor({ timeout: 15_000 })
          expect((await row(desk.page, heldId).boundingBox())?.y).toBe(box.y)
          expect(await desk.page.locator('[data-testid="alert-row"]').count()).toBe(1)
          await desk.page.screenshot({ path: join(outputDir, 'alert-console-held-vi.png') })
          // the pointer leaves: the list takes the new order, the critical one first
          await desk.page.mouse.move(5, 760)
          await expect.poll(() => desk.page.locator('[data-testid="alert-row"]').count()).toBe(2)
          expect(
            await desk.page.locator('[data-testid="alert-row"]').first().getAttribute('data-severity'),
          ).toBe('critical')
        } catch (err) {
          await failed(desk.page, 'held', err)
        } finally {
          await desk.context.close()
        }
      } finally {
        await removeRules(rules)
        if (jamRule) await removeRules([jamRule])
      }
    })

    it('assigns, comments and resolves with the keyboard and the dialogs, each in the audit trail', async () => {
      const loop = await counter()
      const workMark = `${mark}work`
      const rule = await trafficRule(loop, `Ùn tắc ${workMark}`)
      try {
        await jam(loop)
        await expect.poll(async () => (await alertsMarked(workMark)).length, { timeout: 30_000 }).toBe(1)
        const [alert] = await alertsMarked(workMark)
        const desk = await openConsole('traffic', 'vi', `?q=${encodeURIComponent(workMark)}`)
        try {
          await row(desk.page, alert!.id).waitFor({ timeout: 30_000 })
          const list = desk.page.getByTestId('alert-list')
          await list.focus()
          await desk.page.keyboard.press('Home')
          await expect
            .poll(() => desk.page.getByTestId('alert-details').getAttribute('data-alert-id'))
            .toBe(alert!.id)
          // g: the users who may take a traffic alert of this district; traffic takes it
          await desk.page.keyboard.press('g')
          const assign = desk.page.getByTestId('assign-dialog')
          await assign.locator('[data-assignee="traffic"]').click({ timeout: 15_000 })
          await expect.poll(() => assign.count()).toBe(0)
          // c: a comment through its dialog, sent with ctrl+enter
          await list.focus()
          await desk.page.keyboard.press('c')
          await desk.page.getByTestId('comment-dialog').locator('textarea').fill('Đã cử CSGT tới hiện trường')
          await desk.page.keyboard.press('Control+Enter')
          await expect.poll(() => desk.page.getByTestId('comment-dialog').count()).toBe(0)
          // and one typed in the details' own box
          const box = desk.page.locator('[data-testid="alert-comments"] textarea')
          await box.fill('Xe đã được kéo đi')
          await desk.page.locator('[data-testid="alert-comments"] button[type="submit"]').click()
          await desk.page
            .locator('[data-testid="alert-comments"]', { hasText: 'Xe đã được kéo đi' })
            .waitFor({ timeout: 15_000 })
          // r: resolved with a note
          await list.focus()
          await desk.page.keyboard.press('r')
          await desk.page.getByTestId('resolve-dialog').locator('textarea').fill('Đường đã thông')
          await desk.page.getByTestId('resolve-dialog').locator('button[type="submit"]').click()
          await expect.poll(() => desk.page.getByTestId('resolve-dialog').count()).toBe(0)
          await desk.page.screenshot({ path: join(outputDir, 'alert-console-resolved-vi.png') })
          const detail = await get(`/api/alerts/${alert!.id}`, alertDetailSchema)
          expect(detail.alert).toMatchObject({ status: 'cleared', assignee: 'traffic' })
          const done = detail.events.filter((e) => e.actor === 'traffic')
          expect(done.map((e) => e.action)).toEqual(['assigned', 'commented', 'commented', 'resolved'])
          expect(done.map((e) => e.detail)).toEqual([
            { assignee: 'traffic', previous: null },
            { text: 'Đã cử CSGT tới hiện trường' },
            { text: 'Xe đã được kéo đi' },
            { note: 'Đường đã thông' },
          ])
          // the page's timeline says the same, from the same trail
          await expect
            .poll(() => desk.page.locator('[data-testid="alert-timeline"] li').count(), { timeout: 15_000 })
            .toBeGreaterThanOrEqual(5)
        } catch (err) {
          await failed(desk.page, 'work', err)
        } finally {
          await desk.context.close()
        }
      } finally {
        await removeRules([rule])
      }
    })

    it("a supervisor reads the shifts' report: the api's figures, by domain and by shift, and its CSV", async () => {
      for (const locale of ['vi', 'en'] as const) {
        const desk = await openConsole('traffic', locale, '')
        try {
          await desk.page.getByTestId('report-link').click()
          const answer = desk.page.waitForResponse((r) => r.url().includes('/api/alerts/report?'))
          await desk.page.getByTestId('alert-report').waitFor()
          const report = alertReportSchema.parse(await (await answer).json())
          const table = desk.page.getByTestId('report-table')
          await table.waitFor({ timeout: 15_000 })
          const total = table.locator('tr.console-report__total td').first()
          expect(Number((await total.textContent())!.replace(/[.,]/g, ''))).toBe(report.overall.total)
          expect(await table.locator('tbody tr').count()).toBe(report.rows.length + 1)
          const byShift = desk.page.waitForResponse((r) => r.url().includes('groupBy=shift'))
          await desk.page.getByTestId('report-group').selectOption('shift')
          const shifts = alertReportSchema.parse(await (await byShift).json())
          await expect.poll(() => table.locator('tbody tr').count()).toBe(shifts.rows.length + 1)
          expect(shifts.overall.total).toBe(report.overall.total)
          const download = desk.page.waitForEvent('download')
          await desk.page.getByTestId('report-csv').click()
          const csv = await (await (await download).createReadStream()).toArray()
          expect(Buffer.concat(csv).toString('utf8').split('\n')[0]).toMatch(/shift/)
          expect(await cutText(desk.page)).toEqual([])
          await desk.page.screenshot({ path: join(outputDir, `alert-report-${locale}.png`) })
        } catch (err) {
          await failed(desk.page, `report-${locale}`, err)
        } finally {
          await desk.context.close()
        }
      }
    })
  })
}
