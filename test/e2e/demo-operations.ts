// The running demo as an operator's platform sees it: probes of the api and the ingest, their
// metrics moving with the simulated sensors and cameras, and JSON log lines with their ids.
import { describe, expect, it } from 'vitest'
import { loginResponseSchema, probeAnswerSchema } from '@ioc/contracts'
import { demoPassword, type SharedDemo } from './support/shared-demo.js'

/** `name{labels} value` lines of a Prometheus text whose name (and labels) start with `prefix`. */
function sum(text: string, prefix: string): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
}

export function demoOperationsTests(shared: () => SharedDemo): void {
  describe('npm run demo, operations', () => {
    const ingest = (path: string) => `http://127.0.0.1:${shared().demo.ports.ingestHttp}${path}`

    it('answers liveness and readiness on the api and the ingest', async () => {
      for (const url of [
        shared().api('/api/health/live'),
        shared().api('/api/health/ready'),
        ingest('/health/live'),
        ingest('/health/ready'),
      ]) {
        const res = await fetch(url)
        expect(res.status, url).toBe(200)
        expect(probeAnswerSchema.parse(await res.json()).status, url).toBe('ok')
      }
    })

    it("has the ingest's series move with the simulated sensors and cameras", async () => {
      const scrape = async () => (await fetch(ingest('/metrics'))).text()
      const before = await scrape()
      await expect
        .poll(async () => sum(await scrape(), 'ioc_ingest_messages_total'), { timeout: 15_000 })
        .toBeGreaterThan(sum(before, 'ioc_ingest_messages_total'))
      // every simulated camera delivers frames: at least one camera's input rate above zero
      await expect
        .poll(async () => sum(await scrape(), 'ioc_camera_fps{'), { timeout: 30_000 })
        .toBeGreaterThan(0)
      expect(await scrape()).toContain('ioc_ingest_buffer_items{writer="readings"}')
    })

    it('logs JSON lines: the api with a request id on a request, the ingest with its instance', async () => {
      const login = await fetch(shared().api('/api/auth/login'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'demo-ops-check-1' },
        body: JSON.stringify({ username: 'admin', password: demoPassword }),
      })
      expect(login.headers.get('x-request-id')).toBe('demo-ops-check-1')
      const { accessToken } = loginResponseSchema.parse(await login.json())
      const metrics = await fetch(shared().api('/api/metrics'), {
        headers: { authorization: `Bearer ${accessToken}` },
      })
      expect(await metrics.text()).toMatch(/^ioc_api_socket_clients \d+$/m)

      const json = (part: string) =>
        shared()
          .demo.output()
          .split('\n')
          .filter((l) => l.startsWith(`[${part}] {`))
          .map((l) => JSON.parse(l.slice(part.length + 3)) as Record<string, unknown>)
      await expect
        .poll(
          () =>
            json('api')
              .filter((l) => l.reqId === 'demo-ops-check-1')
              .map((l) => l.msg),
          {
            timeout: 5_000,
          },
        )
        .toContain('POST /api/auth/login 200')
      expect(json('ingest').some((l) => typeof l.instance === 'string' && l.name === 'ingest')).toBe(true)
    })
  })
}
