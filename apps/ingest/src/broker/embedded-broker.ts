import { createServer, type Server, type Socket } from 'node:net'
import { Duplex, pipeline } from 'node:stream'
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from 'aedes'
import { SENSOR_MAX_PAYLOAD_BYTES } from '@ioc/contracts'
import { PacketSizeGuard, PacketTooLargeError } from './packet-size-guard.js'

/** A sensor message at its largest with its topic and headers: what a device may send in one packet. */
export const DEFAULT_MAX_PACKET_BYTES = SENSOR_MAX_PAYLOAD_BYTES + 8 * 1024
/**
 * The IOC's own services publish larger messages (camera snapshots, batches of live
 * observations), and are trusted: their limit only keeps a runaway one from exhausting memory.
 */
export const SERVICE_MAX_PACKET_BYTES = 16 * 1024 * 1024

export interface BrokerAccess {
  /** True when these credentials may connect. */
  authenticate(clientId: string, username: string | undefined, password: Buffer | undefined): Promise<boolean>
  /** True when this connection may publish on this topic. */
  mayPublish(username: string | undefined, topic: string): boolean
  /** True when this connection may subscribe to this filter. */
  maySubscribe(username: string | undefined, filter: string): boolean
  /** True for the IOC's own services, which get SERVICE_MAX_PACKET_BYTES instead of the device limit. */
  isService(username: string | undefined): boolean
}

/** Everyone may connect and publish: only for tests of something else. */
export const openAccess: BrokerAccess = {
  authenticate: async () => true,
  mayPublish: () => true,
  maySubscribe: () => true,
  isService: () => true,
}

export interface EmbeddedBroker {
  url: string
  port: number
  broker: Aedes
  stop(): Promise<void>
}

/**
 * The aedes broker on a TCP port of its own (not Mosquitto's 1883), for `npm run demo` and tests.
 * Access rules come from outside so the same broker serves open tests and device authentication.
 */
export async function startEmbeddedBroker(options: {
  port: number
  host?: string
  access?: BrokerAccess
  /** The largest packet a device (or anyone not yet logged in) may send; DEFAULT_MAX_PACKET_BYTES. */
  maxPacketBytes?: number
  log?: (line: string) => void
}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1'
  const access = options.access ?? openAccess
  const maxPacketBytes = options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES
  // A frozen subscriber must not stall delivery to everyone else.
  const broker = await Aedes.createBroker({ drainTimeout: 10_000, heartbeatInterval: 60_000 })
  const usernames = new WeakMap<Client, string | undefined>()
  const guards = new WeakMap<Duplex, PacketSizeGuard>()

  broker.authenticate = (client, username, password, done) => {
    access
      .authenticate(client.id, username, password)
      .then((ok) => {
        if (ok) {
          usernames.set(client, username)
          const guard = guards.get(client.conn as Duplex)
          if (guard && access.isService(username))
            guard.limit = Math.max(guard.limit, SERVICE_MAX_PACKET_BYTES)
          return done(null, true)
        }
        const error = new Error('bad user name or password') as AuthenticateError
        error.returnCode = 4
        done(error, false)
      })
      .catch((err: Error) => {
        const error = new Error(`authentication unavailable: ${err.message}`) as AuthenticateError
        error.returnCode = 3
        done(error, false)
      })
  }
  broker.authorizePublish = (client: Client | null, packet: PublishPacket, done) => {
    // Publications by the broker itself ($SYS, wills of gone clients) have no client.
    if (!client || access.mayPublish(usernames.get(client), packet.topic)) return done(null)
    done(new Error(`not allowed to publish on ${packet.topic}`))
  }

  broker.authorizeSubscribe = (client, subscription, done) => {
    // a null subscription is refused in the SUBACK (0x80) without dropping the connection
    done(null, access.maySubscribe(usernames.get(client), subscription.topic) ? subscription : null)
  }

  // aedes reads the guard, and writes to the socket itself
  const connect = (socket: Socket) => {
    const guard = new PacketSizeGuard(maxPacketBytes)
    const conn = Duplex.from({ readable: guard, writable: socket })
    guards.set(conn, guard)
    // an oversize packet destroys the socket (and with it aedes' client) before its body is read
    pipeline(socket, guard, (err) => {
      if (err instanceof PacketTooLargeError) {
        options.log?.(`connection from ${socket.remoteAddress ?? '?'} closed: ${err.message}`)
      }
    })
    broker.handle(conn)
  }
  const server: Server = createServer(connect)
  await new Promise<void>((ok, fail) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${options.port} is already in use (another IOC instance?); stop it or set IOC_EMBEDDED_MQTT_PORT`,
            )
          : err,
      ),
    )
    server.listen(options.port, host, () => ok())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    url: `mqtt://${host}:${port}`,
    port,
    broker,
    async stop() {
      await new Promise<void>((ok) => broker.close(() => ok()))
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}
