import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBodySchema } from '@ioc/contracts'
import { testTargets } from '@ioc/db/testing'
import { launchChromium } from './support/browser.js'
import { startTestApi, type TestApi } from './support/api.js'

// A build laid out as vite's: index.html and hashed files under assets/. The probe script does,
// under the api's Content-Security-Policy, what the dashboard does: a blob: worker (maplibre,
// mpegts.js), a blob: media URL (MSE), a WebSocket to its own origin (Socket.IO, WS-FLV), fetches
// and images from the api. The inline script must be refused: it shows the policy is on.
const indexHtml = `<!doctype html><html><head><meta charset="utf-8"><title>IOC</title>
<script type="module" src="/assets/probe-3f9a1c.js"></script></head>
<body><div id="root"></div><script>window.inlineRan = true</script></body></html>`

const probe = `
const results = {}
const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(6 * 7)'], { type: 'text/javascript' })))
results.worker = await new Promise((ok) => { worker.onmessage = (e) => ok(e.data); worker.onerror = () => ok('refused') })
const source = new MediaSource()
const video = document.createElement('video')
video.src = URL.createObjectURL(source)
results.media = await new Promise((ok) => { source.addEventListener('sourceopen', () => ok('open')); video.onerror = () => ok('refused'); setTimeout(() => ok('timeout'), 5000) })
const ws = new WebSocket(location.origin.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket')
results.socket = await new Promise((ok) => { ws.onmessage = (e) => ok(String(e.data).slice(0, 1)); ws.onerror = () => ok('refused') })
ws.close()
results.health = (await fetch('/api/health')).status
const img = new Image()
img.src = '/assets/pixel-77aa.svg'
results.image = await new Promise((ok) => { img.onload = () => ok(img.width); img.onerror = () => ok('refused') })
window.probe = results
`
const pixel = '<svg xmlns="http://www.w3.org/2000/svg" width="3" height="2"></svg>'

const routes = [
  '/',
  '/login',
  '/wall',
  '/kpi',
  '/alerts',
  '/cameras/cam-01',
  '/sensors/aq-01',
  '/admin/users',
]

describe('the api serves the built dashboard', () => {
  let api: TestApi
  let dir: string
  let origin: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ioc-dashboard-'))
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'index.html'), indexHtml)
    await writeFile(join(dir, 'assets', 'probe-3f9a1c.js'), probe)
    await writeFile(join(dir, 'assets', 'pixel-77aa.svg'), pixel)
    await writeFile(join(dir, 'robots.txt'), 'User-agent: *\nDisallow: /\n')
    api = await startTestApi(
      testTargets.find((t) => t.name === 'postgres')!,
      { IOC_DASHBOARD_DIR: dir },
    )
    origin = api.base.replace(/\/api$/, '')
  })
  afterAll(async () => {
    await api?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('answers every route of the app with index.html, not cached', async () => {
    for (const route of routes) {
      const res = await fetch(`${origin}${route}`)
      expect(res.status, route).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toBe(indexHtml)
    }
  })

  it('caches hashed assets for a year, revalidates other files, and 404s a missing file', async () => {
    const asset = await fetch(`${origin}/assets/probe-3f9a1c.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const robots = await fetch(`${origin}/robots.txt`)
    expect(robots.headers.get('cache-control')).toBe('no-cache')
    expect((await fetch(`${origin}/assets/gone-000000.js`)).status).toBe(404)
    expect((await fetch(`${origin}/login`, { method: 'POST' })).status).toBe(404)
  })

  it('never shadows /api or /socket.io', async () => {
    const unknown = await fetch(`${origin}/api/no-such-thing`)
    expect(unknown.status).toBe(404)
    expect(errorBodySchema.parse(await unknown.json()).code).toBe('not_found')
    expect((await fetch(`${origin}/api`)).status).toBe(404)
    expect((await fetch(`${origin}/api/health`)).headers.get('content-type')).toMatch(/json/)
    const polling = await fetch(`${origin}/socket.io/?EIO=4&transport=polling`)
    expect(polling.status).toBe(200)
    expect(await polling.text()).toMatch(/^0\{"sid"/)
  })

  it('runs workers, media, sockets and images under its CSP, and no inline script', async () => {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const violations: string[] = []
      page.on('console', (m) => {
        if (/Content Security Policy/.test(m.text())) violations.push(m.text())
      })
      await page.goto(`${origin}/wall?kiosk=1`)
      await page.waitForFunction(() => (globalThis as { probe?: unknown }).probe, null, { timeout: 15_000 })
      const results = await page.evaluate(() => (globalThis as { probe?: unknown }).probe)
      expect(results).toEqual({ worker: 42, media: 'open', socket: '0', health: 200, image: 3 })
      expect(await page.evaluate(() => (globalThis as { inlineRan?: boolean }).inlineRan)).toBeUndefined()
      expect(violations).toHaveLength(1)
      expect(violations[0]).toMatch(/inline script/)
    } finally {
      await browser.close()
    }
  })
})
