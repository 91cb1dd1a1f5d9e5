import { describe, expect, it } from 'vitest'
import type { Alert } from '@ioc/contracts'
import type { ApiClient } from '../api/client.js'
import type { SessionState } from '../session/session-manager.js'
import { LiveClient, type LiveClientDeps } from './live-client.js'

type Listener = (...args: unknown[]) => void

/** What LiveClient uses of a Socket.IO socket, driven by the test as the server would. */
class FakeSocket {
  connected = false
  active = true
  readonly listeners = new Map<string, Listener[]>()
  readonly managerListeners = new Map<string, Listener[]>()
  readonly sent: { event: string; payload: unknown }[] = []
  acks: Record<string, (payload: unknown) => unknown> = {}
  io = {
    on: (e: string, l: Listener) =>
      this.managerListeners.set(e, [...(this.managerListeners.get(e) ?? []), l]),
    removeAllListeners: () => this.managerListeners.clear(),
  }
  on(e: string, l: Listener) {
    this.listeners.set(e, [...(this.listeners.get(e) ?? []), l])
    return this
  }
  fire(e: string, ...args: unknown[]) {
    for (const l of this.listeners.get(e) ?? []) l(...args)
  }
  timeout() {
    return {
      emitWithAck: async (event: string, payload: unknown) => {
        this.sent.push({ event, payload })
        return this.acks[event]?.(payload) ?? { ok: true, rooms: [] }
      },
    }
  }
  emit(event: string, payload: unknown) {
    this.sent.push({ event, payload })
  }
  removeAllListeners() {
    this.listeners.clear()
  }
  connect() {
    this.active = true // Socket.IO retries by itself; the test fires connect when it wants
  }
  disconnect() {
    this.connected = false
  }
}

const user = { id: 'u1', username: 'operator', role: 'operator' as const, district: null }
const alert = (id: string, seq: number): Alert => ({
  id,
  seq,
  sourceType: 'sensor',
  sourceId: 'wl-1',
  ruleId: 'r',
  severity: 'major',
  status: 'active',
  acknowledged: false,
  category: 'naturalDisaster',
  subCategory: 'flood',
  district: null,
  title: 'Mực nước cao',
  description: '',
  count: 1,
  firstSeen: '2026-12-01T00:00:00Z',
  lastSeen: '2026-12-01T00:00:00Z',
  assignee: null,
  ackBy: null,
  ackAt: null,
  clearedAt: null,
})

function setup() {
  const socket = new FakeSocket()
  const state: SessionState = {
    kind: 'active',
    session: {
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: '2099-01-01T00:00:00Z',
      refreshExpiresAt: '2099-01-01T00:00:00Z',
      user,
    },
  }
  const session: LiveClientDeps['session'] = {
    token: async () => 'a',
    renew: async () => 'a',
    getState: () => state,
    subscribe: () => () => {},
  }
  const lists: unknown[] = []
  const api = {
    get: async (
      _path: string,
      schema: { safeParse(v: unknown): { success: boolean; data?: unknown } },
      opts: unknown,
    ) => {
      lists.push(opts)
      return schema.safeParse({ items: [alert('a', 3)], seq: 3 }).data
    },
  } as unknown as ApiClient
  const live = new LiveClient({
    session,
    api,
    connect: (() => socket) as unknown as LiveClientDeps['connect'],
  })
  live.start()
  const connect = async () => {
    socket.connected = true
    socket.fire('connect')
    await new Promise((r) => setTimeout(r, 0))
  }
  return { live, socket, connect, lists }
}

describe('LiveClient', () => {
  it('drops and counts payloads that fail their schema, delivers the valid ones parsed', async () => {
    const { live, socket, connect } = setup()
    await connect()
    const got: unknown[] = []
    live.on('camera:status', (s) => got.push(s.cameraId))
    socket.fire('camera:status', {
      cameraId: 'cam-1',
      state: 'online',
      reason: null,
      at: '2026-12-01T00:00:00Z',
    })
    socket.fire('camera:status', { cameraId: 'cam-1', state: 'exploded' })
    socket.fire('camera:status', 'not even an object')
    expect(got).toEqual(['cam-1'])
    expect(live.stats.invalid['camera:status']).toBe(2)
    live.stop()
  })

  it('after a reconnection joins its rooms again, then resyncs alerts from its seq, then says live', async () => {
    const { live, socket, connect, lists } = setup()
    const stopAlerts = live.useAlerts(user)
    await connect()
    expect(lists).toHaveLength(1) // first load over REST
    expect(live.alerts.syncedSeq()).toBe(3)
    expect(live.getState().kind).toBe('live')

    socket.fire('disconnect', 'transport close')
    expect(live.getState().kind).toBe('reconnecting')
    // an alert change pushed by the old connection's last breath, out of sequence
    socket.sent.length = 0
    socket.acks['alerts:since'] = () => ({ ok: true, alerts: [alert('b', 5)], seq: 5, complete: true })
    await connect()
    expect(socket.sent.map((s) => s.event)).toEqual(['subscribe', 'alerts:since'])
    expect(socket.sent[0]!.payload).toEqual({ rooms: ['domain:alerts'] })
    expect(socket.sent[1]!.payload).toEqual({ sinceSeq: 3 })
    expect(live.alerts.syncedSeq()).toBe(5)
    expect(live.alerts.getSnapshot().alerts.map((a) => a.id)).toEqual(['b', 'a'])
    expect(live.getState().kind).toBe('live')
    stopAlerts()
    live.stop()
  })

  it('asks again without a refused room, so one camera this role may not watch keeps no room out', async () => {
    const { live, socket, connect } = setup()
    await connect()
    socket.acks.subscribe = (p) => {
      const rooms = (p as { rooms: string[] }).rooms
      return rooms.includes('camera:cam-x')
        ? {
            ok: false,
            error: { code: 'forbidden', message: 'no', details: [{ path: 'camera:cam-x', message: 'no' }] },
          }
        : { ok: true, rooms }
    }
    const release = live.acquireRooms(['camera:cam-x', 'camera:cam-1', 'domain:readings'])
    await new Promise((r) => setTimeout(r, 0))
    expect(socket.sent.filter((s) => s.event === 'subscribe').map((s) => s.payload)).toEqual([
      { rooms: ['camera:cam-x', 'camera:cam-1', 'domain:readings'] },
      { rooms: ['camera:cam-1', 'domain:readings'] },
    ])
    expect(live.stats.refusedRooms).toEqual(['camera:cam-x'])
    release()
    live.stop()
  })

  it('sends one subscribe for many rooms wanted in the same tick, and none for a join-and-leave', async () => {
    const { live, socket, connect } = setup()
    await connect()
    socket.sent.length = 0
    const releases = Array.from({ length: 16 }, (_, i) => live.acquireRooms([`camera:cam-${i}`]))
    live.acquireRooms(['camera:gone'])()
    await new Promise((r) => setTimeout(r, 0))
    expect(socket.sent.map((s) => s.event)).toEqual(['subscribe'])
    expect((socket.sent[0]!.payload as { rooms: string[] }).rooms).toHaveLength(16)
    releases.forEach((r) => r())
    live.stop()
  })
})
