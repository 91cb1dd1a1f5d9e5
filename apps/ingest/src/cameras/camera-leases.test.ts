// The lease rounds' own logic, on a repository in memory (the SQL is tested on both databases in
// libs/db/test/camera-leases.test.ts, the whole on real processes in test/faults).
import { describe, expect, it } from 'vitest'
import { CameraLeases, type CameraLeasesOptions } from './camera-leases.js'

type Repo = CameraLeasesOptions['repo']

/** One table of leases shared by the replicas given it, with a switch to make it unreachable. */
function memoryDatabase(cameras: string[]) {
  const leases = new Map<string, { holder: string; until: number }>()
  const beats = new Map<string, number>()
  const state = { down: false }
  const check = () => {
    if (state.down) throw new Error('connect ECONNREFUSED')
  }
  const repo: Repo = {
    async heartbeat(holder) {
      check()
      beats.set(holder, Date.now())
    },
    async renew(holder, ttl) {
      check()
      const mine = [...leases].filter(([, l]) => l.holder === holder).map(([id]) => id)
      for (const id of mine) leases.set(id, { holder, until: Date.now() + ttl })
      return mine
    },
    async shares(ttl) {
      check()
      return {
        cameras: cameras.length,
        replicas: [...beats.values()].filter((t) => t > Date.now() - ttl).length,
      }
    },
    async claim(holder, ttl, max) {
      check()
      const free = cameras.filter((id) => (leases.get(id)?.until ?? 0) <= Date.now()).slice(0, max)
      const taken = free.map((id) => ({ cameraId: id, previous: leases.get(id)?.holder ?? null }))
      for (const id of free) leases.set(id, { holder, until: Date.now() + ttl })
      return taken
    },
    async release(holder, ids) {
      check()
      for (const id of ids) if (leases.get(id)?.holder === holder) leases.delete(id)
    },
    async leave(holder) {
      check()
      for (const [id, l] of leases) if (l.holder === holder) leases.delete(id)
      beats.delete(holder)
    },
  }
  return { repo, state, leases }
}

function replica(repo: Repo, holder: string, ttlMs: number) {
  const fenced: string[][] = []
  const leases: CameraLeases = new CameraLeases({
    repo,
    holder,
    ttlMs,
    apply: async () => undefined,
    fence: async () => void fenced.push(leases.held()),
    log: () => undefined,
  })
  return { leases, fenced }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('camera leases', () => {
  it('takes every camera alone, and half when a second replica joins', async () => {
    const db = memoryDatabase(['c0', 'c1', 'c2', 'c3', 'c4'])
    const a = replica(db.repo, 'a', 60_000)
    await a.leases.round()
    expect(a.leases.held()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4'])
    const b = replica(db.repo, 'b', 60_000)
    await b.leases.round() // b beats, finds nothing free
    await a.leases.round() // a sees 2 replicas: keeps ceil(5 / 2) = 3, stops the others first
    expect(a.leases.held()).toEqual(['c0', 'c1', 'c2'])
    expect(a.fenced.at(-1)).toEqual(['c0', 'c1', 'c2'])
    await b.leases.round()
    expect(b.leases.held()).toEqual(['c3', 'c4'])
  })

  it('stops its cameras TTL/3 before the lease could expire when it cannot renew', async () => {
    const db = memoryDatabase(['c0', 'c1'])
    const ttl = 600
    const a = replica(db.repo, 'a', ttl)
    await a.leases.start()
    expect(a.leases.held()).toEqual(['c0', 'c1'])
    db.state.down = true
    const downAt = Date.now()
    while (a.leases.held().length > 0 && Date.now() - downAt < 2 * ttl) await sleep(10)
    const stoppedAfter = Date.now() - downAt
    // the last renewal was at most TTL/3 before the outage: stopped before its lease ends
    expect(a.leases.held()).toEqual([])
    expect(a.fenced.at(-1)).toEqual([])
    const lastLease = Math.max(...[...db.leases.values()].map((l) => l.until))
    expect(lastLease - downAt - stoppedAfter).toBeGreaterThan(0)
    // back: the leases nobody took are renewed and held again
    db.state.down = false
    await a.leases.round()
    expect(a.leases.held()).toEqual(['c0', 'c1'])
    await a.leases.stop()
  })

  it('counts claims, takeovers of an expired lease and losses', async () => {
    const db = memoryDatabase(['c0', 'c1'])
    // short TTLs: a replica not heard within its TTL no longer counts for the shares either
    const a = replica(db.repo, 'a', 50)
    const b = replica(db.repo, 'b', 200)
    await a.leases.round()
    expect(a.leases.counts).toEqual({ claimed: 2, takenOver: 0, lost: 0 })
    // a stalls past its TTL (no round, no fencing timer): b takes both expired leases over
    await sleep(300)
    await b.leases.round()
    expect(b.leases.held()).toEqual(['c0', 'c1'])
    expect(b.leases.counts).toEqual({ claimed: 2, takenOver: 2, lost: 0 })
    // a's next round cannot renew them: lost
    await a.leases.round()
    expect(a.leases.held()).toEqual([])
    expect(a.leases.counts).toEqual({ claimed: 2, takenOver: 0, lost: 2 })
  })

  it('gives every lease back on leave, for the others to take at once', async () => {
    const db = memoryDatabase(['c0', 'c1'])
    const a = replica(db.repo, 'a', 60_000)
    const b = replica(db.repo, 'b', 60_000)
    await a.leases.round()
    await b.leases.round()
    expect(b.leases.held()).toEqual([])
    await a.leases.stop()
    await a.leases.leave()
    await b.leases.round()
    expect(b.leases.held()).toEqual(['c0', 'c1'])
  })
})
