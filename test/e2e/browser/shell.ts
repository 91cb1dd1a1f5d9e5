import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loginAs, newScreen, outputDir, type SharedDemo } from '../support/shared-demo.js'

/** The shell: login, role homes, language, the wall's layout, screenshots in both languages. */
export function shellTests(shared: () => SharedDemo): void {
  describe('dashboard shell', () => {
    it('an operator signs in and lands on the wall, live, with the system status in the header', async () => {
      const { context, page } = await newScreen(shared())
      try {
        await page.goto(shared().url('/wall'))
        await page.waitForURL(/\/login\?next=%2Fwall/)
        await page.getByLabel('Tên đăng nhập').waitFor()
        await page.screenshot({ path: join(outputDir, 'login-vi.png') })
        await page.getByLabel('Tên đăng nhập').fill('operator')
        await page.getByLabel('Mật khẩu').fill('wrong password')
        await page.getByRole('button', { name: 'Đăng nhập' }).click()
        await expect
          .poll(() => page.getByTestId('login-error').textContent())
          .toBe('Sai tên đăng nhập hoặc mật khẩu.')
        await loginAs(shared(), page, 'operator', '/wall')
        expect(new URL(page.url()).pathname).toBe('/wall')
        await expect
          .poll(() => page.getByTestId('live-pill').getAttribute('data-state'), { timeout: 15_000 })
          .toBe('live')
        await expect
          .poll(() => page.getByTestId('health-indicator').textContent(), { timeout: 15_000 })
          .toMatch(/Hoạt động|Suy giảm/)
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi')
        // One round trip: the wall's page is busy drawing the map and sixteen players.
        const rects = await page.evaluate(() =>
          ['wall-map', 'wall-video', 'wall-kpis', 'wall-ticker', 'shell-header'].map((id) => {
            const el = document.querySelector(`[data-testid="${id}"], .${id}`)
            const r = el?.getBoundingClientRect()
            return { id, right: r?.right ?? -1, bottom: r?.bottom ?? -1, height: r?.height ?? -1 }
          }),
        )
        for (const r of rects) {
          expect(r.right, r.id).toBeGreaterThan(0)
          expect(r.right, r.id).toBeLessThanOrEqual(1920)
          expect(r.bottom, r.id).toBeLessThanOrEqual(1080) // one screen, no scrolling
        }
        // one row: the wall keeps its height for the map and the tiles
        expect(rects.find((r) => r.id === 'shell-header')!.height).toBeLessThan(90)
        // and the screen's title whole on it, not ellipsed
        const titleCut = await page
          .locator('.shell-title')
          .evaluate((e) => e.scrollWidth - e.clientWidth)
        expect(titleCut, 'pixels of the title cut off').toBeLessThanOrEqual(0)
        await wallAtWork(page)
        await page.screenshot({ path: join(outputDir, 'wall-vi.png') })
        // The header's actions, on a screen without the wall's alert pop-up (which is modal).
        await page.goto(shared().url('/kpi'))
        await page.getByTestId('kpi-page').waitFor()
        await page.getByTestId('health-indicator').click()
        await expect.poll(() => page.getByTestId('db').textContent()).toContain('timescaledb')
        await page.keyboard.press('Escape')
        // English, kept across a reload
        await page.getByRole('button', { name: /English/ }).click()
        await page.getByRole('link', { name: 'Wall' }).waitFor()
        await page.goto(shared().url('/wall'))
        await page.getByRole('link', { name: 'Wall' }).waitFor()
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
        await wallAtWork(page)
        await page.screenshot({ path: join(outputDir, 'wall-en.png') })
      } finally {
        await context.close()
      }
    })

    it('the login page in English', async () => {
      const { context, page } = await newScreen(shared(), { locale: 'en' })
      try {
        await page.goto(shared().url('/login'))
        await page.getByLabel('Username').waitFor()
        await page.screenshot({ path: join(outputDir, 'login-en.png') })
      } finally {
        await context.close()
      }
    })

    it('each role starts on its own screen: leaders on /kpi, traffic and security on /alerts', async () => {
      for (const [user, home] of [
        ['leader', '/kpi'],
        ['traffic', '/alerts'],
        ['security', '/alerts'],
        ['admin', '/wall'],
      ] as const) {
        const { context, page } = await newScreen(shared(), { width: 1180, height: 820 })
        try {
          await loginAs(shared(), page, user)
          await page.waitForURL((u) => u.pathname === home)
          expect(await page.getByTestId('shell-user').textContent()).toContain(user)
        } finally {
          await context.close()
        }
      }
    })

    it('an admin route is refused to a leader with the reason, and the session survives a reload', async () => {
      const { context, page } = await newScreen(shared(), { locale: 'en', width: 1180, height: 820 })
      try {
        await loginAs(shared(), page, 'leader')
        await page.goto(shared().url('/admin/users'))
        await page.getByRole('heading', { name: 'Not allowed' }).waitFor()
        await page.goto(shared().url('/kpi'))
        await page.getByTestId('kpi-page').waitFor() // still signed in after a full load
      } finally {
        await context.close()
      }
    })
  })
}

/** The picture of a wall at work, not of its chunks loading: map drawn, strip, ticker, a tile playing. */
async function wallAtWork(page: Page): Promise<void> {
  await page.locator('[data-testid="map-province"][data-ready="true"]').waitFor({ timeout: 60_000 })
  await page.getByTestId('kpi-strip').waitFor({ timeout: 30_000 })
  await page.getByTestId('alert-ticker').waitFor({ timeout: 30_000 })
  await page.locator('.wall-tile[data-playing="true"]').first().waitFor({ timeout: 60_000 })
  await page.waitForTimeout(2000)
}
