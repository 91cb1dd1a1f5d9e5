import { createHash } from 'node:crypto'
import { streams } from '@ioc/contracts'
import { verifySecret, type DevicesRepository } from '@ioc/db'
import type { BrokerAccess } from './embedded-broker.js'

export interface DeviceAccessOptions {
  devices: DevicesRepository
  /** The IOC's own services (ingest, api) log in with this user name and password. */
  serviceUser: string
  servicePassword: string
  /** How long a verified device login is remembered: scrypt is slow on purpose. */
  cacheMs?: number
}

/**
 * The embedded broker's rule, the same as infra/mosquitto's ACL: a device logs in with its id and
 * its own password and publishes only on `ioc/v1/sensors/{its id}/readings`; the services may do
 * anything. Nobody gets in anonymously.
 */
export class DeviceAccess implements BrokerAccess {
  // device id -> digest of the password last verified, so a reconnect skips scrypt
  private readonly verified = new Map<string, { digest: string; until: number }>()

  constructor(private readonly options: DeviceAccessOptions) {}

  async authenticate(
    _clientId: string,
    username: string | undefined,
    password: Buffer | undefined,
  ): Promise<boolean> {
    if (!username || !password) return false
    const given = password.toString('utf8')
    if (username === this.options.serviceUser) return given === this.options.servicePassword
    const digest = createHash('sha256').update(given).digest('base64')
    const cached = this.verified.get(username)
    if (cached && cached.until > Date.now() && cached.digest === digest) return true
    const hash = await this.options.devices.passwordHash(username)
    if (!hash || !(await verifySecret(given, hash))) return false
    this.verified.set(username, { digest, until: Date.now() + (this.options.cacheMs ?? 60_000) })
    return true
  }

  isService(username: string | undefined): boolean {
    return username === this.options.serviceUser
  }

  /** Devices send, they do not listen in on others. */
  maySubscribe(username: string | undefined): boolean {
    return this.isService(username)
  }

  mayPublish(username: string | undefined, topic: string): boolean {
    if (this.isService(username)) return true
    return username !== undefined && topic === streams.sensorReadings.topic({ deviceId: username })
  }
}
