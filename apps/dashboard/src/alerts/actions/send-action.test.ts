import { describe, expect, it } from 'vitest'
import type { AlertOperatorAction } from '@ioc/contracts'
import { makeAlert } from '../test/make-alert.js'
import { intersect, representatives } from './AssignDialog.js'
import { sendAction, summarise } from './send-action.js'

/** A stand-in for the api client's post: answers each id, refusing the ids in `refuse`. */
function fakeApi(refuse: Set<string> = new Set()) {
  const calls: { path: string; body: { ids: string[]; action: AlertOperatorAction } }[] = []
  return {
    calls,
    post: async <T>(
      path: string,
      body: unknown,
      schema: { safeParse(d: unknown): { success: boolean; data?: T } },
    ) => {
      const b = body as { ids: string[]; action: AlertOperatorAction }
      calls.push({ path, body: b })
      const items = b.ids.map((id) =>
        refuse.has(id)
          ? { id, ok: false, code: 'forbidden', message: `role traffic may not act on security alerts` }
          : { id, ok: true, alert: makeAlert({ id, acknowledged: true, ackBy: 'traffic' }) },
      )
      const parsed = schema.safeParse({
        items,
        succeeded: items.filter((i) => i.ok).length,
        failed: items.filter((i) => !i.ok).length,
      })
      if (!parsed.success) throw new Error('answer does not match its schema')
      return parsed.data as T
    },
  }
}

describe('sendAction', () => {
  it('sends 50 alerts in one bulk request, parsed with its schema', async () => {
    const api = fakeApi()
    const ids = Array.from({ length: 50 }, (_, i) => `a${i}`)
    const outcome = await sendAction(api, { kind: 'acknowledge' }, ids)
    expect(outcome.requests).toBe(1)
    expect(api.calls).toEqual([{ path: '/api/alerts/bulk', body: { ids, action: { kind: 'acknowledge' } } }])
    expect(outcome.results.map((r) => r.id)).toEqual(ids)
  })

  it('splits what is over the bulk limit into batches of 500', async () => {
    const api = fakeApi()
    const ids = Array.from({ length: 1200 }, (_, i) => `a${i}`)
    const outcome = await sendAction(api, { kind: 'comment', text: 'đã kiểm tra' }, ids)
    expect(outcome.requests).toBe(3)
    expect(api.calls.map((c) => c.body.ids.length)).toEqual([500, 500, 200])
    expect(outcome.results).toHaveLength(1200)
  })

  it('summarises changes and refusals by message', async () => {
    const outcome = await sendAction(fakeApi(new Set(['b', 'c'])), { kind: 'acknowledge' }, ['a', 'b', 'c'])
    const { changed, failures } = summarise(outcome)
    expect(changed.map((a) => a.id)).toEqual(['a'])
    expect(failures).toEqual([{ message: 'role traffic may not act on security alerts', count: 2 }])
  })
})

describe('assignees', () => {
  it('asks once per category and district, and keeps who can take them all', () => {
    const alerts = [
      makeAlert({ id: '1', district: 'Hội An' }),
      makeAlert({ id: '2', district: 'Hội An' }),
      makeAlert({ id: '3', district: 'Tam Kỳ' }),
      makeAlert({ id: '4', district: 'Tam Kỳ', category: 'security' }),
    ]
    expect(representatives(alerts).map((a) => a.id)).toEqual(['1', '3', '4'])
    expect(
      intersect([
        ['traffic', 'operator', 'admin'],
        ['admin', 'operator'],
      ]),
    ).toEqual(['admin', 'operator'])
    expect(intersect([])).toEqual([])
  })
})
