// Where a tile's live video comes from. Browsers allow six HTTP/1.1 connections per host, so a
// seventh HTTP-FLV tile stalls (flv.js #295, mpegts.js #62); WebSocket connections do not count
// against that limit. The api relays the same FLV over a WebSocket upgrade of the same path.
import { liveFlvSource } from '@ioc/contracts'

export type LiveTransport = 'websocket' | 'http'

/** The api answers the WebSocket upgrade of live.flv: the wall plays over WebSocket. */
export const liveTransport: LiveTransport = 'websocket'

export function liveFlvUrl(
  origin: string,
  cameraId: string,
  token: string,
  transport: LiveTransport = liveTransport,
): string {
  const url = new URL(`/api/cameras/${encodeURIComponent(cameraId)}/live.flv`, origin)
  url.searchParams.set('token', token)
  if (transport === 'websocket') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

export function snapshotUrl(origin: string, cameraId: string, token: string, bust: number): string {
  const url = new URL(`/api/cameras/${encodeURIComponent(cameraId)}/snapshot.jpg`, origin)
  url.searchParams.set('token', token)
  // a new address a retry, or the browser shows its cached picture
  url.searchParams.set('t', String(bust))
  return url.toString()
}

/** mpegts.js' MediaDataSource for a camera. */
export function liveMediaSource(url: string) {
  return { ...liveFlvSource, url }
}
