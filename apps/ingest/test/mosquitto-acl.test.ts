// infra/mosquitto's rules, on a real Mosquitto: devices log in with their own password and publish
// only under their own topic, as the embedded broker enforces (device-access.test.ts).
import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync } from 'node:fs'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultPolicy, openDatabase, type Database } from '@ioc/db'
import { createPostgresTestDatabase, freePort, type TestDatabase } from '@ioc/db/testing'
import { SensorIngest } from '../src/sensors/sensor-ingest.js'
import { MosquittoProcess } from './support/mosquitto-process.js'

const acl = readFileSync(new URL('../../../infra/mosquitto/acl', import.meta.url), 'utf8')
const users: Record<string, string> = {
  'ioc-ingest': 'ingest-secret',
  'aq-hoian-01': 'aq-hoian-01-password',
  'aq-tamky-01': 'aq-tamky-01-password',
}

describe('Mosquitto with the password file and ACL of infra/mosquitto', () => {
  let env: TestDatabase
  let db: Database
  let mosquitto: MosquittoProcess
  let ingestClient: mqtt.MqttClient
  let ingest: SensorIngest
  const clients: mqtt.MqttClient[] = []

  beforeAll(async () => {
    env = await createPostgresTestDatabase()
    db = await openDatabase({ url: env.url, policy: defaultPolicy })
    for (const id of ['aq-hoian-01', 'aq-tamky-01'])
      await db.devices.upsert(
        { id, kind: 'air_quality', name: id, lat: null, lon: null, district: null, metrics: ['pm25'] },
        null,
      )
    mosquitto = new MosquittoProcess(await freePort(), [
      'allow_anonymous false',
      'password_file {dir}/passwd',
      'acl_file {dir}/acl',
    ])
    await mosquitto.writeFile('acl', acl)
    const passwd = await mosquitto.writeFile('passwd', '')
    for (const [user, password] of Object.entries(users))
      execFileSync('mosquitto_passwd', ['-b', passwd, user, password])
    // mosquitto_passwd keeps the file to its owner; the broker reads it after dropping root
    chmodSync(passwd, 0o644)
    await mosquitto.start()
    ingestClient = await mqtt.connectAsync(mosquitto.url, {
      username: 'ioc-ingest',
      password: users['ioc-ingest'],
    })
    ingest = new SensorIngest(ingestClient, db, { batch: { maxBatch: 100, flushMs: 20, maxBuffered: 1000 } })
    await ingest.start()
  })

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true)
    await ingest?.stop()
    await ingestClient?.endAsync(true)
    await mosquitto?.dispose()
    await db?.close()
    await env?.dispose()
  })

  const login = async (username?: string, password?: string) => {
    const client = await mqtt.connectAsync(mosquitto.url, { username, password, reconnectPeriod: 0 })
    clients.push(client)
    return client
  }
  const stored = async (deviceId: string) =>
    (await db.pool.query(`select count(*)::int as n from sensor_readings where device_id = $1`, [deviceId]))
      .rows[0].n

  it('refuses anonymous logins and wrong passwords', async () => {
    await expect(login()).rejects.toThrow(/Not authorized|Bad username or password/)
    await expect(login('aq-hoian-01', 'wrong-password')).rejects.toThrow(
      /Not authorized|Bad username or password/,
    )
    await expect(login('aq-nowhere-01', 'whatever-password')).rejects.toThrow(
      /Not authorized|Bad username or password/,
    )
  })

  it('stores what a device publishes under its own topic, and nothing it publishes under another', async () => {
    const device = await login('aq-hoian-01', users['aq-hoian-01'])
    await device.publishAsync(
      'ioc/v1/sensors/aq-hoian-01/readings',
      JSON.stringify({ values: { pm25: 31 } }),
      {
        qos: 1,
      },
    )
    await expect.poll(() => stored('aq-hoian-01'), { timeout: 5000 }).toBe(1)
    // MQTT 3.1.1 has no negative PUBACK: Mosquitto acknowledges and drops the publication
    await device.publishAsync(
      'ioc/v1/sensors/aq-tamky-01/readings',
      JSON.stringify({ values: { pm25: 999 } }),
      {
        qos: 1,
      },
    )
    // a later message of its own arrives after the dropped one would have
    await device.publishAsync(
      'ioc/v1/sensors/aq-hoian-01/readings',
      JSON.stringify({ values: { pm25: 32 } }),
      {
        qos: 1,
      },
    )
    await expect.poll(() => stored('aq-hoian-01'), { timeout: 5000 }).toBe(2)
    expect(await stored('aq-tamky-01')).toBe(0)
  })

  it('lets devices publish but not listen in', async () => {
    const listener = await login('aq-tamky-01', users['aq-tamky-01'])
    const heard: string[] = []
    listener.on('message', (topic) => heard.push(topic))
    // Mosquitto grants the subscription and checks read access on each delivery
    await listener.subscribeAsync('ioc/#', { qos: 1 })
    const device = await login('aq-hoian-01', users['aq-hoian-01'])
    const before = await stored('aq-hoian-01')
    await device.publishAsync(
      'ioc/v1/sensors/aq-hoian-01/readings',
      JSON.stringify({ values: { pm25: 33 } }),
      {
        qos: 1,
      },
    )
    // the reading went through the broker (the ingest stored it, and published it live)...
    await expect.poll(() => stored('aq-hoian-01'), { timeout: 5000 }).toBe(before + 1)
    // ...and nothing of it, nor of the live topic, reached the other device
    await new Promise((r) => setTimeout(r, 300))
    expect(heard).toEqual([])
  })
})
