import { readFileSync } from 'node:fs'
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common'
import { streams, type Health, type ServiceStatus } from '@ioc/contracts'
import type { Database } from '@ioc/db'
import { DATABASE } from '../database/database.module.js'
import { MqttService } from '../messaging/mqtt.service.js'

/** A service that has not reported for this long is shown as not ok. */
const staleAfterMs = 30_000
const startedAt = Date.now()
// The same path from src/health (tests) and dist/health (built): the api's own package.json.
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

@Injectable()
export class HealthService implements OnModuleInit {
  // Latest heartbeat of each service instance (ingest replicas, simulators), by its topic.
  private readonly services = new Map<string, ServiceStatus>()

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly mqtt: MqttService,
  ) {}

  onModuleInit(): void {
    this.mqtt.on(streams.serviceStatus, (status, _params, topic) => {
      // A cleared retained message is a clean goodbye: the instance is gone, not failing.
      if (status) this.services.set(topic, status)
      else this.services.delete(topic)
    })
  }

  async report(): Promise<Health> {
    const db = await this.checkDatabase()
    const broker = this.mqtt.status()
    const pipelines: Health['pipelines'] = {}
    for (const status of this.services.values()) {
      const age = Date.now() - Date.parse(status.at)
      for (const [name, reported] of Object.entries(status.pipelines)) {
        const pipeline =
          age > staleAfterMs
            ? { ok: false, detail: `no heartbeat from ${status.instance} for ${Math.round(age / 1000)} s` }
            : reported
        // replicas of one service share a line: it is ok only when every replica is
        const key = `${status.service}.${name}`
        const other = pipelines[key]
        pipelines[key] = other
          ? {
              ok: other.ok && pipeline.ok,
              detail: [other.detail, pipeline.detail].filter(Boolean).join('; '),
            }
          : pipeline
      }
    }
    const allPipelinesOk = Object.values(pipelines).every((p) => p.ok)
    return {
      status: !db.ok ? 'down' : broker.ok && allPipelinesOk ? 'ok' : 'degraded',
      db,
      broker,
      pipelines,
      version,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
    }
  }

  private async checkDatabase(): Promise<Health['db']> {
    const started = performance.now()
    try {
      await this.db.pool.query('select 1')
      return {
        ok: true,
        dialect: this.db.dialect,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      }
    } catch (err) {
      return { ok: false, dialect: this.db.dialect, latencyMs: null, error: (err as Error).message }
    }
  }
}
