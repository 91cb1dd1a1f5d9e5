import type { INestApplicationContext } from '@nestjs/common'
import { IoAdapter } from '@nestjs/platform-socket.io'
import type { Server, ServerOptions } from 'socket.io'

/**
 * CORS of HTTP and Socket.IO alike: only the origins of IOC_DASHBOARD_ORIGIN may call the api
 * from another origin; none by default, since the dashboard comes from the api's own origin (or,
 * in development, through Vite's proxy, which is its origin too). Tokens travel in headers and the
 * handshake's `auth`, never in cookies, so no credentials are allowed cross-origin.
 */
export const dashboardCors = (origins: readonly string[]) =>
  origins.length === 0 ? undefined : { origin: [...origins], credentials: false, maxAge: 600 }

/** Socket.IO servers with that CORS rule, whatever the gateway's decorator says. */
export class DashboardOriginIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly origins: readonly string[],
  ) {
    super(app)
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      cors: dashboardCors(this.origins),
    } as ServerOptions) as Server
  }
}
