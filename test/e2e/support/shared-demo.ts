import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from './browser.js'
import { repoRoot, startDemo, type DemoProcess } from './demo-process.js'

/**
 * The one demo every browser test shares (starting `npm run demo` takes most of a minute on this
 * machine). demo.test.ts starts it in its beforeAll and runs the describe blocks of browser/*.ts
 * against it; a new browser test is a function there taking this object.
 */
export interface SharedDemo {
  demo: DemoProcess
  browser: Browser
  /** The dashboard's address for a path, e.g. url('/wall?kiosk=1') (the api's port unless IOC_DASHBOARD_DEV). */
  url(path: string): string
  /** The api's address for a path (tests that check what the page shows against the api). */
  api(path: string): string
}

export const demoUsers = ['admin', 'operator', 'leader', 'traffic', 'security'] as const
export type DemoUser = (typeof demoUsers)[number]
export const demoPassword = process.env.IOC_DEMO_PASSWORD ?? 'ioc-demo'

/** Screenshots kept as test output (gitignored), for people to look at. */
export const outputDir = join(repoRoot, 'test-output', 'e2e')

export async function startSharedDemo(extraEnv: Record<string, string> = {}): Promise<SharedDemo> {
  const demo = await startDemo(extraEnv)
  // the first run builds the dashboard (and the api serves it): minutes on a busy 2-core machine
  await demo.waitForOutput(/\[demo\] ready in/, 300_000)
  const browser = await launchChromium()
  await mkdir(outputDir, { recursive: true })
  return {
    demo,
    browser,
    url: (path) => `http://127.0.0.1:${demo.ports.dashboard}${path}`,
    api: (path) => `http://127.0.0.1:${demo.ports.api}${path}`,
  }
}

/**
 * A fresh browser context (own localStorage) in `locale`, at the wall's size unless told; `touch`
 * makes it a tablet (touch events, mobile viewport) as the leaders' screens are.
 */
export async function newScreen(
  shared: SharedDemo,
  {
    locale = 'vi',
    width = 1920,
    height = 1080,
    touch = false,
  }: { locale?: 'vi' | 'en'; width?: number; height?: number; touch?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await shared.browser.newContext({
    viewport: { width, height },
    locale: locale === 'vi' ? 'vi-VN' : 'en-GB',
    hasTouch: touch,
    isMobile: touch,
  })
  await context.addInitScript((l) => {
    if (!localStorage.getItem('ioc.locale')) localStorage.setItem('ioc.locale', l)
  }, locale)
  return { context, page: await context.newPage() }
}

/**
 * Signs in through the login page as a user would and waits until the role's home screen (or
 * `path`) is shown. Works in either language (the fields are found by their ids' labels' names).
 */
export async function loginAs(shared: SharedDemo, page: Page, user: DemoUser, path = '/'): Promise<void> {
  await page.goto(shared.url(path))
  await page.waitForURL(/\/login/)
  await page.locator('input[name="username"]').fill(user)
  await page.locator('input[name="password"]').fill(demoPassword)
  await page.locator('form.login-form button[type="submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 })
}

/** An operator's wall on display `display`, its choices as an operator left them there. */
export async function openWall(
  shared: SharedDemo,
  display: string,
  prefs: { layout: string; rotateS: number; pinned: string | null; showZones: boolean },
  { locale = 'vi', initScript }: { locale?: 'vi' | 'en'; initScript?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const screen = await newScreen(shared, { locale })
  await screen.context.addInitScript(
    ([d, p]) => localStorage.setItem(`ioc.wall.${d as string}`, p as string),
    [display, JSON.stringify(prefs)],
  )
  if (initScript) await screen.context.addInitScript(initScript)
  await loginAs(shared, screen.page, 'operator', `/wall?display=${display}`)
  return screen
}

/** The wall's own tiles: an alert pop-up shows its camera in a tile of the same kind. */
export const wallTiles = '.video-wall .wall-tile'

/** Polls `check` every 250 ms until it holds; the error names what did not happen in time. */
export async function waitFor(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((ok) => setTimeout(ok, 250))
  }
  throw new Error(`${what}: not within ${ms / 1000} s`)
}
