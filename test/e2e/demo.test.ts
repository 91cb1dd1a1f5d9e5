import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portOpen } from '../../scripts/preflight.mjs'
import { adminConfigTests } from './browser/admin-config.js'
import { alertConsoleTests } from './browser/alert-console.js'
import { cameraRecordingsTests } from './browser/camera-recordings.js'
import { kpiTabletTests } from './browser/kpi-tablet.js'
import { shellTests } from './browser/shell.js'
import { wallMapAlertsTests } from './browser/wall-map-alerts.js'
import { wallReconnectTests } from './browser/wall-reconnect.js'
import { startSharedDemo, type SharedDemo } from './support/shared-demo.js'
import { demoOperationsTests } from './demo-operations.js'

// One `npm run demo` for every test of this file: the demo's own checks, then the browser tests
// (browser/*.ts, one function each, added below), and Ctrl-C last.
let shared: SharedDemo
let startedAt: number
const demo = () => shared.demo

beforeAll(async () => {
  startedAt = Date.now()
  shared = await startSharedDemo()
}, 330_000)

afterAll(async () => {
  await shared?.browser.close()
  await shared?.demo.cleanup()
})

describe('npm run demo', () => {
  it('answers GET /api/health with the timescaledb dialect within 60 s', async () => {
    const res = await fetch(shared.api('/api/health'))
    expect(res.status).toBe(200)
    const health = await res.json()
    expect(health.db).toMatchObject({ ok: true, dialect: 'timescaledb' })
    expect(health.broker.ok).toBe(true)
    expect(Date.now() - startedAt).toBeLessThan(60_000)
    // the ingest service reports through the broker within a heartbeat or two
    await expect
      .poll(async () => (await (await fetch(shared.api('/api/health'))).json()).pipelines, {
        timeout: 15_000,
      })
      .toMatchObject({ 'ingest.database': { ok: true }, 'ingest.sensors': { ok: true } })
  })

  it('stores the readings of the simulated sensors', async () => {
    const pipelines = async () =>
      (await (await fetch(shared.api('/api/health'))).json()).pipelines['ingest.sensors']?.detail ?? ''
    await expect
      .poll(pipelines, { timeout: 20_000 })
      .toMatch(/ [1-9]\d* readings stored, \d+ buffered, 0 dropped/)
  })
})

demoOperationsTests(() => shared)
shellTests(() => shared)
wallMapAlertsTests(() => shared)
alertConsoleTests(() => shared)
kpiTabletTests(() => shared)
adminConfigTests(() => shared)
cameraRecordingsTests(() => shared)
// kills the api (the demo starts it again): last before Ctrl-C
wallReconnectTests(() => shared)

describe('npm run demo, at the end', () => {
  it('stops every process on Ctrl-C', async () => {
    const code = await demo().interrupt()
    expect(code).toBe(0)
    expect(demo().output()).toContain('[demo] stopped')
    for (const port of Object.values(demo().ports)) expect(await portOpen(port)).toBe(false)
  })
})
