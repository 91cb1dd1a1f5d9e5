import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
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
    for (const el of document.querySelectorAll<HTMLElement>('.kpi-page *')) {
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
        const download = page.waitForEvent('download')
        await page.getByTestId('kpi-export').tap()
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
            expect(await layoutFaults(page), `${size.name} ${locale}`).toEqual([])
            await page.screenshot({ path: join(outputDir, `kpi-${size.name}-${locale}.png`) })
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

async function leaderAuth(shared: SharedDemo): Promise<Record<string, string>> {
  const res = await fetch(shared.api('/api/auth/login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'leader', password: demoPassword }),
  })
  return { authorization: `Bearer ${((await res.json()) as { accessToken: string }).accessToken}` }
}
