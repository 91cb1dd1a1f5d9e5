// The wall through an api crash, in a real browser against the shared demo: the api is killed with
// SIGKILL, the wall says "reconnecting", the demo starts the api again, and the wall resyncs by
// sequence number: every alert the api lists is on the page at its latest change, one commented
// while the wall was kept offline included, and its video plays again by itself.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { alertListSchema, alertSchema, type Alert } from '@ioc/contracts'
import { demoPassword, loginAs, newScreen, outputDir, type SharedDemo } from '../support/shared-demo.js'

// what the shell puts on window (shell/create-services.ts)
declare global {
  interface Window {
    __iocAlerts?: () => { seq: number | null; alerts: { id: string; seq: number }[] }
  }
}

/** The pid the demo printed last for its api (`[demo] api started (pid N)`). */
function apiPid(output: string): number {
  const pids = [...output.matchAll(/\[demo\] api started \(pid (\d+)\)/g)].map((m) => Number(m[1]))
  if (pids.length === 0) throw new Error('the demo printed no pid for its api')
  return pids.at(-1)!
}

export function wallReconnectTests(shared: () => SharedDemo): void {
  async function operatorToken(): Promise<string> {
    const res = await fetch(shared().api('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: demoPassword }),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { accessToken: string }).accessToken
  }

  /** The operator's token as soon as the restarted api signs in again. */
  async function tokenOnceBack(): Promise<string> {
    const until = Date.now() + 120_000
    for (;;) {
      try {
        return await operatorToken()
      } catch (err) {
        if (Date.now() > until) throw err
        await new Promise((ok) => setTimeout(ok, 500))
      }
    }
  }

  /** Comments on the operator's latest active alert, as staff would: the alert's seq moves. */
  async function changeOneAlert(token: string): Promise<Alert> {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const list = await fetch(shared().api('/api/alerts?status=active&limit=1'), { headers })
    expect(list.status).toBe(200)
    const [alert] = alertListSchema.parse(await list.json()).items
    expect(alert, 'an alert of the demo').toBeDefined()
    const res = await fetch(shared().api(`/api/alerts/${alert!.id}/comment`), {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: 'Kiểm tra khi tường mất kết nối' }),
    })
    expect(res.status, await res.clone().text()).toBe(200)
    return alertSchema.parse(await res.json())
  }

  describe('wall through an api crash', () => {
    it('shows "reconnecting" while the api is down, then resyncs and misses no alert change', async () => {
      const { context, page } = await newScreen(shared())
      const pageAlerts = () => page.evaluate(() => window.__iocAlerts!())
      try {
        await loginAs(shared(), page, 'operator', '/wall')
        const pill = page.getByTestId('live-pill')
        await expect.poll(() => pill.getAttribute('data-state'), { timeout: 30_000 }).toBe('live')
        await expect.poll(async () => (await pageAlerts()).seq, { timeout: 30_000 }).not.toBeNull()
        const seqBefore = (await pageAlerts()).seq!

        const pid = apiPid(shared().demo.output())
        const killedAt = Date.now()
        process.kill(pid, 'SIGKILL')
        const banner = page.getByTestId('connection-banner')
        await expect.poll(() => banner.getAttribute('data-state'), { timeout: 15_000 }).toBe('reconnecting')
        const reconnectingAfter = Date.now() - killedAt
        await page.screenshot({ path: join(outputDir, 'wall-reconnecting-vi.png') })

        // the wall stays away (offline) while the api comes back, and an alert changes meanwhile:
        // only the resync by seq can bring that change to the page
        await context.setOffline(true)
        await shared().demo.waitForOutput(/\[demo\] api exited \(SIGKILL\); starting it again/, 10_000)
        const token = await tokenOnceBack()
        const changed = await changeOneAlert(token)
        expect(await pill.getAttribute('data-state'), 'the wall is away while the alert changes').not.toBe(
          'live',
        )
        await context.setOffline(false)
        await expect.poll(() => pill.getAttribute('data-state'), { timeout: 120_000 }).toBe('live')
        const liveAfter = Date.now() - killedAt
        await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0)

        // what the api has now, as the operator sees it, against what the page holds a moment later
        const res = await fetch(shared().api('/api/alerts?limit=1000'), {
          headers: { authorization: `Bearer ${token}` },
        })
        expect(res.status).toBe(200)
        const listed = alertListSchema.parse(await res.json())
        await expect
          .poll(async () => (await pageAlerts()).seq ?? 0, { timeout: 15_000 })
          .toBeGreaterThanOrEqual(listed.seq)
        const held = new Map((await pageAlerts()).alerts.map((a) => [a.id, a.seq]))
        const missing = listed.items.filter((a) => !held.has(a.id)).map((a) => a.id)
        const stale = listed.items.filter((a) => (held.get(a.id) ?? Infinity) < a.seq).map((a) => a.id)
        const changedWhileAway = listed.items.filter((a) => a.seq > seqBefore).length
        console.log(
          `api killed: wall "reconnecting" after ${reconnectingAfter} ms, live again after ${liveAfter} ms; ` +
            `seq ${seqBefore} -> ${listed.seq}; ${listed.items.length} alerts compared, ${changedWhileAway} ` +
            `changed since the kill; missing ${missing.length}, stale ${stale.length}`,
        )
        expect(changed.seq, 'the change made while the wall was away').toBeGreaterThan(seqBefore)
        expect(held.get(changed.id), `${changed.id} on the page`).toBeGreaterThanOrEqual(changed.seq)
        expect(missing).toEqual([])
        expect(stale).toEqual([])

        // its video comes back too (the api relays it); each tile retries on its own backoff (up
        // to 30 s) after the failures of the time away: one run under load took over 90 s
        await expect
          .poll(() => page.locator('.wall-tile[data-playing="true"]').count(), { timeout: 150_000 })
          .toBeGreaterThan(0)
          .catch(async (err: Error) => {
            await page.screenshot({ path: join(outputDir, 'wall-after-api-restart-failed.png') })
            const tiles = await page.evaluate(() =>
              Array.from(document.querySelectorAll('.wall-tile')).map(
                (t) =>
                  `${t.getAttribute('data-camera-id')}: ${t.querySelector('.wall-tile-message')?.textContent ?? ''}`,
              ),
            )
            throw new Error(`${err.message}\n${tiles.join('\n')}`)
          })
        await page.screenshot({ path: join(outputDir, 'wall-after-api-restart-vi.png') })
      } finally {
        await context.close()
      }
    }, 360_000)
  })
}
