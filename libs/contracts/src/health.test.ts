import { describe, expect, it } from 'vitest'
import { healthSchema } from './health.js'

const health = {
  status: 'ok',
  db: { ok: true, dialect: 'timescaledb', latencyMs: 1.8 },
  broker: { ok: true, url: 'mqtt://127.0.0.1:1883' },
  pipelines: { 'cam-01': { ok: true }, writer: { ok: false, detail: 'buffer 80% full' } },
  version: '0.1.0',
  uptimeS: 3600,
}

describe('healthSchema', () => {
  it('accepts an answer of a healthy and of a broken system', () => {
    expect(healthSchema.parse(health)).toEqual(health)
    const down = {
      ...health,
      status: 'down',
      db: { ok: false, dialect: null, latencyMs: null, error: 'ECONNREFUSED 127.0.0.1:5432' },
    }
    expect(healthSchema.parse(down)).toEqual(down)
  })

  it('refuses a broker URL with credentials and unknown dialects', () => {
    expect(
      healthSchema.safeParse({ ...health, broker: { ok: true, url: 'mqtt://ingest:pw@broker:1883' } })
        .success,
    ).toBe(false)
    expect(healthSchema.safeParse({ ...health, db: { ...health.db, dialect: 'mysql' } }).success).toBe(false)
    expect(healthSchema.safeParse({ ...health, status: 'fine' }).success).toBe(false)
  })
})
