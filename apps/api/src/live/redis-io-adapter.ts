import { Logger, type INestApplicationContext } from '@nestjs/common'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient, type RedisClientType } from 'redis'
import type { Server, ServerOptions } from 'socket.io'
import { maskUrlPassword } from '@ioc/config'
import { DashboardOriginIoAdapter } from '../common/dashboard-origins.js'
import { deploymentId } from '../messaging/deployment-id.js'

/** How long start-up waits for Redis before it fails with a clear message. */
const CONNECT_TIMEOUT_MS = 10_000

/**
 * Socket.IO across api replicas through Redis Streams (REDIS_URL): an emit to a room on one
 * replica reaches the clients of every replica. The streams adapter, unlike the pub/sub one,
 * resumes after a Redis hiccup without losing packets and supports connection state recovery
 * (docs/architecture.md). Stream and channels are named after the deployment, so two
 * deployments (or test runs) on one Redis never see each other's packets.
 */
export class RedisStreamsIoAdapter extends DashboardOriginIoAdapter {
  private constructor(
    app: INestApplicationContext,
    private readonly client: RedisClientType,
    private readonly prefix: string,
    origins: readonly string[],
  ) {
    super(app, origins)
  }

  static async connect(
    app: INestApplicationContext,
    redisUrl: string,
    databaseUrl: string,
    origins: readonly string[],
  ): Promise<RedisStreamsIoAdapter> {
    const logger = new Logger('live')
    const client: RedisClientType = createClient({ url: redisUrl })
    let lastError = ''
    // without a listener an error event would end the process; node-redis reconnects by itself
    client.on('error', (err: Error) => {
      if (err.message !== lastError) logger.warn(`redis ${maskUrlPassword(redisUrl)}: ${err.message}`)
      lastError = err.message
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(
        () =>
          fail(
            new Error(`Redis at ${maskUrlPassword(redisUrl)} did not answer within ${CONNECT_TIMEOUT_MS} ms`),
          ),
        CONNECT_TIMEOUT_MS,
      )
    })
    try {
      await Promise.race([client.connect(), timeout])
    } catch (err) {
      client.destroy()
      throw err
    } finally {
      clearTimeout(timer)
    }
    logger.log(
      `live push shared with the other replicas through Redis Streams at ${maskUrlPassword(redisUrl)}`,
    )
    return new RedisStreamsIoAdapter(app, client, `ioc-live-${deploymentId(databaseUrl)}`, origins)
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server
    server.adapter(
      createAdapter(this.client, {
        streamName: this.prefix,
        channelPrefix: this.prefix,
        // every event is JSON: skip the adapter's search for binary attachments
        onlyPlaintext: true,
        // a closing replica waits at most this long for its blocked stream read to return
        blockTimeInMs: 2_000,
      }),
    )
    return server
  }

  override async dispose(): Promise<void> {
    await super.dispose()
    if (this.client.isOpen) await this.client.close()
  }
}
