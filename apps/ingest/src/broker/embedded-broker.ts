import { createServer, type Server } from 'node:net'
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from 'aedes'

export interface BrokerAccess {
  /** True when these credentials may connect. */
  authenticate(clientId: string, username: string | undefined, password: Buffer | undefined): Promise<boolean>
  /** True when this connection may publish on this topic. */
  mayPublish(username: string | undefined, topic: string): boolean
  /** True when this connection may subscribe to this filter. */
  maySubscribe(username: string | undefined, filter: string): boolean
}

/** Everyone may connect and publish: only for tests of something else. */
export const openAccess: BrokerAccess = {
  authenticate: async () => true,
  mayPublish: () => true,
  maySubscribe: () => true,
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
}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1'
  const access = options.access ?? openAccess
  // A frozen subscriber must not stall delivery to everyone else.
  const broker = await Aedes.createBroker({ drainTimeout: 10_000, heartbeatInterval: 60_000 })
  const usernames = new WeakMap<Client, string | undefined>()

  broker.authenticate = (client, username, password, done) => {
    access
      .authenticate(client.id, username, password)
      .then((ok) => {
        if (ok) {
          usernames.set(client, username)
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

  const server: Server = createServer(broker.handle)
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
