import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { streams } from '@ioc/contracts'
import mqtt from 'mqtt'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  demoPassword,
  loginAs,
  newScreen,
  outputDir,
  waitFor,
  type SharedDemo,
} from '../support/shared-demo.js'

// Values of the demo's district figures: the catalog's published history has provinces only.
const kpiId = 'qnam-ho-so-tren-mang'
const districtValues = [
  { period: '2024', value: 72, scope: 'district', area: 'Tam Kỳ', source: 'Sở TT&TT Quảng Nam (kiểm thử)' },
  { period: '2025', value: 81, scope: 'district', area: 'Tam Kỳ', source: 'Sở TT&TT Quảng Nam (kiểm thử)' },
  { period: '2025', value: 95, scope: 'district', area: 'Hội An', source: 'Sở TT&TT Quảng Nam (kiểm thử)' },
  { period: '2024', value: 50, scope: 'district', area: 'Điện Bàn', source: 'Sở TT&TT Quảng Nam (kiểm thử)' },
  { period: '2025', value: 54, scope: 'district', area: 'Điện Bàn', source: 'Sở TT&TT Quảng Nam (kiểm thử)' },
]
const servicePassword = process.env.IOC_BROKER_SERVICE_PASSWORD ?? 'ioc-service-demo'
// the wall's map and video code: never downloaded by the KPI screen
const wallOnlyChunk = /\/assets\/(?:maplibre|mpegts|ProvinceMap|deck|WallPage)[-.]/
const tablet = [
  { width: 820, height: 1180, name: 'portrait' },
  { width: 1180, height: 820, name: 'landscape' },
] as const

