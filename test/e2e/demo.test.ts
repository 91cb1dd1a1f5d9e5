import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portOpen } from '../../scripts/preflight.mjs'
import { launchChromium } from './support/browser.js'
import { startDemo, type DemoProcess } from './support/demo-process.js'

describe('npm run demo', () => {
  let demo: DemoProcess
  let startedAt: number

  beforeAll(async () => {
    startedAt = Date.now()
    demo = await startDemo()
  })

  afterAll(async () => {
    await demo?.cleanup()
  })

  it('answers GET /api/health with the timescaledb dialect within 60 s', async () => {
    await demo.waitForOutput(/\[demo\] ready in/, 60_000)
    const res = await fetch(`http://127.0.0.1:${demo.ports.api}/api/health`)
    expect(res.status).toBe(200)
    const health = await res.json()
    expect(health.db).toMatchObject({ ok: true, dialect: 'timescaledb' })
    expect(health.broker.ok).toBe(true)
    expect(Date.now() - startedAt).toBeLessThan(60_000)
    // the ingest service reports through the broker within a heartbeat or two
    await expect
      .poll(
        async () => (await (await fetch(`http://127.0.0.1:${demo.ports.api}/api/health`)).json()).pipelines,
        {
          timeout: 15_000,
        },
      )
      .toMatchObject({ 'ingest.database': { ok: true }, 'ingest.sensors': { ok: true } })
  })

  it('stores the readings of the simulated sensors', async () => {
    const pipelines = async () =>
      (await (await fetch(`http://127.0.0.1:${demo.ports.api}/api/health`)).json()).pipelines[
        'ingest.sensors'
      ]?.detail ?? ''
    await expect
      .poll(pipelines, { timeout: 20_000 })
      .toMatch(/ [1-9]\d* readings stored, \d+ buffered, 0 dropped/)
  })

  it('serves the dashboard, which shows the system status in Vietnamese and in English', async () => {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.goto(`http://127.0.0.1:${demo.ports.dashboard}/`)
      await page.getByRole('heading', { name: /Trung tâm điều hành thông minh/ }).waitFor()
      await expect
        .poll(() => page.getByTestId('db').textContent(), { timeout: 15_000 })
        .toContain('timescaledb')
      expect(await page.getByTestId('overall').textContent()).toContain('Hoạt động')
      await page.getByRole('button', { name: 'English' }).click()
      await page.getByRole('heading', { name: /Intelligent Operations Center/ }).waitFor()
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
      // the choice survives a reload
      await page.reload()
      await page.getByRole('heading', { name: /Intelligent Operations Center/ }).waitFor()
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
      await page.screenshot({ path: `${demo.dataDir}/dashboard.png` })
    } finally {
      await browser.close()
    }
  })

  it('stops every process on Ctrl-C', async () => {
    const code = await demo.interrupt()
    expect(code).toBe(0)
    expect(demo.output()).toContain('[demo] stopped')
    for (const port of Object.values(demo.ports)) expect(await portOpen(port)).toBe(false)
  })
})
