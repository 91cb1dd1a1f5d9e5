// The services of the fault suite, run from the repository's sources as a user runs them, each a
// process that a test may SIGKILL; and a device fleet publishing numbered QoS 1 readings.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import mqtt, { type MqttClient } from 'mqtt'
import { freePort } from '@ioc/db/testing'
import { repoRoot } from '../../../vitest.shared.js'
import { waitUntil } from './counts.js'

export class ServiceProcess {
  child: ChildProcess | null = null
  /** The last 400 lines of stdout and stderr, of every run. */
  readonly output: string[] = []

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    const child = spawn(process.execPath, ['--import', 'tsx', this.entry], {
      cwd: repoRoot,
      env: { ...process.env, ...this.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child = child
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        this.output.push(line)
        if (this.output.length > 400) this.output.shift()
      })
  }

  /** Resolves with the first line (of this run or a later one) matching `pattern`. */
  async waitForLine(pattern: RegExp, ms: number, from = 0): Promise<string> {
    const until = Date.now() + ms
    for (;;) {
      const line = this.output.slice(from).find((l) => pattern.test(l))
      if (line) return line
      if (Date.now() > until)
        throw new Error(
          `${this.name}: no line matching ${pattern} within ${ms / 1000} s:\n${this.output.slice(-20).join('\n')}`,
        )
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((ok) => child.once('exit', ok))
    child.kill(signal)
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(timer)
  }

  /** A clean stop (SIGTERM), SIGKILL after 20 s. */
  stop(): Promise<void> {
    return this.kill('SIGTERM')
  }
}

export interface IngestReplica extends ServiceProcess {
  dataDir: string
  dispose(): Promise<void>
}

/** One ingest replica on the given database and broker, sharing the readings in group `faults`. */
export async function ingestReplica(
  instance: string,
  servers: { databaseUrl: string; mqttUrl: string; leaseTtlS: number },
  env: Record<string, string> = {},
): Promise<IngestReplica> {
  const dataDir = await mkdtemp(join(tmpdir(), `ioc-faults-${instance}-`))
  const replica = new ServiceProcess(instance, 'apps/ingest/src/main.ts', {
    DATABASE_URL: servers.databaseUrl,
    MQTT_URL: servers.mqttUrl,
    IOC_INGEST_INSTANCE: instance,
    IOC_INGEST_SHARE_GROUP: 'faults',
    IOC_AUTO_REGISTER_DEVICES: 'true',
    IOC_CAMERA_LEASE_TTL_S: String(servers.leaseTtlS),
    IOC_MEDIA_RTMP_PORT: String(await freePort()),
    IOC_MEDIA_HTTP_PORT: String(await freePort()),
    IOC_MEDIA_PLAY_SECRET: randomBytes(32).toString('hex'),
    IOC_DATA_DIR: dataDir,
    // no model files: the cameras are pulled, nothing is inferred (the suite is about faults)
    IOC_MODELS_DIR: join(dataDir, 'no-models'),
    ...env,
  }) as IngestReplica
  replica.dataDir = dataDir
  replica.dispose = async () => {
    await replica.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  return replica
}

export interface ApiReplica {
  proc: ServiceProcess
  base: string
}

/**
 * Api replicas (apps/api/dist, built by the e2e project's dependsOn) on one database, broker and
 * Redis, in demo mode (its users log in with `password`), sharing one JWT secret; not started.
 */
export async function apiReplicas(
  names: readonly string[],
  servers: { databaseUrl: string; mqttUrl: string; redisUrl: string },
  password: string,
): Promise<ApiReplica[]> {
  const secret = randomBytes(32).toString('hex')
  const apis: ApiReplica[] = []
  for (const name of names) {
    const port = await freePort()
    const proc = new ServiceProcess(name, 'apps/api/dist/main.js', {
      DATABASE_URL: servers.databaseUrl,
      MQTT_URL: servers.mqttUrl,
      REDIS_URL: servers.redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      IOC_DEMO: 'true',
      IOC_DEMO_PASSWORD: password,
      IOC_JWT_SECRET: secret,
      IOC_MEDIA_PLAY_SECRET: secret,
      IOC_API_INSTANCE: name,
      IOC_DASHBOARD_DIR: '',
      LOG_LEVEL: 'warn',
    })
    apis.push({ proc, base: `http://127.0.0.1:${port}` })
  }
  return apis
}

/** Starts the replicas one after another (each migrates the database first), each once it answers. */
export async function startAnswering(apis: readonly ApiReplica[]): Promise<void> {
  for (const api of apis) {
    api.proc.start()
    await waitUntil(
      `${api.proc.name} answers`,
      () =>
        fetch(`${api.base}/api/health`).then(
          (r) => r.status > 0,
          () => false,
        ),
      120_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}:\n${api.proc.output.slice(-20).join('\n')}`)
    })
  }
}

/**
 * Devices publishing numbered readings with QoS 1 on a persistent session: message i is device
 * `<prefix>-<i % devices>` at ts base + i s, so every reading stored is one published. `published`
 * counts the messages the broker acknowledged (mqtt.js sends the others again after a reconnect).
 */
export class ReadingFleet {
  published = 0
  sent = 0
  /** When each message was handed to mqtt.js (ms since the epoch), by its number. */
  readonly sentAt: number[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly acks: Promise<void>[] = []
  readonly base = Math.floor(Date.now() / 1000) * 1000 - 6 * 3600_000

  private constructor(
    private readonly client: MqttClient,
    readonly prefix: string,
    private readonly devices: number,
  ) {}

  /** `reconnectMs`: the devices' reconnect period after their connection drops. */
  static async connect(url: string, prefix: string, devices = 10, reconnectMs = 300): Promise<ReadingFleet> {
    const client = await mqtt.connectAsync(url, {
      clientId: `${prefix}-fleet-${process.pid}`,
      clean: false,
      reconnectPeriod: reconnectMs,
    })
    return new ReadingFleet(client, prefix, devices)
  }

  /** One message every `everyMs`. */
  start(everyMs = 10): void {
    this.timer = setInterval(() => {
      const i = this.sent++
      this.sentAt.push(Date.now())
      const topic = `ioc/v1/sensors/${this.prefix}-${i % this.devices}/readings`
      const payload = JSON.stringify({ ts: this.base + i * 1000, values: { pm25: i % 500 } })
      this.acks.push(this.client.publishAsync(topic, payload, { qos: 1 }).then(() => void this.published++))
    }, everyMs)
  }

  /** Stops publishing and waits until the broker acknowledged every message sent. */
  async stop(ms = 60_000): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(this.acks),
      new Promise((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`${this.sent - this.published} messages unacknowledged after ${ms / 1000} s`)),
          ms,
        )
      }),
    ])
    clearTimeout(timer)
  }

  async end(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.client.endAsync(true)
  }
}