async function adminPost(shared: SharedDemo, path: string, body: unknown): Promise<void> {
  const login = await fetch(shared.api('/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: demoPassword }),
  })
  const { accessToken } = (await login.json()) as { accessToken: string }
  const res = await fetch(shared.api(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

/** What a leader would call broken on a tablet: sideways scrolling, cut text, targets under 44 px. */
async function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = []
    if (document.documentElement.scrollWidth > window.innerWidth)
      faults.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`)
    for (const el of document.querySelectorAll<HTMLElement>('.kpi-page a, .kpi-page button')) {
      const r = el.getBoundingClientRect()
      if (r.height < 44 || r.width < 44) faults.push(`small target ${r.width}x${r.height}: ${el.textContent}`)
    }
    // the shell's header too: its live pill was cut to "…" on a portrait tablet while offline
    for (const el of document.querySelectorAll<HTMLElement>('.kpi-page *, .shell-header *')) {
      if (
        el.children.length === 0 &&
        el.scrollWidth > el.clientWidth + 1 &&
        getComputedStyle(el).overflow !== 'visible'
      )
        faults.push(`cut text: ${el.textContent}`)
      if (el.children.length === 0 && el.getBoundingClientRect().right > window.innerWidth + 1)
        faults.push(`off screen: ${el.textContent}`)
    }
    return faults
  })
}

/** The leaders' tablet screen against the running demo: targets, who is behind, detail, offline. */
export function kpiTabletTests(shared: () => SharedDemo): void {
  describe('KPI screen on a tablet', () => {
    it('a leader sees the plan KPIs with targets and progress, who is behind, a KPI in detail, and keeps the figures offline', async () => {
      await adminPost(shared(), `/api/kpis/${kpiId}/values`, districtValues)
      const catalog = (await (
        await fetch(shared().api('/api/kpis'), { headers: await leaderAuth(shared()) })
      ).json()) as {
        id: string
      }[]
      const { context, page } = await newScreen(shared(), { width: 820, height: 1180, touch: true })
      try {
        await loginAs(shared(), page, 'leader')
        await page.waitForURL((u) => u.pathname === '/kpi')
        await page.getByTestId('kpi-card').first().waitFor({ timeout: 30_000 })
        // every plan KPI, in Vietnamese, each with its target (or the plan's lack of one)
        expect(await page.getByTestId('kpi-card').count()).toBe(catalog.length)
        const card = page.locator(`[data-testid="kpi-card"][data-kpi="${kpiId}"]`)
        await expect
          .poll(() => card.textContent())
          .toContain('Hồ sơ công việc được xử lý trên môi trường mạng')
        expect(await card.textContent()).toMatch(/Mục tiêu ≥ 90% \(2030\)/) // the latest figure is a district's: its target
        expect(await page.locator('[data-testid="kpi-card"] .kpi-target').count()).toBe(catalog.length)
        expect(await page.locator('[data-testid="kpi-card"] [role="progressbar"]').count()).toBeGreaterThan(0)
        // the district furthest behind its target comes first
        const behind = page.getByTestId('kpi-behind-row')
        await expect
          .poll(() => behind.first().getAttribute('data-area'), { timeout: 10_000 })
          .toBe('Điện Bàn')
        expect(await behind.first().textContent()).toContain('thiếu 36 điểm %')
        await page.getByTestId('kpi-city').waitFor({ timeout: 30_000 })
        await expect
          .poll(() => page.getByTestId('kpi-freshness').getAttribute('data-state'), { timeout: 30_000 })
          .toBe('live')
        expect(await layoutFaults(page)).toEqual([])
        await page.screenshot({ path: join(outputDir, 'kpi-portrait-vi.png') })

        await card.tap()
        await page.getByTestId('kpi-detail').waitFor()
        // the target drawn across the history (an SVG line has no height: attached, not "visible")
        await page
          .locator('[data-testid="kpi-history"] svg .recharts-reference-line')
          .first()
          .waitFor({ state: 'attached' })
        expect(await page.getByTestId('kpi-history').textContent()).toContain('Mục tiêu 2030: 90%')
        const areas = page.getByTestId('kpi-area')
        await expect.poll(() => areas.first().getAttribute('data-area')).toBe('Điện Bàn')
        expect(await areas.first().getAttribute('data-status')).toBe('behind')
        await page.locator('[data-testid="kpi-area"][data-area="Tam Kỳ"]').tap()
        await expect.poll(() => page.locator('.kpi-detail h2').first().textContent()).toContain('Tam Kỳ')
        // the api's file (GET /api/kpis/{id}/values?format=csv), saved as it came
        const download = page.waitForEvent('download')
        const asked = page.waitForRequest((r) => r.url().includes(`/api/kpis/${kpiId}/values?format=csv`))
        await page.getByTestId('kpi-export').tap()
        await asked
        const csv = await readFile((await (await download).path())!, 'utf8')
        expect(csv.split('\r\n')[0]).toBe('\uFEFFperiod,ts,value,scope,area,source,target,progress')
        expect(csv).toContain(
          '2025,2024-12-31T17:00:00.000Z,54,district,Điện Bàn,Sở TT&TT Quảng Nam (kiểm thử),90,0.6',
        )
        expect(await layoutFaults(page)).toEqual([])
        await page.screenshot({ path: join(outputDir, 'kpi-detail-portrait-vi.png'), fullPage: true })

        // Wi-Fi gone: the figures stay, said to be as of the time they were fetched
        await context.setOffline(true)
        const freshness = page.getByTestId('kpi-freshness')
        await expect.poll(() => freshness.getAttribute('data-state'), { timeout: 10_000 }).toBe('offline')
        expect(await freshness.textContent()).toMatch(/^Ngoại tuyến — số liệu lúc \d\d:\d\d$/)
        await page.getByRole('link', { name: /Tất cả chỉ tiêu/ }).tap()
        await page.getByTestId('kpi-card').first().waitFor()
        expect(await page.getByTestId('kpi-card').count()).toBe(catalog.length)
        expect(await card.getByTestId('kpi-value').textContent()).not.toBe('—')
        await page.screenshot({ path: join(outputDir, 'kpi-offline-portrait-vi.png') })

        // back: live again, and a value reported meanwhile shows up by itself
        await context.setOffline(false)
        await expect.poll(() => freshness.getAttribute('data-state'), { timeout: 45_000 }).toBe('live')
        await adminPost(shared(), `/api/kpis/${kpiId}/values`, [
          { period: '2026', value: 99.5, scope: 'province', area: 'Quảng Nam', source: 'kiểm thử' },
        ])
        await waitFor(
          'the new value on the card',
          async () => (await card.getByTestId('kpi-value').textContent()) === '99,5%',
          15_000,
        )
      } finally {
        await context.close()
      }
    })

    it('installed as a PWA, reloads offline with the last figures and their time, catches up, and takes MQTT values within 2 s', async () => {
      const { context, page } = await newScreen(shared(), { width: 820, height: 1180, touch: true })
      const scripts = new Map<string, Promise<number>>()
      page.on('response', (res) => {
        if (res.url().endsWith('.js') && new URL(res.url()).pathname.startsWith('/assets/'))
          scripts.set(
            res.url(),
            res.body().then((b) => gzipSync(b).length),
          )
      })
      const card = page.locator(`[data-testid="kpi-card"][data-kpi="${kpiId}"]`)
      const value = () => card.getByTestId('kpi-value').textContent()
      const pageLog: string[] = [] // said when a step fails
      page.on('console', (m) => pageLog.push(`console ${m.type()} ${m.text()}`))
      page.on('pageerror', (e) => pageLog.push(`pageerror ${e.message}`))
      page.on('requestfailed', (r) => pageLog.push(`failed ${r.url()} ${r.failure()?.errorText}`))
      try {
        await adminPost(shared(), `/api/kpis/${kpiId}/values`, [
          { period: '2026', value: 97.1, scope: 'province', area: 'Quảng Nam', source: 'kiểm thử' },
        ])
        await loginAs(shared(), page, 'leader', '/kpi')
        await page.getByTestId('kpi-card').first().waitFor({ timeout: 30_000 })
        await expect
          .poll(() => page.getByTestId('kpi-freshness').getAttribute('data-state'), { timeout: 30_000 })
          .toBe('live')
        // the demo serves a production build (React's development build says this in the console)
        expect(pageLog.filter((l) => l.includes('React DevTools'))).toEqual([])
        const kpiJs = [...scripts.keys()]
        expect(
          kpiJs.filter((u) => wallOnlyChunk.test(u)),
          'the KPI route loads no map or video code',
        ).toEqual([])
        const kpiGzip = (await Promise.all(scripts.values())).reduce((a, b) => a + b, 0)
        // installable: a manifest with a start URL and icons, and a service worker controlling the page
        const manifest = (await (await fetch(shared().url('/manifest.webmanifest'))).json()) as {
          start_url: string
          display: string
          icons: { sizes: string }[]
        }
        expect(manifest).toMatchObject({ start_url: '/kpi', display: 'standalone' })
        expect(manifest.icons.map((i) => i.sizes)).toContain('512x512')
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
          timeout: 30_000,
        })
        // the offline copy of the figures is written (at most once a second)
        await page.waitForFunction(() => localStorage.getItem('ioc.kpi.cache') !== null, null, {
          timeout: 10_000,
        })
        const before = await value()
        expect(before).toBe('97,1%')

        // first paint of the KPI cards, the shell from the service worker, the figures from the api
        const paint: number[] = []
        for (let i = 0; i < 3; i++) {
          await page.goto(shared().url('/kpi'))
          paint.push(
            (await (
              await page.waitForFunction(
                () => (document.querySelector('[data-testid="kpi-card"]') ? performance.now() : null),
                null,
                { polling: 'raf', timeout: 30_000 },
              )
            ).jsonValue()) as number,
          )
        }

        // Wi-Fi gone, and the page reloaded: the shell comes from the service worker, the figures
        // from the offline copy, said to be as of the time they were fetched
        const copyBefore = await page.evaluate(() => localStorage.getItem('ioc.kpi.cache')?.length ?? 0)
        await context.setOffline(true)
        const reload = await page.reload()
        pageLog.push(
          `offline copy: ${copyBefore} chars before the reload, ${await page.evaluate(() => localStorage.getItem('ioc.kpi.cache')?.length ?? 0)} after`,
        )
        expect(reload?.fromServiceWorker(), 'the page itself from the service worker').toBe(true)
        await card.waitFor({ timeout: 15_000 }).catch(async (e) => {
          console.log(
            'the page after the offline reload:',
            await page.locator('body').innerText(),
            pageLog.join('\n'),
          )
          await page.screenshot({ path: join(outputDir, 'kpi-offline-reload-failed.png') })
          throw e
        })
        expect(await value()).toBe(before)
        const freshness = page.getByTestId('kpi-freshness')
        await expect.poll(() => freshness.getAttribute('data-state'), { timeout: 10_000 }).toBe('offline')
        expect(await freshness.textContent()).toMatch(/^Ngoại tuyến — số liệu lúc \d\d:\d\d$/)
        await page.screenshot({ path: join(outputDir, 'kpi-offline-reload-portrait-vi.png') })

        // a value reported while the tablet was offline shows up by itself when the network returns
        await adminPost(shared(), `/api/kpis/${kpiId}/values`, [
          { period: '2026', value: 98.2, scope: 'province', area: 'Quảng Nam', source: 'kiểm thử' },
        ])
        await new Promise((ok) => setTimeout(ok, 1000))
        expect(await value()).toBe(before)
        await context.setOffline(false)
        await waitFor(
          'the value reported while offline',
          async () => (await value()) === '98,2%',
          45_000,
        ).catch(async (e) => {
          console.log('the card shows', await value(), pageLog.join('\n'))
          throw e
        })
        await expect.poll(() => freshness.getAttribute('data-state'), { timeout: 30_000 }).toBe('live')

        // a value published by a province system over MQTT (streams.kpiValues)
        const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${shared().demo.ports.mqtt}`, {
          username: 'ioc-service',
          password: servicePassword,
          clientId: `e2e-kpi-${process.pid}-${Date.now()}`,
        })
        let delayMs: number
        try {
          const seen = page.waitForFunction(
            (id) => {
              const el = document.querySelector(
                `[data-testid="kpi-card"][data-kpi="${id}"] [data-testid="kpi-value"]`,
              )
              return el?.textContent === '96,4%'
            },
            kpiId,
            { polling: 'raf', timeout: 10_000 },
          )
          const sentAt = Date.now()
          await client.publishAsync(
            streams.kpiValues.topic({ kpiId }),
            JSON.stringify([
              { period: '2026', value: 96.4, scope: 'province', area: 'Quảng Nam', source: 'kiểm thử MQTT' },
            ]),
            { qos: 1 },
          )
          await seen
          delayMs = Date.now() - sentAt
        } finally {
          await client.endAsync()
        }

        // the wall's JavaScript, for comparison (an operator's first load)
        const wall = await newScreen(shared())
        const wallScripts: Promise<number>[] = []
        wall.page.on('response', (res) => {
          if (res.url().endsWith('.js') && new URL(res.url()).pathname.startsWith('/assets/'))
            wallScripts.push(res.body().then((b) => gzipSync(b).length))
        })
        try {
          await loginAs(shared(), wall.page, 'operator', '/wall')
          await wall.page.locator('.video-wall').waitFor({ timeout: 30_000 })
          await wall.page.waitForLoadState('networkidle').catch(() => {})
        } finally {
          await wall.context.close()
        }
        const wallGzip = (await Promise.all(wallScripts)).reduce((a, b) => a + b, 0)
        console.log(
          `[kpi] first KPI paint ${paint.map((ms) => Math.round(ms)).join(', ')} ms (goal < 1500); MQTT value on screen in ${delayMs} ms (goal < 2000); JS gzip: /kpi ${(kpiGzip / 1024).toFixed(1)} kB in ${kpiJs.length} files, /wall ${(wallGzip / 1024).toFixed(1)} kB in ${wallScripts.length} files`,
        )
        expect(delayMs, 'MQTT value on the KPI screen').toBeLessThan(2000)
        expect(kpiGzip).toBeLessThan(wallGzip)
      } finally {
        await context.close()
      }
    })

    it('reads well at both tablet sizes in both languages', async () => {
      for (const size of tablet)
        for (const locale of ['vi', 'en'] as const) {
          const { context, page } = await newScreen(shared(), { ...size, locale, touch: true })
          try {
            await loginAs(shared(), page, 'leader', '/kpi')
            await page.getByTestId('kpi-card').first().waitFor({ timeout: 30_000 })
            await page.getByTestId('kpi-city').waitFor({ timeout: 30_000 })
            await expect
              .poll(() => page.getByTestId('kpi-freshness').getAttribute('data-state'), { timeout: 30_000 })
              .toBe('live')
            expect(await page.locator('.kpi-section h2').first().textContent()).toBe(
              locale === 'vi' ? 'Đơn vị chưa đạt' : 'Behind target',
            )
            // AQI by district on the small SVG map: the site's outline, a figure per district with stations
            const map = page.getByTestId('kpi-aqi-map')
            await map.waitFor({ timeout: 30_000 })
            expect(await map.locator('path').count()).toBeGreaterThan(0)
            expect(await map.getByTestId('kpi-aqi-dot').count()).toBe(
              await page.locator('[data-testid="kpi-city-aqi"] .kpi-city__pair').count(),
            )
            expect(await layoutFaults(page), `${size.name} ${locale}`).toEqual([])
            await page.screenshot({ path: join(outputDir, `kpi-${size.name}-${locale}.png`) })
            // Wi-Fi gone: the header's pill says so in a word, whole, beside the figures' time
            await context.setOffline(true)
            await expect
              .poll(() => page.getByTestId('kpi-freshness').getAttribute('data-state'), { timeout: 10_000 })
              .toBe('offline')
            expect(await page.getByTestId('live-pill').textContent()).toBe(
              locale === 'vi' ? 'Mất mạng' : 'Offline',
            )
            // the system's health is unknown from here, not "up" from the last answer
            expect(await page.getByTestId('health-indicator').textContent()).toBe(
              locale === 'vi' ? 'Không rõ' : 'Unknown',
            )
            expect(await layoutFaults(page), `offline ${size.name} ${locale}`).toEqual([])
            await page.screenshot({ path: join(outputDir, `kpi-${size.name}-${locale}-offline.png`) })
            await context.setOffline(false)
            await expect
              .poll(() => page.getByTestId('kpi-freshness').getAttribute('data-state'), { timeout: 45_000 })
              .toBe('live')
            await map.scrollIntoViewIfNeeded()
            await page.screenshot({ path: join(outputDir, `kpi-city-${size.name}-${locale}.png`) })
            await page.evaluate(() => window.scrollTo(0, 0))
            // the plan targets by pillar of the digital transformation programme, then by plan again
            const cards = await page.getByTestId('kpi-card').count()
            await page.getByTestId('kpi-groupby-pillar').tap()
            const groups = page.getByTestId('kpi-plan')
            await expect
              .poll(() => groups.evaluateAll((els) => els.map((e) => e.getAttribute('data-group'))))
              .toEqual(['digital_government', 'digital_economy', 'digital_society', 'all'])
            expect(await groups.locator('h3').allTextContents()).toEqual(
              locale === 'vi'
                ? ['Chính quyền số', 'Kinh tế số', 'Xã hội số', 'Chỉ số tổng hợp (cả ba trụ cột)']
                : [
                    'Digital government',
                    'Digital economy',
                    'Digital society',
                    'Overall indices (all three pillars)',
                  ],
            )
            expect(await page.getByTestId('kpi-card').count()).toBe(cards)
            expect(await layoutFaults(page), `pillars ${size.name} ${locale}`).toEqual([])
            await page.locator('#kpi-plans').scrollIntoViewIfNeeded()
            await page.screenshot({ path: join(outputDir, `kpi-pillars-${size.name}-${locale}.png`) })
            await page.getByTestId('kpi-groupby-plan').tap()
            await expect.poll(() => groups.first().getAttribute('data-group')).toMatch(/^Quảng Nam/)
            await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }))
            await page.locator(`[data-testid="kpi-card"][data-kpi="${kpiId}"]`).tap()
            await page.locator('[data-testid="kpi-history"] svg').waitFor()
            expect(await layoutFaults(page), `detail ${size.name} ${locale}`).toEqual([])
            await page.screenshot({
              path: join(outputDir, `kpi-detail-${size.name}-${locale}.png`),
              fullPage: true,
            })
          } finally {
            await context.close()
          }
        }
    })

    it('keeps the figures when the Wi-Fi drops in the middle of an answer, also after a reload offline', async () => {
      // An answer cut after its headers and part of its body, as the Wi-Fi going mid-transfer does:
      // the one way found by which the offline copy lost the catalog ("no figures kept", 1 run in 6)
      const cutter = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('[{"id":"qnam-ho-so-tren-mang","name":{"vi":"Hồ sơ')
        setTimeout(() => res.socket?.destroy(), 100)
      })
      await new Promise<void>((ok) => cutter.listen(0, '127.0.0.1', ok))
      const { context, page } = await newScreen(shared(), { width: 820, height: 1180, touch: true })
      const card = page.locator(`[data-testid="kpi-card"][data-kpi="${kpiId}"]`)
      const freshness = page.getByTestId('kpi-freshness')
      try {
        await loginAs(shared(), page, 'leader', '/kpi')
        await card.waitFor({ timeout: 30_000 })
        await expect.poll(() => freshness.getAttribute('data-state'), { timeout: 30_000 }).toBe('live')
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
          timeout: 30_000,
        })
        await page.waitForFunction(() => localStorage.getItem('ioc.kpi.cache')?.includes('"catalog"'), null, {
          timeout: 10_000,
        })
        // the next GET /api/kpis is answered by the cutter; a value reported now makes the page ask
        const port = (cutter.address() as AddressInfo).port
        await page.route(
          (u) => u.pathname === '/api/kpis',
          (route) => route.continue({ url: `http://127.0.0.1:${port}/api/kpis` }),
          { times: 1 },
        )
        // the body never arrives whole: the request fails after its answer began
        const cut = page.waitForEvent('requestfailed', {
          predicate: (r) => new URL(r.url()).pathname === '/api/kpis',
          timeout: 15_000,
        })
        await adminPost(shared(), `/api/kpis/${kpiId}/values`, [
          { period: '2026', value: 95.5, scope: 'province', area: 'Quảng Nam', source: 'kiểm thử' },
        ])
        expect(await (await cut).response(), 'the cut came after the answer began').not.toBeNull()
        await new Promise((ok) => setTimeout(ok, 1500)) // the copy is written at most once a second
        await context.setOffline(true)
        await page.reload()
        await card.waitFor({ timeout: 15_000 }).catch(async (e) => {
          console.log(
            'after the reload offline the page says:',
            await freshness.textContent().catch(() => null),
          )
          throw e
        })
        await expect.poll(() => freshness.getAttribute('data-state'), { timeout: 10_000 }).toBe('offline')
        expect(await freshness.textContent()).toMatch(/^Ngoại tuyến — số liệu lúc \d\d:\d\d$/)
      } finally {
        await context.close()
        cutter.closeAllConnections()
        cutter.close()
      }
    })

    it('swipes between the overview sections with a finger', async () => {
      const { context, page } = await newScreen(shared(), { width: 820, height: 1180, touch: true })
      try {
        await loginAs(shared(), page, 'leader', '/kpi')
        await page.getByTestId('kpi-card').first().waitFor({ timeout: 30_000 })
        await page.getByTestId('kpi-city').waitFor({ timeout: 30_000 })
        // a finger swiping leftwards goes to the next section, rightwards back (no hover, no tab);
        // each stroke starts just under the tab bar, on a section's title, not on a link
        const top = (id: string) =>
          page.locator(`#kpi-${id}`).evaluate((e) => e.getBoundingClientRect().top, null, { timeout: 2000 })
        const bar = await page.locator('.kpi-tabs').evaluate((e) => e.getBoundingClientRect().bottom)
        const at = async (id: string) => {
          const t = await top(id).catch(async () => {
            throw new Error(`no #kpi-${id} on ${page.url()}`)
          })
          return t >= 0 && t <= bar + 40
        }
        await swipe(page, -1, bar + 24)
        await expect.poll(() => at('city'), { timeout: 5000 }).toBe(true)
        await swipe(page, -1, bar + 24)
        await expect.poll(() => at('plans'), { timeout: 5000 }).toBe(true)
        await swipe(page, 1, bar + 24)
        await expect.poll(() => at('city'), { timeout: 5000 }).toBe(true)
      } finally {
        await context.close()
      }
    })

    it('an admin enters a value and uploads a CSV; a file with bad lines is refused whole with its errors', async () => {
      const { context, page } = await newScreen(shared(), { width: 1180, height: 820, touch: true })
      try {
        await loginAs(shared(), page, 'admin', `/kpi/${kpiId}`)
        const entry = page.getByTestId('kpi-entry')
        await entry.waitFor({ timeout: 30_000 })
        const result = page.getByTestId('kpi-entry-result')
        const before = await (
          await fetch(shared().api(`/api/kpis/${kpiId}/values`), { headers: await leaderAuth(shared()) })
        ).json()
        // a file with two bad lines: nothing imported, each line's error shown
        await page.getByTestId('kpi-entry-csv').setInputFiles({
          name: 'so-lieu.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(
            'period,ts,value,scope,area,source\n2027,,88,district,Hội An,kiểm thử\n2027,,nhiều,district,Tam Kỳ,kiểm thử\n20x7,,70,district,Điện Bàn,kiểm thử\n',
          ),
        })
        await page.getByTestId('kpi-entry-errors').waitFor({ timeout: 10_000 })
        expect(await result.textContent()).toContain('so-lieu.csv: 2 dòng lỗi, không nhập dòng nào.')
        expect(await page.getByTestId('kpi-entry-errors').locator('li').allTextContents()).toEqual([
          expect.stringMatching(/^line 3: /),
          expect.stringMatching(/^line 4: /),
        ])
        const after = await (
          await fetch(shared().api(`/api/kpis/${kpiId}/values`), { headers: await leaderAuth(shared()) })
        ).json()
        expect(after).toEqual(before)
        expect(await layoutFaults(page)).toEqual([])
        await entry.scrollIntoViewIfNeeded()
        await page.screenshot({ path: join(outputDir, 'kpi-entry-refused-landscape-vi.png') })

        // one value by hand: stored, and the page's figures follow by the push
        await entry.locator('input[name="period"]').fill('2027')
        await entry.locator('input[name="value"]').fill('91,5')
        await entry.locator('select[name="scope"]').selectOption('district')
        await entry.locator('input[name="area"]').fill('Hội An')
        await page.getByTestId('kpi-entry-submit').tap()
        await expect.poll(() => result.textContent(), { timeout: 10_000 }).toBe('Đã lưu 1 giá trị.')
        await expect
          .poll(() => page.locator('[data-testid="kpi-area"][data-area="Hội An"]').textContent(), {
            timeout: 10_000,
          })
          .toContain('91,5%')
      } finally {
        await context.close()
      }
    })

    it('prints the targets and who is behind on A4, in Vietnamese', async () => {
      const catalog = (await (
        await fetch(shared().api('/api/kpis'), { headers: await leaderAuth(shared()) })
      ).json()) as { name: { vi: string } }[]
      const { context, page } = await newScreen(shared(), { width: 1180, height: 820 })
      try {
        await loginAs(shared(), page, 'leader', '/kpi')
        await page.getByTestId('kpi-card').first().waitFor({ timeout: 30_000 })
        await page.getByTestId('kpi-city').waitFor({ timeout: 30_000 })
        await page.emulateMedia({ media: 'print' })
        expect(await page.locator('.shell-header').isVisible()).toBe(false)
        expect(await page.locator('.kpi-tabs').isVisible()).toBe(false)
        const text = await page.getByTestId('kpi-page').innerText()
        for (const kpi of catalog) expect(text).toContain(kpi.name.vi)
        expect(text).toContain('Đơn vị chưa đạt')
        expect(text).toContain('Điện Bàn')
        await page.screenshot({ path: join(outputDir, 'kpi-print-vi.png'), fullPage: true })
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          path: join(outputDir, 'kpi-print-vi.pdf'),
        })
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      } finally {
        await context.close()
      }
    })
  })
}

/** A one-finger sideways stroke across the middle of the screen, as Chromium gets it from a touchscreen. */
async function swipe(page: Page, direction: -1 | 1, y: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  const { width } = page.viewportSize()!
  const from = width / 2 - (direction * width) / 3
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from, y }] })
    for (let i = 1; i <= 8; i++)
      await cdp.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: [{ x: from + ((direction * (2 * width)) / 3) * (i / 8), y: y + i }],
      })
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  } finally {
    await cdp.detach()
  }
}

async function leaderAuth(shared: SharedDemo): Promise<Record<string, string>> {
  const res = await fetch(shared.api('/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: demoPassword }),
  })
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` }
}
