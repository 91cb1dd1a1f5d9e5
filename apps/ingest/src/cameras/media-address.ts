// Where the api reaches this replica's media server, kept beside its heartbeat (camera leases) so
// that the api plays each camera from the replica pulling it. Named by IOC_MEDIA_ADVERTISED_URL;
// otherwise, when the media server listens on every address (IOC_MEDIA_HOST 0.0.0.0, containers),
// this host's first external IPv4 address; on loopback nobody else can reach it: null, and the api
// uses its own IOC_MEDIA_HTTP_URL.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os'

export function advertisedMediaUrl(
  env: { IOC_MEDIA_ADVERTISED_URL?: string; IOC_MEDIA_HOST: string; IOC_MEDIA_HTTP_PORT: number },
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string | null {
  if (env.IOC_MEDIA_ADVERTISED_URL) return env.IOC_MEDIA_ADVERTISED_URL.replace(/\/+$/, '')
  if (env.IOC_MEDIA_HOST !== '0.0.0.0' && env.IOC_MEDIA_HOST !== '::') return null
  const external = Object.values(interfaces)
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)
  return external ? `http://${external.address}:${env.IOC_MEDIA_HTTP_PORT}` : null
}
