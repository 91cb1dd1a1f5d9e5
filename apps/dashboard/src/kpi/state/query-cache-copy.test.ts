import { QueryClient } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { keepCacheCopy } from './query-cache-copy.js'

class MemoryStorage implements Storage {
  private items = new Map<string, string>()
  get length() {
    return this.items.size
  }
  clear() {
    this.items.clear()
  }
  getItem(k: string) {
    return this.items.get(k) ?? null
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null
  }
  removeItem(k: string) {
    this.items.delete(k)
  }
  setItem(k: string, v: string) {
    this.items.set(k, v)
  }
}

const options = (storage: Storage, owner = 'kpi-1:leader') => ({
  storage,
  key: 'copy',
  owner,
  maxAgeMs: 60_000,
  keep: (k: readonly unknown[]) => k[0] === 'kpis',
})

describe('keepCacheCopy', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-03T02:00:00Z') }))
  afterEach(() => vi.useRealTimers())

  it('writes the kept queries after a change and gives them back, with their time, to a new cache', () => {
    const storage = new MemoryStorage()
    const first = new QueryClient()
    const stop = keepCacheCopy(first, options(storage))
    first.setQueryData(['kpis', 'catalog'], [{ id: 'a' }])
    first.setQueryData(['alerts'], ['not kept'])
    expect(storage.getItem('copy')).toBeNull() // not before the second has passed
    vi.advanceTimersByTime(1000)
    stop()
    const fetchedAt = first.getQueryState(['kpis', 'catalog'])!.dataUpdatedAt

    vi.advanceTimersByTime(30_000) // a reload half a minute later, offline
    const second = new QueryClient()
    keepCacheCopy(second, options(storage))()
    expect(second.getQueryData(['kpis', 'catalog'])).toEqual([{ id: 'a' }])
    expect(second.getQueryState(['kpis', 'catalog'])!.dataUpdatedAt).toBe(fetchedAt)
    expect(second.getQueryData(['alerts'])).toBeUndefined()
  })

  it("drops another user's copy and one older than its maximum age", () => {
    const storage = new MemoryStorage()
    const first = new QueryClient()
    const stop = keepCacheCopy(first, options(storage))
    first.setQueryData(['kpis', 'live'], { ts: 'x' })
    stop() // writes what changed in its last second
    const other = new QueryClient()
    keepCacheCopy(other, options(storage, 'kpi-1:security'))()
    expect(other.getQueryData(['kpis', 'live'])).toBeUndefined()
    expect(storage.getItem('copy')).toBeNull()

    const again = keepCacheCopy(first, options(storage))
    first.setQueryData(['kpis', 'live'], { ts: 'y' })
    again()
    expect(storage.getItem('copy')).not.toBeNull()
    vi.advanceTimersByTime(61_000)
    const late = new QueryClient()
    keepCacheCopy(late, options(storage))()
    expect(late.getQueryData(['kpis', 'live'])).toBeUndefined()
  })

  it('keeps the figures of a query whose refetch failed (the network dropped mid-answer)', async () => {
    const storage = new MemoryStorage()
    const first = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const stop = keepCacheCopy(first, options(storage))
    first.setQueryData(['kpis', 'catalog'], [{ id: 'a' }])
    const fetchedAt = first.getQueryState(['kpis', 'catalog'])!.dataUpdatedAt
    vi.advanceTimersByTime(1000)
    // the refetch fails for good: the query is in error, its data still the last fetched
    await first
      .fetchQuery({
        queryKey: ['kpis', 'catalog'],
        queryFn: () => Promise.reject(new Error('answer cut')),
        staleTime: 0,
      })
      .catch(() => {})
    expect(first.getQueryState(['kpis', 'catalog'])!.status).toBe('error')
    vi.advanceTimersByTime(1000) // the failure is a change: written again
    stop()

    const second = new QueryClient()
    keepCacheCopy(second, options(storage))()
    expect(second.getQueryData(['kpis', 'catalog'])).toEqual([{ id: 'a' }])
    expect(second.getQueryState(['kpis', 'catalog'])).toMatchObject({
      status: 'success',
      error: null,
      dataUpdatedAt: fetchedAt,
    })
  })
})
